import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { LedgerCounts } from "@/lib/sandbox/ledger";
import { startAppServer, type AppServer } from "./helpers/app-server";
import { createTestData, type TestData } from "./helpers/test-database";

/**
 * The same Idempotency-Key twice (a double click, a retry after a dropped connection) makes one
 * generation or comparison: one after the other, at once, and across two instances sharing a
 * PostgreSQL database. The sandbox host's ledger (keyed by the run's fault-spec `#key`) proves the
 * host got one submit, whichever instance ran it.
 */
const post = (origin: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${origin}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

const generationBody = (ledgerKey: string) => ({
  model: "flux-pro-1.1",
  provider: "bfl",
  params: { prompt: "once only", width: 256, height: 256, seed: 1 },
  // No fault: the `#key` only names this run in the host's ledger.
  sandbox: { fault: `#${ledgerKey}`, latencyMs: 200 },
});

async function ledgerOf(origin: string, provider: string, ledgerKey: string): Promise<LedgerCounts> {
  return (await fetch(`${origin}/api/sandbox/${provider}/_ledger?key=${encodeURIComponent(`#${ledgerKey}`)}`)).json();
}

async function settled(origin: string, id: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const dto = await (await fetch(`${origin}/api/v1/generations/${id}`)).json();
    if (["succeeded", "failed", "canceled"].includes(dto.status)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`generation ${id} did not end`);
}

describe("Idempotency-Key on one instance (PGlite)", () => {
  let data: TestData;
  let server: AppServer;

  beforeAll(async () => {
    data = await createTestData("pglite");
    server = await startAppServer({ DATA_DIR: data.dataDir, JOB_POLL_INTERVAL_MS: "100" });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await data?.dispose();
  });

  it("a repeated key (header or body) returns the first generation; the host gets one submit", async () => {
    const key = randomUUID();
    const ledgerKey = randomUUID();
    const first = await post(server.origin, "/api/v1/generations", generationBody(ledgerKey), { "Idempotency-Key": key });
    expect(first.status).toBe(202);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const { id } = await first.json();
    await settled(server.origin, id);
    // The retry after a dropped connection: the header again, then the same key in the body.
    const again = await post(server.origin, "/api/v1/generations", generationBody(ledgerKey), { "Idempotency-Key": key });
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await again.json()).id).toBe(id);
    const inBody = await post(server.origin, "/api/v1/generations", { ...generationBody(ledgerKey), idempotencyKey: key });
    expect((await inBody.json()).id).toBe(id);
    expect(await ledgerOf(server.origin, "bfl", ledgerKey)).toMatchObject({ submits: 1, accepted: 1, downloads: 1 });
  });

  it("header and body keys that differ are refused with the field", async () => {
    const res = await post(server.origin, "/api/v1/generations", { ...generationBody(randomUUID()), idempotencyKey: "a" }, { "Idempotency-Key": "b" });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.issues[0].path).toBe("idempotencyKey");
  });

  it("eight requests at once with one key make one generation", async () => {
    const key = randomUUID();
    const ledgerKey = randomUUID();
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(server.origin, "/api/v1/generations", generationBody(ledgerKey), { "Idempotency-Key": key })));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(202));
    const ids = new Set(await Promise.all(answers.map(async (a) => (await a.json()).id)));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers.get("idempotent-replayed") === null)).toHaveLength(1);
    await settled(server.origin, [...ids][0]);
    expect(await ledgerOf(server.origin, "bfl", ledgerKey)).toMatchObject({ submits: 1, accepted: 1 });
  });

  it("comparisons: one key, sent twice and at once, is one comparison with one set of cells", async () => {
    const key = randomUUID();
    const ledgerKey = randomUUID();
    const body = {
      model: "flux-pro-1.1",
      providers: ["bfl", "fal"],
      params: { prompt: "compare once", width: 256, height: 256 },
      seeds: [5],
      sandbox: { bfl: { fault: `#${ledgerKey}`, latencyMs: 200 }, fal: { fault: `#${ledgerKey}`, latencyMs: 200 } },
    };
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(server.origin, "/api/v1/comparisons", body, { "Idempotency-Key": key })));
    expect(answers.map((a) => a.status)).toEqual(Array(4).fill(202));
    const results = await Promise.all(answers.map((a) => a.json()));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r.generations.map((g: { id: string }) => g.id).sort()))).size).toBe(1);
    const later = await post(server.origin, "/api/v1/comparisons", body, { "Idempotency-Key": key });
    expect(later.headers.get("idempotent-replayed")).toBe("true");
    expect((await later.json()).id).toBe(results[0].id);
    for (const g of results[0].generations) await settled(server.origin, g.id);
    for (const provider of ["bfl", "fal"]) expect(await ledgerOf(server.origin, provider, ledgerKey)).toMatchObject({ submits: 1, accepted: 1 });
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("Idempotency-Key across two instances on one PostgreSQL", () => {
  let data: TestData;
  let second: TestData;
  let a: AppServer;
  let b: AppServer;

  beforeAll(async () => {
    data = await createTestData("postgres");
    // Each instance has its own files (and sandbox host); the database is shared.
    second = await createTestData("pglite");
    a = await startAppServer({ DATA_DIR: data.dataDir, DATABASE_URL: data.databaseUrl, JOB_POLL_INTERVAL_MS: "100" });
    b = await startAppServer({ DATA_DIR: second.dataDir, DATABASE_URL: data.databaseUrl, JOB_POLL_INTERVAL_MS: "100" });
  }, 120_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await data?.dispose();
    await second?.dispose();
  });

  it("the same key sent to both at once is one generation, submitted once by whichever runs it", async () => {
    const key = randomUUID();
    const ledgerKey = randomUUID();
    const answers = await Promise.all([a, b, a, b].map((s) => post(s.origin, "/api/v1/generations", generationBody(ledgerKey), { "Idempotency-Key": key })));
    expect(answers.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    const ids = new Set(await Promise.all(answers.map(async (r) => (await r.json()).id)));
    expect(ids.size).toBe(1);
    const [id] = ids;
    await settled(a.origin, id);
    const counts = await Promise.all([a, b].map((s) => ledgerOf(s.origin, "bfl", ledgerKey)));
    expect(counts[0].submits + counts[1].submits).toBe(1);
    expect(counts[0].downloads + counts[1].downloads).toBe(1);
    const dto = await (await fetch(`${b.origin}/api/v1/generations/${id}`)).json();
    expect(dto.status).toBe("succeeded");
    expect(dto.images).toHaveLength(1);
  });

  it("the same comparison key sent to both at once is one comparison", async () => {
    const key = randomUUID();
    const body = { model: "flux-pro-1.1", providers: ["bfl", "replicate"], params: { prompt: "two instances", width: 256, height: 256 }, seeds: [1, 2] };
    const answers = await Promise.all([a, b].map((s) => post(s.origin, "/api/v1/comparisons", body, { "Idempotency-Key": key })));
    expect(answers.map((r) => r.status)).toEqual([202, 202]);
    const [x, y] = await Promise.all(answers.map((r) => r.json()));
    expect(x.id).toBe(y.id);
    expect(x.generations.map((g: { id: string }) => g.id).sort()).toEqual(y.generations.map((g: { id: string }) => g.id).sort());
    const listed = await (await fetch(`${a.origin}/api/v1/comparisons/${x.id}`)).json();
    expect(listed.generations).toHaveLength(4);
  });
});
