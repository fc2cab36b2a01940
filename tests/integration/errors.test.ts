import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startAppServer, waitFor, type AppServer } from "./helpers/app-server";

/**
 * The production build with its database out of reach (a PostgreSQL port nothing listens on): a real
 * route's throw, deep in the data layer, answers the API's envelope, 500 `internal`, naming nothing
 * inside (not the address, the role, its password nor the driver's words), and is logged once; the
 * refusals that need no database still answer their own 4xx.
 */
describe("a thrown error inside a real route", () => {
  let server: AppServer;
  let dataDir: string;
  const INSIDE = ["hunter2", "flux_role", "127.0.0.1", "ECONNREFUSED", "DATABASE_URL", "Could not open", "    at "];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "flux-errors-"));
    const deadPort = await freePort();
    server = await startAppServer({ DATA_DIR: dataDir, DATABASE_URL: `postgres://flux_role:hunter2@127.0.0.1:${deadPort}/flux` }, undefined, { healthy: false });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const api = (p: string, init?: RequestInit) => fetch(`${server.origin}${p}`, init);
  const expectInternal = async (res: Response) => {
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toContain("application/json");
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body).toEqual({ error: { code: "internal", message: expect.stringContaining("Something went wrong on our side") } });
    for (const inside of INSIDE) expect(text).not.toContain(inside);
  };

  it("answers a GET's throw with 500 internal, and logs it once with what happened", async () => {
    await expectInternal(await api("/api/v1/history?limit=5"));
    const logged = await waitFor(async () => server.output().includes("GET /api/v1/history failed:") && server.output(), 5_000, "the log line");
    expect(logged.split("GET /api/v1/history failed:").length - 1).toBe(1);
    // The log keeps what the answer leaves out: the cause, for whoever runs the instance.
    expect(logged).toMatch(/GET \/api\/v1\/history failed: Error: Could not open DATABASE_URL: .*ECONNREFUSED/);
  });

  it("answers a POST's and a parameterised route's throws the same way", async () => {
    const body = JSON.stringify({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "a fox" } });
    await expectInternal(await api("/api/v1/generations", { method: "POST", headers: { "content-type": "application/json" }, body }));
    await expectInternal(await api("/api/v1/comparisons/c1"));
    expect(server.output()).toContain("POST /api/v1/generations failed:");
    expect(server.output()).toContain("GET /api/v1/comparisons/c1 failed:");
  });

  it("still answers the refusals that come before the database with their own status and code", async () => {
    const limit = await api("/api/v1/generations?limit=0");
    expect(limit.status).toBe(400);
    expect(await limit.json()).toEqual({ error: { code: "invalid_request", message: "limit must be a whole number from 1 to 100", issues: [{ path: "limit", message: "1 to 100" }] } });
    const malformed = await api("/api/v1/shares", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toEqual({ code: "invalid_request", message: "The request body must be JSON (Content-Type: application/json)" });
    const image = await api("/api/images/not-a-hash.png");
    expect(image.status).toBe(404);
    expect(await image.json()).toEqual({ error: { code: "not_found", message: "No image not-a-hash.png" } });
  });

  it("keeps the health probe's own shape: 503, the database's words in the log only", async () => {
    const res = await api("/api/health");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, error: "The database is not available" });
  });
});
