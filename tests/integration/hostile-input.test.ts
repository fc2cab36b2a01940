import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import { startAppServer, type AppServer } from "./helpers/app-server";
import { callServerAction, serverActions } from "./helpers/server-actions";
import { backends, createTestData, type TestData } from "./helpers/test-database";

/**
 * The production build against the input that used to answer 500 (issue 10's list), bodies over
 * their limit, and clients over their rate: each gets a 4xx in the API's envelope naming what to
 * fix, nothing is stored, and the server keeps serving.
 */
type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A raw request: a declared or chunked body of any size, any header (fetch cannot send all of these). */
function raw(origin: string, path: string, opts: { method?: string; headers?: Record<string, string>; chunks?: (string | Buffer)[] } = {}): Promise<Answer> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method: opts.method ?? "POST", headers: opts.headers }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    for (const chunk of opts.chunks ?? []) req.write(chunk);
    req.end();
  });
}

const JSON_TYPE = { "content-type": "application/json" };

describe.each(backends())("hostile input on %s", (backend) => {
  let data: TestData;
  let server: AppServer;

  beforeAll(async () => {
    data = await createTestData(backend);
    // BFL is live (a key, and a base URL nothing listens on: nothing may ever reach it here).
    server = await startAppServer({
      DATA_DIR: data.dataDir,
      DATABASE_URL: data.databaseUrl,
      SANDBOX_LATENCY_MS: "100",
      JOB_POLL_INTERVAL_MS: "100",
      BFL_API_KEY: "live-canary-key",
      BFL_BASE_URL: "http://127.0.0.1:9",
      // Loopback is exempt: a client that claims another address must not be believed without TRUST_PROXY.
      API_RATE_LIMIT: "3",
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await data?.dispose();
  });

  const api = (p: string, init?: RequestInit) => fetch(`${server.origin}${p}`, init);
  const post = (p: string, body: unknown) => api(p, { method: "POST", headers: JSON_TYPE, body: typeof body === "string" ? body : JSON.stringify(body) });
  const stored = async () => (await (await api("/api/v1/generations?limit=1")).json()).totals.generations as number;
  const expectRefusal = async (res: Response, status: number, code: string, path?: string) => {
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toBeTruthy();
    if (path) expect(body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    return body;
  };

  it("refuses NUL and lone surrogates in bodies with the field's path, and stores nothing", async () => {
    const before = await stored();
    await expectRefusal(await post("/api/v1/generations", { model: "flux-pro-1.1", provider: "fal", params: { prompt: "a\u0000b" } }), 400, "invalid_request", "params.prompt");
    await expectRefusal(await post("/api/v1/generations", { model: "flux-pro-1.1", provider: "fal", params: { prompt: "ok" }, idempotencyKey: "k\u0000" }), 400, "invalid_request", "idempotencyKey");
    // A lone surrogate can only be sent as a JSON escape.
    await expectRefusal(await post("/api/v1/generations", '{"model":"flux-pro-1.1","provider":"fal","params":{"prompt":"a\\ud800b"}}'), 400, "invalid_request", "params.prompt");
    await expectRefusal(await post("/api/v1/comparisons", { model: "flux-pro-1.1", providers: ["fal"], params: { prompt: "\u0000" } }), 400, "invalid_request", "params.prompt");
    await expectRefusal(await post("/api/v1/history/delete", { generationIds: ["\u0000"] }), 400, "invalid_request", "generationIds.0");
    await expectRefusal(await api("/api/v1/keys/fal", { method: "PUT", headers: JSON_TYPE, body: JSON.stringify({ apiKey: "abc\u0000def" }) }), 400, "invalid_request", "apiKey");
    expect(await stored()).toBe(before);
  });

  it("refuses unknown fields with their path", async () => {
    await expectRefusal(await post("/api/v1/generations", { model: "flux-pro-1.1", provider: "fal", params: { prompt: "x" }, priority: "high" }), 400, "invalid_request", "priority");
    await expectRefusal(await post("/api/v1/generations", { model: "flux-pro-1.1", provider: "fal", params: { prompt: "x", steps: 40 } }), 400, "invalid_request", "params.steps");
    await expectRefusal(await post("/api/v1/comparisons", { model: "flux-pro-1.1", providers: ["fal"], params: { prompt: "x" }, extra: 1 }), 400, "invalid_request", "extra");
  });

  it("refuses NUL and broken UTF-8 in path ids and query strings (history, export, generations) with 400", async () => {
    for (const path of ["/api/v1/history?q=%00", "/api/v1/history/export?q=%00", "/api/v1/history/totals?q=%00", "/api/v1/history/spend?q=%00", "/api/v1/generations/%00", "/api/v1/generations/%00/inspector", "/api/v1/comparisons/%00", "/api/v1/shares?generationId=%00", "/api/v1/generations/%ED%A0%80"]) {
      const res = await api(path);
      expect(res.status, path).toBe(400);
      expect((await res.json()).error.code, path).toBe("invalid_request");
    }
    // The export stream is whole again: a valid query streams a complete JSON document.
    const exported = await api("/api/v1/history/export?q=fox");
    expect(exported.status).toBe(200);
    const text = await exported.text();
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it("finds no sandbox host, model or record through Object.prototype", async () => {
    for (const path of ["/api/sandbox/constructor", "/api/sandbox/__proto__", "/api/sandbox/toString/v1/x"]) {
      await expectRefusal(await api(path), 404, "not_found");
    }
    const res = await api("/api/sandbox/bfl/v1/constructor", { method: "POST", headers: { ...JSON_TYPE, "x-key": "k" }, body: "{}" });
    expect(res.status).toBe(404);
    const replicate = await api("/api/sandbox/replicate/v1/models/black-forest-labs/__proto__/predictions", { method: "POST", headers: { ...JSON_TYPE, authorization: "Bearer k" }, body: "{}" });
    expect(replicate.status).toBe(404);
    const delivery = await api("/api/sandbox/bfl/delivery/abc/sample.jpeg?se=not-a-date&sig=x");
    expect(delivery.status).toBe(404);
  });

  it("refuses a comparison with sandbox options for a live host before storing anything (was a 500 left running)", async () => {
    const before = await stored();
    const live = await post("/api/v1/comparisons", { model: "flux-pro-1.1", providers: ["bfl", "fal"], params: { prompt: "x" }, sandbox: { bfl: { fault: "error" } } });
    const body = await expectRefusal(live, 400, "invalid_request", "sandbox.bfl");
    expect(body.error.message).toContain("bfl is live");
    const gone = await post("/api/v1/comparisons", { model: "flux-pro-1.1-ultra", providers: ["fal"], params: { prompt: "x", image_prompt: `/api/images/${"a".repeat(64)}.png` } });
    await expectRefusal(gone, 400, "invalid_request", "params.image_prompt");
    expect(await stored()).toBe(before);
    // The live host was never called: its run would have failed (nothing listens), not been refused.
    const history = await (await api("/api/v1/history?limit=100")).json();
    expect(history.items).toHaveLength(0);
  });

  it("refuses bodies over their limit with 413, declared or chunked, and takes one just under it", async () => {
    const big = (n: number) => Buffer.alloc(n, "a");
    const declared = await raw(server.origin, "/api/v1/shares", { headers: { ...JSON_TYPE, "content-length": String(300_000) }, chunks: [big(300_000)] });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error).toMatchObject({ code: "payload_too_large", message: expect.stringContaining("256 kB") });
    const chunked = await raw(server.origin, "/api/v1/shares", { headers: { ...JSON_TYPE, "transfer-encoding": "chunked" }, chunks: [big(100_000), big(100_000), big(100_000)] });
    expect(chunked.status).toBe(413);
    const image = await raw(server.origin, "/api/v1/generations", { headers: { ...JSON_TYPE, "transfer-encoding": "chunked" }, chunks: Array.from({ length: 16 }, () => big(1_000_000)) });
    expect(image.status).toBe(413);
    expect(JSON.parse(image.body).error.message).toContain("15 MB");
    const sandbox = await raw(server.origin, "/api/sandbox/bfl/v1/flux-pro-1.1", { headers: { ...JSON_TYPE, "x-key": "k", "transfer-encoding": "chunked" }, chunks: Array.from({ length: 16 }, () => big(1_000_000)) });
    expect(sandbox.status).toBe(413);
    // Under the limit, a chunked body is read whole and answered on its merits.
    const fine = await raw(server.origin, "/api/v1/shares", { headers: { ...JSON_TYPE, "transfer-encoding": "chunked" }, chunks: ['{"generationId":', '"nope"}'] });
    expect(fine.status).toBe(404);
    const action = serverActions().find((a) => a.name === "createGenerationAction")!;
    const tooBigAction = await raw(server.origin, action.page, { headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8", origin: server.origin, "content-length": String(16 * 1024 * 1024) }, chunks: [big(16 * 1024 * 1024)] });
    expect(tooBigAction.status).toBe(413);
    expect((await api("/api/health")).status).toBe(200);
  });

  it("takes the client address from the connection, not from a client's own X-Forwarded-For (TRUST_PROXY unset)", async () => {
    for (let i = 0; i < 6; i++) {
      const res = await api("/api/v1/models", { headers: { "x-forwarded-for": "203.0.113.50" } });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
  });

  it("answers server actions called with an empty, malformed or NUL-carrying body with 400, never 500", async () => {
    for (const action of serverActions()) {
      for (const body of ["", "not json", "{}", '["\\u0000"]']) {
        const res = await callServerAction(server.origin, action, body);
        expect(res.status, `${action.name} with ${JSON.stringify(body)}`).toBe(400);
        expect((await res.json()).error.code).toBe("invalid_request");
      }
      const wrongTypes = await callServerAction(server.origin, action, "[null, 5, {}]");
      expect(wrongTypes.status, `${action.name} with wrong types`).toBeLessThan(500);
      await wrongTypes.arrayBuffer();
    }
  });
});

describe("rate limits (PUBLIC_RATE_LIMIT, API_RATE_LIMIT) behind a trusted proxy", () => {
  let data: TestData;
  let server: AppServer;

  beforeAll(async () => {
    data = await createTestData("pglite");
    server = await startAppServer({ DATA_DIR: data.dataDir, TRUST_PROXY: "true", API_RATE_LIMIT: "5", PUBLIC_RATE_LIMIT: "3" });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await data?.dispose();
  });

  const from = (address: string | null, path: string) => fetch(`${server.origin}${path}`, { headers: address ? { "x-forwarded-for": address } : {} });

  it("gives each client address its own bucket and answers 429 with Retry-After and the envelope", async () => {
    for (let i = 0; i < 5; i++) expect((await from("203.0.113.7", "/api/v1/models")).status).toBe(200);
    const refused = await from("203.0.113.7", "/api/v1/models");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await refused.json()).error).toMatchObject({ code: "rate_limited", message: expect.stringContaining("API_RATE_LIMIT") });
    // The proxy appends the client it saw: only the last entry counts, a client's own entries do not.
    expect((await from("1.2.3.4, 203.0.113.7", "/api/v1/models")).status).toBe(429);
    expect((await from("203.0.113.8", "/api/v1/models")).status).toBe(200);
    // The machine itself (no proxy in between: loopback) is never limited.
    for (let i = 0; i < 8; i++) expect((await from(null, "/api/v1/models")).status).toBe(200);
  });

  it("limits anonymous public routes (share pages, cards, images) on their own budget", async () => {
    const image = `/api/images/${"b".repeat(64)}.png`;
    for (let i = 0; i < 3; i++) expect((await from("198.51.100.1", image)).status).toBe(404);
    expect((await from("198.51.100.1", "/s/unknown-share-slug-xxxx")).status).toBe(429);
    // The API budget of that client is untouched.
    expect((await from("198.51.100.1", "/api/v1/models")).status).toBe(200);
    // Pages outside both scopes are not limited.
    expect((await from("198.51.100.1", "/api/health")).status).toBe(200);
  });
});
