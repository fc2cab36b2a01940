import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stat } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { rowsOf } from "@/lib/db/queries";
import { users } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { currentUserId } from "@/lib/auth/current-user";
import { userKeyBalance } from "@/lib/keys/balance";
import { LOCAL_SECRET_FILE } from "@/lib/keys/secret";
import { providersForUser, setUserKey } from "@/lib/keys/service";
import { getInspector } from "@/lib/jobs/inspector";
import { runGeneration } from "@/lib/jobs/runner";
import { createGeneration, getGenerationDto, prepareGeneration } from "@/lib/jobs/service";
import { createComparison } from "@/lib/compare/service";
import { SANDBOX_CREDITS } from "@/lib/sandbox/bfl";
import * as keysRoute from "@/app/api/v1/keys/route";
import * as keyRoute from "@/app/api/v1/keys/[provider]/route";
import * as balanceRoute from "@/app/api/v1/keys/[provider]/balance/route";
import * as providersRoute from "@/app/api/v1/providers/route";
import { startSandboxServer, type SandboxServer } from "./helpers/sandbox-server";
import { backends, createTestData, type TestData } from "./helpers/test-database";
import { useAppEnv } from "./helpers/app-env";
import { TEAM_ENV } from "./helpers/team";

/** Bring your own key: stored encrypted, never shown, used first; and the balance behind it. */

const USER_KEY = "bfl-user-key-0123456789-abcd";
const SERVER_KEY = "bfl-server-key-9876543210-wxyz";

/** Every encoding of a key that must never be found at rest or in an answer. */
const encodingsOf = (key: string) => [key, Buffer.from(key).toString("base64"), Buffer.from(key).toString("base64url"), Buffer.from(key).toString("hex")];

function expectNoKey(text: string, key = USER_KEY) {
  for (const form of encodingsOf(key)) expect(text).not.toContain(form);
}

const params = (provider: string) => ({ params: Promise.resolve({ provider }) });
const put = (provider: string, body: unknown) =>
  keyRoute.PUT(new Request(`http://app/api/v1/keys/${provider}`, { method: "PUT", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) }), params(provider));
const del = (provider: string) => keyRoute.DELETE(new Request(`http://app/api/v1/keys/${provider}`, { method: "DELETE" }), params(provider));
const balance = (provider: string) => balanceRoute.GET(new Request(`http://app/api/v1/keys/${provider}/balance`), params(provider));

async function rawRows(table: "user_keys" | "generations" | "generation_tasks"): Promise<Record<string, unknown>[]> {
  const db = await getDb();
  return rowsOf(await db.execute(sql.raw(`select * from ${table}`)));
}

/** Keys that reached the host, per request path (image downloads carry none). */
function keyRecorder() {
  const seen: { path: string; key: string | null }[] = [];
  return {
    seen,
    onRequest: (request: Request) => {
      const url = new URL(request.url);
      if (!url.pathname.includes("/delivery/")) seen.push({ path: url.pathname, key: request.headers.get("x-key") });
    },
    clear: () => seen.splice(0),
  };
}

describe.each(backends())("own keys, local mode, on %s", (backend) => {
  let server: SandboxServer;
  let data: TestData;
  let env: { restore: () => Promise<void> };
  let userId: string;
  const recorder = keyRecorder();

  beforeAll(async () => {
    server = await startSandboxServer({ onRequest: recorder.onRequest });
    data = await createTestData(backend);
    // BFL's base URL at the emulator: a user key makes BFL "live" there, never at the real host.
    env = await useAppEnv(data, { APP_URL: server.origin, BFL_BASE_URL: server.baseUrl("bfl"), SANDBOX_LATENCY_MS: "100", JOB_POLL_INTERVAL_MS: "50", JOB_DEADLINE_MS: "20000" });
    userId = await currentUserId();
  }, 180_000);
  afterAll(async () => {
    await env.restore();
    await server.close();
    await data.dispose();
  });

  it("stores a key encrypted, lists it masked, replaces and deletes it", async () => {
    expect(await (await keysRoute.GET()).json()).toEqual([]);
    // Whitespace around a key is refused (as for the server's keys), never silently trimmed.
    const padded = await put("bfl", { apiKey: `  ${USER_KEY}\n` });
    expect(padded.status).toBe(400);
    expect((await padded.json()).error.issues).toEqual([{ path: "apiKey", message: expect.stringMatching(/^apiKey starts or ends with whitespace/) }]);
    expect((await put("bfl", { apiKey: USER_KEY })).status).toBe(204);

    const listed = await keysRoute.GET();
    const text = await listed.text();
    expectNoKey(text);
    expect(JSON.parse(text)).toEqual([{ provider: "bfl", last4: "abcd", updatedAt: expect.any(String) }]);

    const [row] = await rawRows("user_keys");
    expect(row).toMatchObject({ user_id: userId, provider: "bfl", last4: "abcd" });
    expectNoKey(JSON.stringify(row));
    // The secret of a local instance with no configuration: made once, readable by its owner only.
    expect((await stat(path.join(data.dataDir, LOCAL_SECRET_FILE))).mode & 0o777).toBe(0o600);

    expect((await put("bfl", { apiKey: "bfl-replacement-key-5678" })).status).toBe(204);
    expect((await (await keysRoute.GET()).json()).map((k: { last4: string }) => k.last4)).toEqual(["5678"]);
    expect(await rawRows("user_keys")).toHaveLength(1);

    expect((await del("bfl")).status).toBe(204);
    const again = await del("bfl");
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ error: { code: "not_found", message: "You have no key for Black Forest Labs" } });
    expect(await rawRows("user_keys")).toHaveLength(0);
  });

  it.each([
    ["a control character", { apiKey: "abcd\u0007efgh1234" }, /control character at position 5/],
    ["a line break inside", { apiKey: "abcd\nefgh1234" }, /control character/],
    ["an absurd length", { apiKey: "k".repeat(10_000) }, /10000 characters long; a host key has at most 512/],
    ["too short", { apiKey: "abc" }, /too short/],
    ["no apiKey", {}, /apiKey is required/],
    ["a number", { apiKey: 12345678 }, /apiKey is required/],
    ["an unknown field", { apiKey: "abcdefgh1234", key: "x" }, /Unknown field "key"/],
  ])("refuses %s with a 400 that says why", async (_what, body, message) => {
    const res = await put("bfl", body);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("invalid_request");
    expect(error.message).toMatch(message);
    expect(error.issues?.[0]?.path).toBe(Object.keys(body).includes("key") ? "key" : "apiKey");
  });

  it("refuses a body that is not JSON, and an unknown host naming the hosts", async () => {
    expect((await put("bfl", "{not json")).status).toBe(400);
    const res = await put("midjourney", { apiKey: "abcdefgh1234" });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toEqual({ code: "not_found", message: 'No host "midjourney": hosts are bfl, fal, replicate, runware, runflow, lumenfall, apiframe, together' });
    expect((await del("midjourney")).status).toBe(404);
    expect((await balance("midjourney")).status).toBe(404);
  });

  it("runs with the user's key: the host receives it, nothing stored or shown holds it", async () => {
    expect((await put("bfl", { apiKey: USER_KEY })).status).toBe(204);
    const hosts = await (await providersRoute.GET()).text();
    expectNoKey(hosts);
    const bfl = JSON.parse(hosts).providers.find((p: { id: string }) => p.id === "bfl");
    expect(bfl).toMatchObject({ mode: "live", keySource: "user", userKeyLast4: "abcd", problem: null });

    recorder.clear();
    const created = await createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "own key", width: 256, height: 256, num_images: 2, seed: 3 } }, userId);
    if (!created.ok) throw new Error(created.message);
    await runGeneration(created.id);
    const dto = (await getGenerationDto(created.id, userId))!;
    expect(dto).toMatchObject({ status: "succeeded", sandbox: false, keySource: "user" });
    // Two submits and their polls, all with the user's key.
    expect(recorder.seen.filter((r) => r.path.endsWith("/v1/flux-pro-1.1"))).toHaveLength(2);
    expect(new Set(recorder.seen.map((r) => r.key))).toEqual(new Set([USER_KEY]));

    const inspector = (await getInspector(created.id, userId))!;
    expect(inspector.tasks[0].request?.headers["x-key"]).toBe("<redacted>");
    expect(inspector.tasks[0].exchanges.length).toBeGreaterThan(1);
    for (const text of [JSON.stringify(dto), JSON.stringify(inspector), JSON.stringify(await rawRows("generations")), JSON.stringify(await rawRows("generation_tasks"))]) {
      expectNoKey(text);
    }
  });

  it("a host refusing the user's key says to fix it on /keys, not in the server's environment", async () => {
    expect((await put("bfl", { apiKey: USER_KEY })).status).toBe(204);
    const created = await createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "refused", width: 256, height: 256 } }, userId);
    if (!created.ok) throw new Error(created.message);
    process.env.SANDBOX_FAULT = "auth";
    resetEnvCache();
    try {
      await runGeneration(created.id);
    } finally {
      delete process.env.SANDBOX_FAULT;
      resetEnvCache();
    }
    const { error } = (await getGenerationDto(created.id, userId))!;
    expect(error?.code).toBe("auth");
    expect(error?.message).toMatch(/^BFL rejected the API key \(HTTP 403\).*It was your own key: check it and set it again on \/keys\.$/);
    expect(error?.message).not.toContain("BFL_API_KEY");
  });

  it("fails a run with `auth` when its key was deleted before it ran", async () => {
    expect((await put("bfl", { apiKey: USER_KEY })).status).toBe(204);
    const created = await createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "orphan", width: 256, height: 256 } }, userId);
    if (!created.ok) throw new Error(created.message);
    expect((await del("bfl")).status).toBe(204);
    await runGeneration(created.id);
    const dto = (await getGenerationDto(created.id, userId))!;
    expect(dto.status).toBe("failed");
    expect(dto.keySource).toBe("user");
    expect(dto.error).toEqual({ code: "auth", message: expect.stringMatching(/your own key for Black Forest Labs, which was deleted meanwhile/) });
  });

  it("without the user's key, a base URL with no key anywhere is misconfigured, never the sandbox", async () => {
    const prepared = await prepareGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "x" } }, userId);
    expect(prepared.ok).toBe(false);
    expect(!prepared.ok && prepared.message).toMatch(/BFL_BASE_URL is set but no key is: set BFL_API_KEY \(or your own key on \/keys\)/);
    const bfl = (await providersForUser(userId)).find((p) => p.id === "bfl")!;
    expect(bfl).toMatchObject({ mode: "misconfigured", keySource: "sandbox", userKeyLast4: null });
  });

  it("counts a comparison cell on the user's key as billable", async () => {
    expect((await put("bfl", { apiKey: USER_KEY })).status).toBe(204);
    const created = await createComparison({ model: "flux-pro-1.1", providers: ["bfl", "fal"], seeds: [1], params: { prompt: "x", width: 256, height: 256 } }, userId);
    if (!created.ok) throw new Error(created.message);
    expect(created.estimate.billableUsd).toBe(0.04);
    const cells = await Promise.all(created.generations.map((g) => getGenerationDto(g.id, userId)));
    expect(cells.map((c) => [c!.provider, c!.keySource, c!.sandbox])).toEqual([
      ["bfl", "user", false],
      ["fal", "sandbox", true],
    ]);
    await Promise.all(created.generations.map((g) => runGeneration(g.id)));
  });

  describe("balance", () => {
    it("asks BFL's /v1/credits with the user's key", async () => {
      expect((await put("bfl", { apiKey: USER_KEY })).status).toBe(204);
      recorder.clear();
      const res = await balance("bfl");
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ provider: "bfl", credits: SANDBOX_CREDITS, usd: SANDBOX_CREDITS / 100, checkedAt: expect.any(String) });
      expect(recorder.seen).toEqual([{ path: "/api/sandbox/bfl/v1/credits", key: USER_KEY }]);
    });

    it("says plainly when the host has no balance endpoint, or the user no key", async () => {
      const none = await balance("replicate");
      expect(none.status).toBe(404);
      expect((await none.json()).error.message).toBe("Balance is not available for Replicate: the host has no balance endpoint (hosts with one: bfl)");
      expect((await del("bfl")).status).toBe(204);
      const noKey = await balance("bfl");
      expect(noKey.status).toBe(404);
      expect((await noKey.json()).error.message).toMatch(/You have no key for Black Forest Labs/);
    });

    it("maps the host's refusal of the key and its failures", async () => {
      expect((await put("bfl", { apiKey: USER_KEY })).status).toBe(204);
      const withFault = async (fault: string) => {
        process.env.SANDBOX_FAULT = fault;
        resetEnvCache();
        try {
          return await userKeyBalance(userId, "bfl");
        } finally {
          delete process.env.SANDBOX_FAULT;
          resetEnvCache();
        }
      };
      expect(await withFault("auth")).toEqual({ ok: false, status: 422, message: "Black Forest Labs rejected your key (HTTP 403): check it and set it again" });
      expect(await withFault("credits")).toMatchObject({ ok: true, balance: { credits: 0, usd: 0 } });
      expect(await withFault("server_error")).toMatchObject({ ok: false, status: 502, message: expect.stringMatching(/HTTP 500/) });
    });

    it("the BFL emulator answers /v1/credits like BFL's other paths: 403 without a key", async () => {
      const res = await fetch(`${server.baseUrl("bfl")}/v1/credits`);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ detail: "Not authenticated - Invalid Authentication" });
      const ok = await fetch(`${server.baseUrl("bfl")}/v1/credits`, { headers: { "x-key": "anything" } });
      expect(await ok.json()).toEqual({ credits: SANDBOX_CREDITS });
    });
  });
});

// Team mode, with the server's keys lent to users who have none (the tests switch it off too).
const TEAM_KEYS_ENV = { ...TEAM_ENV, AUTH_SHARE_SERVER_KEYS: "true" };

describe.each(backends())("key precedence in team mode, on %s", (backend) => {
  let server: SandboxServer;
  let data: TestData;
  let env: { restore: () => Promise<void> };
  const saved = Object.fromEntries(Object.keys(TEAM_KEYS_ENV).map((k) => [k, process.env[k]]));
  const recorder = keyRecorder();

  const setShare = (share: boolean) => {
    process.env.AUTH_SHARE_SERVER_KEYS = String(share);
    resetEnvCache();
  };
  const keySourceOf = async (userId: string, provider = "bfl") => {
    const prepared = await prepareGeneration({ model: "flux-pro-1.1", provider, params: { prompt: "x" } }, userId);
    if (!prepared.ok) throw new Error(prepared.message);
    return [prepared.generation.keySource, prepared.generation.sandbox];
  };

  beforeAll(async () => {
    server = await startSandboxServer({ onRequest: recorder.onRequest });
    data = await createTestData(backend);
    env = await useAppEnv(data, {
      ...TEAM_KEYS_ENV,
      APP_URL: server.origin,
      // The server's key, at the emulator standing for api.bfl.ai.
      BFL_API_KEY: SERVER_KEY,
      BFL_BASE_URL: server.baseUrl("bfl"),
      SANDBOX_LATENCY_MS: "100",
      JOB_POLL_INTERVAL_MS: "50",
      JOB_DEADLINE_MS: "20000",
    });
    await (await getDb()).insert(users).values([
      { id: "alice", name: "Alice", email: "alice@example.test" },
      { id: "bob", name: "Bob", email: "bob@example.test" },
    ]);
    const set = await setUserKey("alice", "bfl", { apiKey: USER_KEY });
    if (!set.ok) throw new Error(set.message);
  }, 180_000);
  afterAll(async () => {
    await env.restore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
    await server.close();
    await data.dispose();
  });

  it("uses the user's key, else the shared server key, else the sandbox", async () => {
    setShare(true);
    expect(await keySourceOf("alice")).toEqual(["user", false]);
    expect(await keySourceOf("bob")).toEqual(["server", false]);
    expect(await keySourceOf("bob", "fal")).toEqual(["sandbox", true]);
    const bob = (await providersForUser("bob")).find((p) => p.id === "bfl");
    expect(bob).toMatchObject({ mode: "live", keySource: "server", userKeyLast4: null });
  });

  it("with AUTH_SHARE_SERVER_KEYS=false, a user without a key gets the sandbox", async () => {
    setShare(false);
    expect(await keySourceOf("alice")).toEqual(["user", false]);
    expect(await keySourceOf("bob")).toEqual(["sandbox", true]);
    const [alice, bob] = await Promise.all([providersForUser("alice"), providersForUser("bob")]);
    expect(alice.find((p) => p.id === "bfl")).toMatchObject({ mode: "live", keySource: "user", userKeyLast4: "abcd" });
    expect(bob.find((p) => p.id === "bfl")).toMatchObject({ mode: "sandbox", keySource: "sandbox" });
    setShare(true);
  });

  it("a base URL without a server key is where users' own keys go: a user without one has the sandbox", async () => {
    const before = process.env.BFL_API_KEY;
    delete process.env.BFL_API_KEY;
    resetEnvCache();
    try {
      expect(await keySourceOf("alice")).toEqual(["user", false]);
      expect(await keySourceOf("bob")).toEqual(["sandbox", true]);
      expect((await providersForUser("bob")).find((p) => p.id === "bfl")).toMatchObject({ mode: "sandbox", keySource: "sandbox", problem: null });
    } finally {
      process.env.BFL_API_KEY = before;
      resetEnvCache();
    }
  });

  it("each run reaches the host with its own key, and records only where the key came from", async () => {
    setShare(true);
    recorder.clear();
    const runAs = async (userId: string) => {
      const created = await createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: `as ${userId}`, width: 256, height: 256 } }, userId);
      if (!created.ok) throw new Error(created.message);
      await runGeneration(created.id);
      return (await getGenerationDto(created.id, userId))!;
    };
    const a = await runAs("alice");
    const aliceKeys = new Set(recorder.seen.map((r) => r.key));
    recorder.clear();
    const b = await runAs("bob");
    expect([a.status, a.keySource, b.status, b.keySource]).toEqual(["succeeded", "user", "succeeded", "server"]);
    expect(aliceKeys).toEqual(new Set([USER_KEY]));
    expect(new Set(recorder.seen.map((r) => r.key))).toEqual(new Set([SERVER_KEY]));
    const stored = JSON.stringify([await rawRows("generations"), await rawRows("generation_tasks"), await getInspector(a.id, "alice"), await getInspector(b.id, "bob")]);
    expectNoKey(stored, USER_KEY);
    expectNoKey(stored, SERVER_KEY);
  });

  it("a row copied to another user does not decrypt: that user's runs are refused, not sent with another key", async () => {
    const db = await getDb();
    await db.execute(sql`insert into user_keys (user_id, provider, ciphertext, last4) select 'bob', provider, ciphertext, last4 from user_keys where user_id = 'alice' and provider = 'bfl'`);
    const prepared = await prepareGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "x" } }, "bob");
    expect(prepared.ok).toBe(false);
    expect(!prepared.ok && prepared.message).toMatch(/Your stored key for Black Forest Labs cannot be decrypted/);
    await db.execute(sql`delete from user_keys where user_id = 'bob'`);
  });

  it("a run that started on the server's key fails with `auth` if that key is gone when it runs", async () => {
    setShare(true);
    const created = await createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "server gone", width: 256, height: 256 } }, "bob");
    if (!created.ok) throw new Error(created.message);
    const before = process.env.BFL_API_KEY;
    delete process.env.BFL_API_KEY;
    resetEnvCache();
    try {
      await runGeneration(created.id);
    } finally {
      process.env.BFL_API_KEY = before;
      resetEnvCache();
    }
    const dto = (await getGenerationDto(created.id, "bob"))!;
    expect(dto).toMatchObject({ status: "failed", keySource: "server", error: { code: "auth" } });
    expect(dto.error!.message).toMatch(/server's key for Black Forest Labs/);
  });
});
