import { defineConfig } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * End-to-end tests drive the production build (`next build` runs first in `npm test`) in Chromium,
 * as a new user: a fresh data directory, no API keys, every host in sandbox mode. With
 * TEST_DATABASE_URL set (CI), the same tests run a second time against PostgreSQL.
 */
const basePort = Number(process.env.E2E_PORT ?? 3210);
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const executablePath = process.env.CHROMIUM_PATH ?? systemChromium;

// The config is evaluated again in each worker: keep the directories and database of the first run.
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "flux-e2e-"));
if (process.env.TEST_DATABASE_URL && !process.env.E2E_DATABASE_URL) {
  const name = `flux_e2e_${process.pid}_${Date.now()}`;
  execFileSync(process.execPath, ["-e", `const pg=require("pg");const c=new pg.Client({connectionString:process.argv[1]});c.connect().then(()=>c.query("create database ${name}")).then(()=>c.end())`, process.env.TEST_DATABASE_URL]);
  const url = new URL(process.env.TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  process.env.E2E_DATABASE_URL = url.toString();
  process.env.E2E_PG_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "flux-e2e-pg-"));
}

const backends = [
  { name: "pglite", port: basePort, dataDir: process.env.E2E_DATA_DIR, databaseUrl: undefined },
  ...(process.env.E2E_DATABASE_URL
    ? [{ name: "postgres", port: basePort + 1, dataDir: process.env.E2E_PG_DATA_DIR!, databaseUrl: process.env.E2E_DATABASE_URL }]
    : []),
];

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: backends.map((b) => ({ name: b.name, use: { baseURL: `http://127.0.0.1:${b.port}` } })),
  webServer: backends.map((b) => ({
    command: `npx next start -p ${b.port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${b.port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      DATA_DIR: b.dataDir,
      ...(b.databaseUrl ? { DATABASE_URL: b.databaseUrl } : {}),
      PORT: String(b.port),
      // A new user: no host has a key, so every host is its sandbox.
      ...Object.fromEntries(
        ["bfl", "fal", "replicate", "runware", "runflow", "lumenfall", "apiframe", "together"]
          .flatMap((id) => [`${id.toUpperCase()}_API_KEY`, `${id.toUpperCase()}_BASE_URL`])
          .concat(["FAL_KEY", "REPLICATE_API_TOKEN"])
          .map((name) => [name, ""]),
      ),
      SANDBOX_LATENCY_MS: "1200",
      JOB_POLL_INTERVAL_MS: "100",
    },
  })),
});
