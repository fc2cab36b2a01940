import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL(".", import.meta.url)) },
  },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    // Two files at a time even on 2 cores (vitest's default there is one): the integration files
    // mostly wait on servers and emulated hosts, so the second file takes the idle core.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Integration suites open databases and start servers: generous, but bounded.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
