import { readdirSync } from "node:fs";
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Every folder of lib/sandbox but dialects/ is one host's emulator: derived, so a new host is covered.
const SANDBOX_HOSTS = readdirSync(new URL("./lib/sandbox/", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== "dialects")
  .map((entry) => entry.name);

// Likewise every folder of lib/providers but dialects/ is one host's adapter.
const PROVIDER_HOSTS = readdirSync(new URL("./lib/providers/", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== "dialects")
  .map((entry) => entry.name);

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
    // An emulator that imports its adapter agrees with the adapter's bugs by construction; one that
    // imports a sibling host's folder makes that host's quirks its own. Each keeps its own tables.
    files: ["lib/sandbox/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/providers/*", "../providers/*", "../../providers/*", "!@/lib/providers/catalog"],
              message:
                "An emulator never imports adapter code (lib/providers; its catalog of host ids is data, not code): it keeps its own tables from PROVIDERS.md, so it checks the adapter (tests/unit/sandbox-tables.test.ts).",
            },
            {
              group: SANDBOX_HOSTS.flatMap((host) => [`../${host}`, `../${host}/*`]),
              message: "An emulator never imports a sibling host's folder: what hosts share through a common wire dialect lives in lib/sandbox/dialects/.",
            },
          ],
        },
      ],
    },
  },
  {
    // A host's module holds that host only: what hosts share (a wire dialect) lives in
    // lib/providers/dialects/, so one host's quirk never silently becomes another's.
    files: ["lib/providers/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: PROVIDER_HOSTS.flatMap((host) => [`../${host}`, `../${host}/*`, `../../${host}`, `../../${host}/*`, `@/lib/providers/${host}`, `@/lib/providers/${host}/*`]),
              message: "A host's module never imports another host's folder (nor does a dialect): what hosts share lives in lib/providers/dialects/.",
            },
            {
              group: ["@/lib/sandbox/*/*", "../sandbox/*/*", "../../sandbox/*/*"],
              message: "An adapter never imports an emulator: each keeps its own tables, so each checks the other.",
            },
          ],
        },
      ],
    },
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
