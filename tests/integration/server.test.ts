import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdir, readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import type { GenerationDto } from "@/lib/jobs/types";
import { startAppServer, waitFor, type AppServer } from "./helpers/app-server";
import { backends, createTestData, type TestData } from "./helpers/test-database";

/** The production build as a process: the JSON API, SSE, jobs without clients, restarts. */
describe.each(backends())("server on %s", (backend) => {
  let data: TestData;
  let server: AppServer;
  let serverEnv: Record<string, string | undefined>;

  beforeAll(async () => {
    data = await createTestData(backend);
    serverEnv = { DATA_DIR: data.dataDir, DATABASE_URL: data.databaseUrl, SANDBOX_LATENCY_MS: "1200", JOB_POLL_INTERVAL_MS: "100" };
    server = await startAppServer(serverEnv);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await data?.dispose();
  });

  const api = (p: string, init?: RequestInit) => fetch(`${server.origin}${p}`, init);
  const post = (p: string, body: unknown) => api(p, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const get = async (id: string) => (await (await api(`/api/v1/generations/${id}`)).json()) as GenerationDto;

  it("answers health, models (JSON Schema) and providers (sandbox, no secrets)", async () => {
    expect((await api("/api/health")).status).toBe(200);
    const models = await (await api("/api/v1/models")).json();
    expect(models.models.map((m: { id: string }) => m.id)).toEqual(["flux-pro-1.1", "flux-pro-1.1-ultra", "flux-dev", "flux-schnell", "flux-kontext-pro", "flux-2-pro"]);
    expect(models.models[0].parameters.properties.width).toMatchObject({ minimum: 256, maximum: 1440 });
    expect(models.models[1].parameters.properties.image_prompt_strength).toMatchObject({ minimum: 0, maximum: 1 });
    const providers = await (await api("/api/v1/providers")).json();
    expect(providers.providers[0]).toMatchObject({ id: "bfl", mode: "sandbox", unitPriceUsd: { "flux-pro-1.1": 0.04, "flux-pro-1.1-ultra": 0.06 } });
  });

  it("refuses what another site sends: a foreign Origin, a text/plain body, an unknown Host; nothing is stored", async () => {
    const before = (await (await api("/api/v1/generations?limit=1")).json()).totals.generations;
    const body = JSON.stringify({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "sent from elsewhere" } });
    // What a page on another site can send without a preflight: text/plain, with its Origin.
    const simple = await api("/api/v1/generations", { method: "POST", headers: { "content-type": "text/plain;charset=UTF-8", origin: "https://evil.test" }, body });
    expect(simple.status).toBe(403);
    expect((await simple.json()).error.code).toBe("cross_site");
    const plain = await api("/api/v1/generations", { method: "POST", headers: { "content-type": "text/plain;charset=UTF-8" }, body });
    expect(plain.status).toBe(415);
    expect((await plain.json()).error.message).toMatch(/Content-Type: application\/json/);
    expect((await api("/api/v1/comparisons", { method: "POST", headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" }, body })).status).toBe(403);
    // DNS rebinding: the page's name is not one this server answers to.
    // (fetch may not set Host: a plain HTTP request, as a browser at that name would send it.)
    const rebound = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.get(`${server.origin}/api/v1/history`, { headers: { host: "rebind.evil.test" } }, (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
    });
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.body).error.code).toBe("unknown_host");
    expect((await api("/api/v1/generations?limit=1")).status).toBe(200);
    expect((await (await api("/api/v1/generations?limit=1")).json()).totals.generations).toBe(before);
  });

  it("validates input with field paths and plain messages", async () => {
    const bad = await post("/api/v1/generations", { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "x", width: 1000, safety_tolerance: 9 } });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.issues).toHaveLength(2);
    expect(body.error.issues).toEqual(
      expect.arrayContaining([
        { path: "params.width", message: "Width must be a multiple of 32 (e.g. 1024)" },
        { path: "params.safety_tolerance", message: "Safety tolerance must be a whole number from 0 to 6" },
      ]),
    );
    const notJson = await api("/api/v1/generations", { method: "POST", headers: { "content-type": "application/json" }, body: "{oops" });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toContain("JSON");
    expect((await api("/api/v1/generations/nope")).status).toBe(404);
    expect((await api("/api/v1/generations?cursor=zzz")).status).toBe(400);
    expect((await api("/api/v1/generations?limit=0")).status).toBe(400);
    expect((await post("/api/v1/generations/nope/cancel", {})).status).toBe(404);
  });

  it("completes a job with no client connected, and serves its image from our storage", async () => {
    const res = await post("/api/v1/generations", { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "unwatched", width: 512, height: 512, seed: 9 } });
    expect(res.status).toBe(202);
    const { id, status } = await res.json();
    expect(status).toBe("queued");
    // No event stream is open: reading the row only watches, the job runs on its own.
    const dto = await waitFor(async () => {
      const current = await get(id);
      return current.status !== "queued" && current.status !== "running" && current;
    }, 20_000, "the unwatched job to end");
    expect(dto.status).toBe("succeeded");
    const image = await api(dto.images[0].url);
    expect(image.headers.get("content-type")).toBe("image/jpeg");
    expect(image.headers.get("cache-control")).toContain("immutable");
    const download = await api(`${dto.images[0].url}?download=1`);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="flux-[0-9a-f]{12}\.jpg"$/);
    const thumb = await api(dto.images[0].thumbUrl);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
  });

  it("pushes progress and the result over server-sent events, then closes", async () => {
    const { id } = await (await post("/api/v1/generations", { model: "flux-pro-1.1-ultra", provider: "bfl", params: { prompt: "streamed", aspect_ratio: "21:9", raw: true } })).json();
    const res = await api(`/api/v1/generations/${id}/events`);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await res.text(); // ends when the server closes the stream
    const events = text
      .split("\n\n")
      .filter((block) => block.startsWith("event: generation"))
      .map((block) => JSON.parse(block.split("\ndata: ")[1]) as GenerationDto);
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.some((e) => e.status === "running")).toBe(true);
    const last = events[events.length - 1];
    expect(last.status).toBe("succeeded");
    expect(last.images[0]).toMatchObject({ width: 3136, height: 1344 });
    expect(last.params).toMatchObject({ raw: true, aspect_ratio: "21:9" });
  });

  it("cancels over the API and keeps the terminal state", async () => {
    const { id } = await (await post("/api/v1/generations", { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "cancel me" }, sandbox: { latencyMs: 30_000 } })).json();
    await waitFor(async () => (await get(id)).status === "running", 10_000, "running");
    const res = await post(`/api/v1/generations/${id}/cancel`, {});
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe("canceled");
    expect((await post(`/api/v1/generations/${id}/cancel`, {})).status).toBe(409);
  });

  it("finishes a job after the server is killed mid-run and started again, without submitting twice", async () => {
    const { id } = await (await post("/api/v1/generations", { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "survive a restart", width: 256, height: 256 }, sandbox: { latencyMs: 2500 } })).json();
    const tasksDir = path.join(data.dataDir, "sandbox", "bfl", "tasks");
    // How many tasks the emulated host received for this prompt. Only finished files: the task store
    // writes `<id>.json.<pid>.tmp` and renames it, so a `.tmp` may be half written.
    const hostTasks = async () => {
      const files = (await readdir(tasksDir).catch(() => [] as string[])).filter((f) => f.endsWith(".json"));
      const inputs = await Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(tasksDir, f), "utf8")).input.prompt));
      return inputs.filter((p) => p === "survive a restart").length;
    };
    await waitFor(async () => (await hostTasks()) === 1, 10_000, "the host to take the task");
    // The handle is stored right after the host answers: wait for it, as the inspector shows it.
    await waitFor(async () => {
      const inspector = await (await api(`/api/v1/generations/${id}/inspector`)).json();
      return inspector.tasks[0]?.status === "submitted" && inspector.tasks[0].hostTaskId !== null;
    }, 10_000, "the host's task id to be stored");
    expect((await get(id)).status).toBe("running");
    await server.stop("SIGKILL");
    // Same address: the sandbox stands for the host, and the stored polling_url points at it.
    server = await startAppServer(serverEnv, server.port);
    const done = await waitFor(async () => {
      const dto = await get(id);
      return dto.status !== "running" && dto.status !== "queued" && dto;
    }, 30_000, "the resumed job to end");
    expect(done.status).toBe("succeeded");
    expect(done.images).toHaveLength(1);
    expect(await hostTasks()).toBe(1);
  }, 90_000);
});

describe("live mode (a key set, BFL_BASE_URL at the emulator)", () => {
  let data: TestData;
  let server: AppServer;
  const KEY = "bfl-live-secret-key-123456";

  beforeAll(async () => {
    data = await createTestData("pglite");
    // The server's own sandbox stands in for api.bfl.ai: the live code path, without the network.
    const { freePort } = await import("./helpers/app-server");
    const port = await freePort();
    server = await startAppServer({ DATA_DIR: data.dataDir, BFL_API_KEY: KEY, BFL_BASE_URL: `http://127.0.0.1:${port}/api/sandbox/bfl`, SANDBOX_LATENCY_MS: "300" }, port);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await data?.dispose();
  });

  it("bills the list price when BFL reports no cost, and never shows the key", async () => {
    const providers = await (await fetch(`${server.origin}/api/v1/providers`)).text();
    expect(JSON.parse(providers).providers[0].mode).toBe("live");
    const res = await fetch(`${server.origin}/api/v1/generations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "live", width: 256, height: 256, num_images: 2 } }),
    });
    const { id } = await res.json();
    const dto = await waitFor(async () => {
      const d = (await (await fetch(`${server.origin}/api/v1/generations/${id}`)).json()) as GenerationDto;
      return d.status === "succeeded" && d;
    }, 20_000, "the live generation");
    expect(dto.sandbox).toBe(false);
    expect(dto.cost).toEqual({ estimatedUsd: 0.08, billedUsd: 0.08, billedSource: "estimate", unitPriceUsd: 0.04 });
    const page = await (await fetch(`${server.origin}/`)).text();
    const list = await (await fetch(`${server.origin}/api/v1/generations`)).text();
    for (const body of [providers, JSON.stringify(dto), page, list, server.output()]) expect(body).not.toContain(KEY);
    expect((await fetch(`${server.origin}/api/v1/generations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "x" }, sandbox: { fault: "auth" } }) })).status).toBe(400);
  });
});
