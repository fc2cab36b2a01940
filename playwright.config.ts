import { defineConfig } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { OIDC_CLIENT } from "./tests/support/oidc-client";
import { imageSitePort } from "./tests/support/image-site";
import { HOST_VARIABLES } from "./lib/providers/catalog";

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

process.env.E2E_TEAM_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "flux-e2e-team-"));
process.env.E2E_SANDBOX_HOST_DIR ??= mkdtempSync(path.join(os.tmpdir(), "flux-e2e-host-"));

// Team mode signs in through a real OpenID Connect issuer on loopback (tests/support/oidc-server.ts).
// Its origin is `localhost`: Next reports a loopback IP as localhost, and Auth.js's callback URL must match.
const teamPort = basePort + 2;
const oidcPort = basePort + 90;
const sandboxHostPort = basePort + 91;
// The image-prompt-by-URL spec's website on loopback, exempted from the address guard like an intranet.
const imageSite = `127.0.0.1:${imageSitePort(basePort)}`;
const teamOrigin = `http://localhost:${teamPort}`;
const TEAM_SPECS = /(accounts|team-accessibility)\.spec\.ts$/;
// Also run against `npm run dev` (the "dev" project starts it, on basePort + 3): what must hold in both.
const DEV_SPECS = /dev-and-production\.spec\.ts$/;
// The PostgreSQL run repeats what the UI reads through the database's own SQL (history filters,
// zones and paging; the gallery's pages, favourites and deletes); everything else goes through the
// same queries on both, and the integration suite runs all of it on PostgreSQL too.
const DATABASE_SPECS = /\/(history|gallery)\.spec\.ts$/;
const devPort = basePort + 3;
const localAuth = Object.fromEntries(
  ["AUTH_SECRET", "AUTH_URL", "AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET", "AUTH_GOOGLE_ID", "AUTH_GOOGLE_SECRET", "AUTH_OIDC_ISSUER", "AUTH_OIDC_ID", "AUTH_OIDC_SECRET"].map((name) => [name, ""]),
);
const teamAuth = {
  AUTH_SECRET: "e2e-team-secret-e2e-team-secret-e2e-team",
  AUTH_URL: teamOrigin,
  AUTH_OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
  AUTH_OIDC_ID: OIDC_CLIENT.id,
  AUTH_OIDC_SECRET: OIDC_CLIENT.secret,
  AUTH_OIDC_NAME: "Test SSO",
  AUTH_ADMIN_EMAILS: "admin@example.test",
  AUTH_ALLOWED_EMAIL_DOMAINS: "example.test",
  KEYS_ENCRYPTION_SECRET: "e2e-keys-secret-e2e-keys-secret-e2e-keys",
  // Users' own BFL keys go to an emulator of their own (it accepts any key), never to api.bfl.ai.
  BFL_BASE_URL: `http://127.0.0.1:${sandboxHostPort}/api/sandbox/bfl`,
};

const backends = [
  { name: "pglite", port: basePort, origin: `http://127.0.0.1:${basePort}`, dataDir: process.env.E2E_DATA_DIR, databaseUrl: undefined, auth: localAuth },
  ...(process.env.E2E_DATABASE_URL
    ? [{ name: "postgres", port: basePort + 1, origin: `http://127.0.0.1:${basePort + 1}`, dataDir: process.env.E2E_PG_DATA_DIR!, databaseUrl: process.env.E2E_DATABASE_URL, auth: localAuth }]
    : []),
  { name: "team", port: teamPort, origin: teamOrigin, dataDir: process.env.E2E_TEAM_DATA_DIR, databaseUrl: undefined, auth: teamAuth },
];

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  // Each project runs its files one at a time (they share its server and its data), but projects
  // run side by side: the team, PostgreSQL and dev servers are apart from the embedded one's.
  workers: 2,
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
  projects: [
    ...backends.map((b) => ({
      name: b.name,
      use: { baseURL: b.origin },
      workers: 1,
      ...(b.auth === teamAuth ? { testMatch: TEAM_SPECS } : b.databaseUrl ? { testMatch: DATABASE_SPECS } : { testIgnore: TEAM_SPECS }),
    })),
    // The dev server compiles on first use: slower steps, a longer timeout.
    { name: "dev", use: { baseURL: `http://127.0.0.1:${devPort}` }, testMatch: DEV_SPECS, timeout: 180_000, workers: 1 },
  ],
  webServer: [
    {
      command: `npx tsx tests/support/oidc-server.ts ${oidcPort} ${teamOrigin}`,
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npx tsx tests/support/sandbox-host.ts ${sandboxHostPort}`,
      url: `http://127.0.0.1:${sandboxHostPort}/api/sandbox/bfl/v1/credits`,
      reuseExistingServer: false,
      timeout: 60_000,
      // Its credits endpoint answers 403 without a key, which Playwright takes for "up".
      env: { DATA_DIR: process.env.E2E_SANDBOX_HOST_DIR, BFL_API_KEY: "", BFL_BASE_URL: "" },
    },
    ...backends.map((b) => ({
      // As `npm start` does (scripts/serve.mjs): idle connections outlive the client's, so a reused one is never reset.
      command: `npx next start -p ${b.port} -H 127.0.0.1 --keepAliveTimeout 65000`,
      url: `http://127.0.0.1:${b.port}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        DATA_DIR: b.dataDir,
        ...(b.databaseUrl ? { DATABASE_URL: b.databaseUrl } : {}),
        PORT: String(b.port),
        // A new user: no host has a key, so every host is its sandbox.
        ...Object.fromEntries(
          HOST_VARIABLES.map((name) => [name, ""]),
        ),
        ...b.auth,
        IMAGE_FETCH_ALLOW_HOSTS: imageSite,
        SANDBOX_LATENCY_MS: "1200",
        JOB_POLL_INTERVAL_MS: "100",
      },
    })),
  ],
});
