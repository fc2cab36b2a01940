import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerationDto } from "@/lib/jobs/types";
import { startAppServer, waitFor, type AppServer } from "./helpers/app-server";
import { startSandboxServer, type SandboxServer } from "./helpers/sandbox-server";
import { useAppEnv } from "./helpers/app-env";
import { backends, createTestData, type TestData } from "./helpers/test-database";

/**
 * The per-host queue and failover on the production build, over HTTP. fal is "live" against an
 * emulator of this test process, which counts what arrives: how many requests are at the host at
 * once (submitted, result not yet fetched) and how many were submitted. BFL runs on the app's own
 * sandbox mount, where a fault can be injected per run.
 */
describe.each(backends())("per-host queue and failover on %s", (backend) => {
  let data: TestData;
  let emulator: SandboxServer;
  let testEnv: { restore: () => Promise<void> };
  let server: AppServer | undefined;
  const fal = { submits: [] as string[], inFlight: 0, maxInFlight: 0 };

  beforeAll(async () => {
    data = await createTestData(backend);
    // The emulator in this process keeps its task files in the test's data directory.
    testEnv = await useAppEnv(data, { SANDBOX_LATENCY_MS: "1500" });
    emulator = await startSandboxServer({
      onRequest: (request) => {
        const path = new URL(request.url).pathname;
        if (request.method === "POST" && path.endsWith("/fal-ai/flux-pro/v1.1")) {
          fal.submits.push(path);
          fal.inFlight += 1;
          fal.maxInFlight = Math.max(fal.maxInFlight, fal.inFlight);
        } else if (request.method === "GET" && /\/requests\/[^/]+$/.test(path)) {
          fal.inFlight -= 1; // the result is fetched: the host is done with it
        }
      },
    });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await emulator?.close();
    await testEnv?.restore();
    await data?.dispose();
  });

  const serverEnv = (falLimit: number) => ({
    DATA_DIR: data.dataDir,
    DATABASE_URL: data.databaseUrl,
    SANDBOX_LATENCY_MS: "1500",
    JOB_POLL_INTERVAL_MS: "100",
    FAL_API_KEY: "fal-test-key-0001",
    FAL_BASE_URL: emulator.baseUrl("fal"),
    FAL_MAX_CONCURRENCY: String(falLimit),
  });
  const api = (p: string, init?: RequestInit) => fetch(`${server!.origin}${p}`, init);
  const post = (p: string, body: unknown) => api(p, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const get = async (id: string) => (await (await api(`/api/v1/generations/${id}`)).json()) as GenerationDto;
  const start = async (body: Record<string, unknown>) => {
    const res = await post("/api/v1/generations", { model: "flux-pro-1.1", params: { width: 256, height: 256 }, ...body });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  };
  /** Polls until every generation ended, keeping every state seen on the way. */
  const watch = async (ids: string[], timeoutMs: number) => {
    const seen = new Map<string, GenerationDto[]>(ids.map((id) => [id, []]));
    return waitFor(
      async () => {
        const dtos = await Promise.all(ids.map(get));
        dtos.forEach((dto) => seen.get(dto.id)!.push(dto));
        return dtos.every((d) => ["succeeded", "failed", "canceled"].includes(d.status)) ? { final: dtos, seen } : null;
      },
      timeoutMs,
      "every run to end",
    );
  };

  it("keeps to FAL_MAX_CONCURRENCY=2: six runs, never more than two at the host, the rest queued with their place, all complete", async () => {
    server = await startAppServer(serverEnv(2));
    fal.submits.length = 0;
    fal.maxInFlight = 0;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await start({ provider: "fal", params: { prompt: `queue ${i}`, width: 256, height: 256 } }));
    const { final, seen } = await watch(ids, 60_000);
    expect(final.map((d) => d.status)).toEqual(Array(6).fill("succeeded"));
    expect(final.every((d) => d.images.length === 1 && d.queue === null)).toBe(true);
    expect(fal.submits).toHaveLength(6);
    expect(fal.maxInFlight).toBe(2);
    // The later runs said where they stood: queued at fal, with how many ahead (FIFO: the last had the most).
    const queued = ids.map((id) => seen.get(id)!.filter((d) => d.queue !== null));
    expect(queued.slice(2).every((states) => states.length > 0)).toBe(true);
    for (const states of queued.flat()) {
      expect(states.queue!.host).toBe("fal");
      expect(states.status).toBe("queued");
    }
    const firstAhead = queued.slice(2).map((states) => states[0].queue!.ahead);
    expect(firstAhead[firstAhead.length - 1]).toBeGreaterThanOrEqual(2);
    expect([...firstAhead].sort()).toEqual(firstAhead);
    // Queued time does not count as the host's latency: it runs from the submit, which a queued run waited for.
    for (const d of final) {
      const at = (t: string | null) => Date.parse(t!);
      expect(Math.abs(d.timings.hostLatencyMs! - (at(d.timings.hostReadyAt) - at(d.timings.submittedAt))), d.id).toBeLessThanOrEqual(1);
    }
    for (const id of ids.slice(2)) {
      const d = final.find((x) => x.id === id)!;
      expect(Date.parse(d.timings.submittedAt!), id).toBeGreaterThan(Date.parse(d.timings.createdAt));
    }
    await server.stop();
    server = undefined;
  }, 120_000);

  it("keeps the queue across a restart: what waited still waits, then runs once each", async () => {
    server = await startAppServer(serverEnv(1));
    fal.submits.length = 0;
    fal.maxInFlight = 0;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await start({ provider: "fal", params: { prompt: `restart ${i}`, width: 256, height: 256 } }));
    // One at the host, three stored as waiting.
    await waitFor(async () => (await Promise.all(ids.map(get))).filter((d) => d.queue !== null).length === 3, 15_000, "three runs queued");
    await server.stop("SIGKILL");
    server = await startAppServer(serverEnv(1));
    const afterRestart = await Promise.all(ids.map(get));
    expect(afterRestart.filter((d) => d.status === "queued").length).toBeGreaterThanOrEqual(2);
    const { final } = await watch(ids, 60_000);
    expect(final.map((d) => d.status)).toEqual(Array(4).fill("succeeded"));
    expect(fal.submits).toHaveLength(4); // none submitted twice
    expect(fal.maxInFlight).toBe(1);
    await server.stop();
    server = undefined;
  }, 150_000);

  it.runIf(backend === "postgres")("shares one limit between two instances on one PostgreSQL: never more than two at the host", async () => {
    server = await startAppServer(serverEnv(2));
    const second = await startAppServer(serverEnv(2));
    try {
      fal.submits.length = 0;
      fal.maxInFlight = 0;
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        // Alternately to each instance: each runs what it was sent, the slots are counted in the database.
        const origin = i % 2 === 0 ? server.origin : second.origin;
        const res = await fetch(`${origin}/api/v1/generations`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "flux-pro-1.1", provider: "fal", params: { prompt: `two instances ${i}`, width: 256, height: 256 } }),
        });
        expect(res.status).toBe(202);
        ids.push(((await res.json()) as { id: string }).id);
      }
      const { final, seen } = await watch(ids, 60_000);
      expect(final.map((d) => d.status)).toEqual(Array(6).fill("succeeded"));
      expect(fal.submits).toHaveLength(6);
      // Never more than the limit; whether two overlap at the host depends on how busy the machine is.
      expect(fal.maxInFlight).toBeLessThanOrEqual(2);
      expect(ids.some((id) => seen.get(id)!.some((d) => d.queue !== null))).toBe(true);
    } finally {
      await second.stop();
      await server.stop();
      server = undefined;
    }
  }, 120_000);

  it("fails over from a host answering 503 to the next host: both attempts recorded, the cost on the second", async () => {
    server = await startAppServer(serverEnv(8));
    fal.submits.length = 0;
    const id = await start({ provider: "bfl", failover: ["fal"], sandbox: { fault: "unavailable" }, params: { prompt: "fails over", width: 256, height: 256 } });
    const { final } = await watch([id], 60_000);
    const [run] = final;
    expect(run.status).toBe("succeeded");
    expect(run.provider).toBe("bfl");
    expect(run.servedBy).toBe("fal");
    expect(run.failover).toEqual(["fal"]);
    expect(run.attempts).toHaveLength(1);
    expect(run.attempts[0]).toMatchObject({ provider: "bfl", error: { code: "provider_error" }, estimatedUsd: 0 });
    expect(run.attempts[0].error.message).toMatch(/unavailable/i);
    expect(fal.submits).toHaveLength(1);
    // fal is live here: its list price is billed, and the spend puts it on fal, not on BFL.
    expect(run.sandbox).toBe(false);
    expect(run.cost.billedUsd).toBeGreaterThan(0);
    expect(run.cost.billedUsd).toBe(run.cost.unitPriceUsd);
    const spend = await (await api("/api/v1/history/spend")).json();
    const byHost = Object.fromEntries((spend.byHost as { provider: string; billedUsd: number; generations: number }[]).map((r) => [r.provider, r]));
    expect(byHost.fal.billedUsd).toBeGreaterThanOrEqual(run.cost.billedUsd!);
    expect(byHost.bfl?.billedUsd ?? 0).toBe(0);
    // The leaderboard counts the run as BFL's failure, never as its success.
    const board = await (await api("/api/v1/leaderboard?model=flux-pro-1.1&source=sandbox")).json();
    const bfl = board.hosts.find((h: { provider: string }) => h.provider === "bfl");
    expect(bfl.failureRate).toBe(1);
    await server.stop();
    server = undefined;
  }, 120_000);

  it.each([
    ["request moderation", "request_moderated", "moderated_request"],
    ["a 400", "bad_request", "invalid_params"],
    ["a 422", "validation", "invalid_params"],
  ])("never fails over on %s", async (_label, fault, code) => {
    server = await startAppServer(serverEnv(8));
    fal.submits.length = 0;
    const id = await start({ provider: "bfl", failover: ["fal"], sandbox: { fault }, params: { prompt: `no failover ${fault}`, width: 256, height: 256 } });
    const { final } = await watch([id], 30_000);
    expect(final[0]).toMatchObject({ status: "failed", servedBy: "bfl", attempts: [], error: { code } });
    expect(fal.submits).toHaveLength(0);
    await server.stop();
    server = undefined;
  }, 90_000);

  it("refuses a failover list it cannot use, naming the field", async () => {
    server = await startAppServer(serverEnv(8));
    const res = await post("/api/v1/generations", { model: "flux-pro-1.1-ultra", provider: "bfl", failover: ["bfl", "together"], params: { prompt: "x" } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.issues).toEqual(
      expect.arrayContaining([
        { path: "failover.0", message: expect.stringMatching(/run's own host/) },
        { path: "failover.1", message: expect.stringMatching(/does not serve flux-pro-1.1-ultra/) },
      ]),
    );
    await server.stop();
    server = undefined;
  }, 60_000);
});
