/**
 * What team mode's check costs a request: the same requests to a local-mode server and to a
 * team-mode server (PGlite), by session cookie and by personal token. The proxy resolves the
 * caller from the database, and the handler does again (its owner check), so this is two
 * primary-key lookups per request; the figures say what that adds on this machine.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchServer } from "./history";

const SAMPLES = 200;
const TEAM_ENV = {
  AUTH_SECRET: "bench-secret-bench-secret-bench-secret",
  AUTH_URL: "http://localhost:3290",
  AUTH_OIDC_ISSUER: "http://127.0.0.1:9/",
  AUTH_OIDC_ID: "bench",
  AUTH_OIDC_SECRET: "bench",
  KEYS_ENCRYPTION_SECRET: "bench-keys-bench-keys-bench-keys-bench",
};

/** A user with a session and a token, written before the server opens the (one-process) PGlite. */
async function seedCredentials(dataDir: string) {
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  const [{ resetEnvCache }, { getDb, closeDb }, schema, { hashToken, TOKEN_PREFIX }] = await Promise.all([
    import("@/lib/env"),
    import("@/lib/db/client"),
    import("@/lib/db/schema"),
    import("@/lib/auth/identity"),
  ]);
  resetEnvCache();
  const db = await getDb();
  const sessionToken = randomBytes(32).toString("hex");
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  await db.insert(schema.users).values({ id: "bench", name: "Bench", email: "bench@example.test" });
  await db.insert(schema.sessions).values({ sessionToken, userId: "bench", expires: new Date(Date.now() + 86_400_000) });
  await db.insert(schema.apiTokens).values({ id: "bench-token", userId: "bench", name: "bench", tokenHash: hashToken(token) });
  await closeDb();
  return { sessionToken, token };
}

async function timeRequests(url: string, headers: Record<string, string>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES + 10; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    if (i >= 10) times.push(performance.now() - started);
  }
  return times;
}

export async function benchAuth(server: BenchServer) {
  const api = `${server.origin}/api/v1/history/totals`;
  const page = `${server.origin}/hosts`;
  const results: Record<string, unknown> = { samples: SAMPLES };

  const localDir = mkdtempSync(path.join(os.tmpdir(), "flux-bench-auth-"));
  const local = await server.start(localDir);
  try {
    results.localApi = server.summary(await timeRequests(api, {}));
    results.localPage = server.summary(await timeRequests(page, {}));
  } finally {
    local.kill();
    await new Promise((r) => local.once("exit", r));
  }

  const teamDir = mkdtempSync(path.join(os.tmpdir(), "flux-bench-auth-"));
  const { sessionToken, token } = await seedCredentials(teamDir);
  const team = await server.start(teamDir, TEAM_ENV);
  try {
    const cookie = { cookie: `authjs.session-token=${sessionToken}` };
    results.teamApiSession = server.summary(await timeRequests(api, cookie));
    results.teamApiToken = server.summary(await timeRequests(api, { authorization: `Bearer ${token}` }));
    results.teamPageSession = server.summary(await timeRequests(page, cookie));
  } finally {
    team.kill();
  }
  return results;
}
