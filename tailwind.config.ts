// Tailwind v4 reads its theme from app/globals.css (@theme); this file is kept for editors and
// for the content globs, which v4 picks up through the @config directive in globals.css.
import type { Config } from "tailwindcss";

const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: { extend: {} },
};

export default config;
