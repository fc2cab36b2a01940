import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ComparisonDto, LeaderboardDto } from "@/lib/compare/types";
import { startAppServer, type AppServer } from "./helpers/app-server";
import { createTestData, type TestData } from "./helpers/test-database";

/**
 * Comparisons whose columns vary the model too, over real HTTP against the production build: the
 * cells form's refusals, a run of three models on two sandbox hosts with each cell's own parameters
 * and warnings, blind votes on host × model pairs and both leaderboards; the one-model form as before.
 */
const post = (origin: string, path: string, body: unknown) =>
  fetch(`${origin}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

const MODELS = ["flux-pro-1.1", "flux-dev", "flux-schnell"] as const;
const HOSTS = ["fal", "replicate"] as const;
const cells = MODELS.flatMap((model) => HOSTS.map((provider) => ({ model, provider })));
const params = { prompt: "a red kite over dunes", width: 512, height: 512, safety_tolerance: 3, steps: 20 };

describe("comparisons across models (PGlite, next start)", () => {
  let data: TestData;
  let server: AppServer;

  beforeAll(async () => {
    data = await createTestData("pglite");
    server = await startAppServer({ DATA_DIR: data.dataDir, JOB_POLL_INTERVAL_MS: "50", SANDBOX_LATENCY_MS: "100" });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await data?.dispose();
  });

  async function ended(id: string): Promise<ComparisonDto> {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      const dto = (await (await fetch(`${server.origin}/api/v1/comparisons/${id}`)).json()) as ComparisonDto;
      if (dto.status !== "running") return dto;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`comparison ${id} did not end`);
  }

  async function refusal(body: Record<string, unknown>) {
    const res = await post(server.origin, "/api/v1/comparisons", { params, ...body });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; issues: { path: string; message: string }[] } };
    expect(error.code).toBe("invalid_request");
    return error.issues;
  }

  it("refuses each bad cell with a 400 that names its field", async () => {
    const two = cells.slice(0, 2);
    expect((await refusal({ cells: [...two, { model: "flux-9", provider: "fal" }] })).map((i) => i.path)).toEqual(["cells.2.model"]);
    expect((await refusal({ cells: [two[0], { model: "flux-dev", provider: "nowhere" }] })).map((i) => i.path)).toEqual(["cells.1.provider"]);
    // BFL does not serve FLUX.1 [schnell]; apiframe serves neither FLUX.1 model.
    const notServed = await refusal({ cells: [two[0], { model: "flux-schnell", provider: "bfl" }, { model: "flux-dev", provider: "apiframe" }] });
    expect(notServed).toEqual([
      { path: "cells.1.provider", message: expect.stringMatching(/does not serve flux-schnell/) },
      { path: "cells.2.provider", message: expect.stringMatching(/does not serve flux-dev/) },
    ]);
    expect((await refusal({ cells: [two[0], two[1], two[0]] })).map((i) => i.path)).toEqual(["cells.2"]);
    expect((await refusal({ cells: Array.from({ length: 13 }, (_, i) => cells[i % cells.length]) })).map((i) => i.path)).toContain("cells");
    expect((await refusal({ cells: two, model: "flux-dev", providers: ["fal"] })).map((i) => i.path)).toEqual(["cells"]);
    expect(await refusal({ cells, params: { ...params, steps: 80 } })).toEqual([{ path: "params.steps", message: "FLUX.1 [dev]: Steps must be a whole number from 1 to 50" }]);
    expect((await refusal({ cells, params: { ...params, raw: true } })).map((i) => i.path)).toEqual(["params.raw"]);
    expect((await refusal({ cells, failover: { fal: ["bfl"] } })).map((i) => i.path)).toEqual(["failover.fal.0"]);
  });

  it("runs three models on two hosts blind: each cell its model's parameters and warnings, votes rank host × model pairs", async () => {
    const res = await post(server.origin, "/api/v1/comparisons", { cells, params, seeds: [7, 8], blind: true });
    expect(res.status).toBe(202);
    const created = (await res.json()) as { id: string; generations: { model: string; provider: string; seed: number }[]; cells: { key: string; warnings: string[] }[]; estimate: { perProvider: Record<string, number>; totalUsd: number } };
    expect(created.generations).toHaveLength(12);
    expect(created.cells.map((c) => c.key)).toEqual(["fal@flux-pro-1.1", "replicate@flux-pro-1.1", "fal@flux-dev", "replicate@flux-dev", "fal@flux-schnell", "replicate@flux-schnell"]);
    expect(Object.keys(created.estimate.perProvider)).toEqual(created.cells.map((c) => c.key));
    const sum = Object.values(created.estimate.perProvider).reduce((a, b) => a + b, 0);
    expect(created.estimate.totalUsd).toBeCloseTo(sum, 4);

    const dto = await ended(created.id);
    expect(dto.status).toBe("succeeded");
    expect(dto.cells).toEqual(cells);
    // Older clients read the first cell's model and the distinct hosts.
    expect(dto.model).toBe("flux-pro-1.1");
    expect(dto.providers).toEqual(["fal", "replicate"]);
    expect(dto.params).toEqual(params);
    for (const seed of ["7", "8"]) expect([...dto.blindOrder[seed]].sort()).toEqual(created.cells.map((c) => c.key).sort());
    for (const g of dto.generations) {
      expect(g.images, `${g.provider} ${g.model}`).toHaveLength(1);
      if (g.model === "flux-pro-1.1") {
        expect(g.params).toMatchObject({ safety_tolerance: 3, width: 512 });
        expect(g.params).not.toHaveProperty("steps");
        expect(g.warnings).toContain("steps: FLUX 1.1 [pro] takes no steps: not sent");
      } else if (g.model === "flux-dev") {
        expect(g.params).toMatchObject({ safety_tolerance: 3, steps: 20 });
        // It takes every shared value: no mapping warning (its hosts' own capability warnings still apply).
        expect(g.warnings.filter((w) => /^\w+: FLUX\.1 \[dev\] (takes no|does not take)/.test(w))).toEqual([]);
      } else {
        expect(g.params).toMatchObject({ steps: 4, width: 512 });
        expect(g.params).not.toHaveProperty("safety_tolerance");
        expect(g.warnings).toEqual(expect.arrayContaining(["safety_tolerance: FLUX.1 [schnell] takes no safety tolerance: not sent", "steps: FLUX.1 [schnell] does not take steps 20: its default 4 is sent"]));
      }
    }

    // Row 7: replicate's flux-schnell wins; row 8: a tie.
    const winner = dto.generations.find((g) => g.params.seed === 7 && g.provider === "replicate" && g.model === "flux-schnell")!;
    const voted = await post(server.origin, `/api/v1/comparisons/${created.id}/votes`, { seed: 7, winnerGenerationId: winner.id });
    expect(voted.status).toBe(201);
    expect((await post(server.origin, `/api/v1/comparisons/${created.id}/votes`, { seed: 8, winnerGenerationId: null })).status).toBe(201);
    const after = await ended(created.id);
    expect(after.votes.find((v) => v.seed === 7)).toMatchObject({ winner: "replicate@flux-schnell", sandbox: true });
    expect([...after.votes[0].candidates].sort()).toEqual(created.cells.map((c) => c.key).sort());

    const across = (await (await fetch(`${server.origin}/api/v1/leaderboard?model=all&source=sandbox`)).json()) as LeaderboardDto;
    expect(across).toMatchObject({ model: "all", scope: "all", totalVotes: 2 });
    expect(across.hosts[0]).toMatchObject({ key: "replicate@flux-schnell", provider: "replicate", model: "flux-schnell", rank: 1, votes: 2, wins: 1, draws: 1 });
    expect(across.hosts.map((h) => h.key).sort()).toEqual(created.cells.map((c) => c.key).sort());
    for (const h of across.hosts) expect(h.runs, h.key).toBe(2);
    // flux-dev's board: row 7 was won by another model (left out); the tie counts between its hosts.
    const dev = (await (await fetch(`${server.origin}/api/v1/leaderboard?model=flux-dev&source=sandbox`)).json()) as LeaderboardDto;
    expect(dev).toMatchObject({ model: "flux-dev", scope: "model", totalVotes: 1 });
    expect(dev.hosts.filter((h) => h.votes > 0).map((h) => [h.provider, h.draws])).toEqual(expect.arrayContaining([["fal", 1], ["replicate", 1]]));
    const schnell = (await (await fetch(`${server.origin}/api/v1/leaderboard?model=flux-schnell&source=sandbox`)).json()) as LeaderboardDto;
    expect(schnell.totalVotes).toBe(2);
    expect(schnell.hosts[0]).toMatchObject({ provider: "replicate", wins: 1, draws: 1 });

    // A rerun keeps the cells with new seeds; history and the share show the columns.
    const rerun = await post(server.origin, `/api/v1/comparisons/${created.id}/rerun`, {});
    expect(rerun.status).toBe(202);
    const again = await ended(((await rerun.json()) as { id: string }).id);
    expect(again).toMatchObject({ cells, sourceId: created.id, params });
    expect(again.seeds).not.toEqual(dto.seeds);
    const share = await post(server.origin, "/api/v1/shares", { comparisonId: created.id });
    expect(share.status).toBe(201);
    const page = await (await fetch(`${server.origin}/s/${((await share.json()) as { slug: string }).slug}`)).text();
    for (const name of ["fal.ai · FLUX.1 [schnell]", "Replicate · FLUX 1.1 [pro]"]) expect(page).toContain(name);
  }, 120_000);

  it("the cells form is idempotent, cancels, deletes and restores like any comparison", async () => {
    const body = { cells: cells.slice(2), params, seeds: [1], sandbox: { replicate: { latencyMs: 20_000 } } };
    const headers = { "content-type": "application/json", "Idempotency-Key": `cells-${Date.now()}` };
    const send = () => fetch(`${server.origin}/api/v1/comparisons`, { method: "POST", headers, body: JSON.stringify(body) });
    const first = await send();
    expect(first.status).toBe(202);
    const { id } = (await first.json()) as { id: string };
    const again = await send();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { id: string }).id).toBe(id);
    // Replicate's cells are still running (20 s): cancel stops them, fal's finished ones stay.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      const dto = (await (await fetch(`${server.origin}/api/v1/comparisons/${id}`)).json()) as ComparisonDto;
      if (dto.generations.filter((g) => g.provider === "fal").every((g) => g.status === "succeeded")) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    const canceled = (await (await post(server.origin, `/api/v1/comparisons/${id}/cancel`, {})).json()) as ComparisonDto;
    expect(canceled.cells).toEqual(cells.slice(2));
    const dto = await ended(id);
    expect(dto.generations.filter((g) => g.provider === "replicate").map((g) => g.status)).toEqual(["canceled", "canceled"]);
    expect(dto.generations.filter((g) => g.provider === "fal").map((g) => g.status)).toEqual(["succeeded", "succeeded"]);
    expect((await post(server.origin, "/api/v1/history/delete", { comparisonIds: [id] })).status).toBe(200);
    expect((await fetch(`${server.origin}/api/v1/comparisons/${id}`)).status).toBe(404);
    expect((await post(server.origin, "/api/v1/history/restore", { comparisonIds: [id] })).status).toBe(200);
    expect(((await (await fetch(`${server.origin}/api/v1/comparisons/${id}`)).json()) as ComparisonDto).cells).toEqual(cells.slice(2));
  }, 120_000);

  it("the model + providers form is unchanged: host keys, no cell warnings, its own board", async () => {
    const res = await post(server.origin, "/api/v1/comparisons", { model: "flux-dev", providers: ["fal", "replicate"], params: { prompt: "a kite", width: 512, height: 512 }, seeds: [3], blind: true });
    expect(res.status).toBe(202);
    const created = (await res.json()) as { id: string; generations: { provider: string; model: string }[]; estimate: { perProvider: Record<string, number> } };
    expect(Object.keys(created.estimate.perProvider)).toEqual(["fal", "replicate"]);
    const dto = await ended(created.id);
    expect(dto.cells).toEqual([{ model: "flux-dev", provider: "fal" }, { model: "flux-dev", provider: "replicate" }]);
    expect([...dto.blindOrder["3"]].sort()).toEqual(["fal", "replicate"]);
    expect(dto.params).toMatchObject({ prompt: "a kite", steps: 28, guidance: 3 });
    const fal = dto.generations.find((g) => g.provider === "fal")!;
    await post(server.origin, `/api/v1/comparisons/${created.id}/votes`, { seed: 3, winnerGenerationId: fal.id });
    expect((await ended(created.id)).votes[0]).toMatchObject({ candidates: ["fal", "replicate"], winner: "fal" });
    const board = (await (await fetch(`${server.origin}/api/v1/leaderboard?model=flux-dev&source=sandbox`)).json()) as LeaderboardDto;
    expect(board.hosts.find((h) => h.provider === "fal")).toMatchObject({ key: "fal", wins: 1 });
    const refused = await post(server.origin, "/api/v1/comparisons", { model: "flux-dev", providers: ["fal", "apiframe"], params: { prompt: "a kite" } });
    expect(((await refused.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(["providers.1"]);
    const badModel = await fetch(`${server.origin}/api/v1/leaderboard?model=flux-9`);
    expect(badModel.status).toBe(400);
  }, 120_000);
});
