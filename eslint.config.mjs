import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // Same files as the "next" block, which is where the react-hooks plugin is declared.
    files: ["**/*.{js,jsx,mjs,ts,tsx,mts,cts}"],
    rules: {
      // Hook misuse breaks at runtime, not at review: errors, never warnings.
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      // `const { secret: _secret, ...rest } = x` is how a field is left out of a copy.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
      // next.config sets images.unoptimized: generated images are served as stored (WebP thumbnails
      // from lib/storage), so next/image would add a wrapper and no optimisation.
      "@next/next/no-img-element": "off",
    },
  },
  {
    // CommonJS on purpose (a standalone script, a `node --require` preload): require is its import.
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Nothing here renders React: useAppEnv, useSandboxEnv, useAdapterHarness register vitest hooks.
    files: ["tests/integration/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  globalIgnores([
    ".next/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    "*.tsbuildinfo",
    ".data/**",
    ".data-*/**",
    ".ci/**",
    "bench/results/**",
    "lib/db/migrations/**",
    "test-results/**",
    "playwright-report/**",
  ]),
]);
