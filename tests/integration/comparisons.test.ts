import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentUserId } from "@/lib/auth/current-user";
import { leaderboard } from "@/lib/compare/leaderboard";
import { runComparisonCells } from "@/lib/compare/run";
import { createComparison, getComparisonDto, rerunComparison, voteOnComparison } from "@/lib/compare/service";
import { listHistory } from "@/lib/history/list";
import { createGeneration } from "@/lib/jobs/service";
import { runGeneration } from "@/lib/jobs/runner";
import { listProviders } from "@/lib/providers/registry";
import { useAppEnv } from "./helpers/app-env";
import { startSandboxServer, type SandboxServer } from "./helpers/sandbox-server";
import { backends, createTestData, type TestData } from "./helpers/test-database";

/** One prompt on every host at once: failures and slow hosts stay in their own cells. */
describe.each(backends())("comparisons on %s", (backend) => {
  let server: SandboxServer;
  let data: TestData;
  let env: { restore: () => Promise<void> };
  let userId: string;
  const vars = () => ({ APP_URL: server.origin, SANDBOX_LATENCY_MS: "200", JOB_POLL_INTERVAL_MS: "50", JOB_DEADLINE_MS: "30000" });

  beforeAll(async () => {
    server = await startSandboxServer();
    data = await createTestData(backend);
    env = await useAppEnv(data, vars());
    userId = await currentUserId();
  }, 180_000);
  afterAll(async () => {
    await env.restore();
    await server.close();
    await data.dispose();
  });

  const hosts = () => listProviders().filter((p) => p.models.includes("flux-pro-1.1")).map((p) => p.id);

  async function compare(input: Record<string, unknown>) {
    const created = await createComparison({ model: "flux-pro-1.1", params: { prompt: "a red kite over dunes", width: 512, height: 512 }, ...input }, userId);
    if (!created.ok) throw new Error(created.message);
    await runComparisonCells(created.generations);
    return { created, dto: (await getComparisonDto(created.id, userId))! };
  }

  it("runs every host × seed; a failing host and a slow one stay in their cells and the comparison ends", async () => {
    const providers = hosts();
    const startedAt = Date.now();
    const { created, dto } = await compare({
      providers,
      seeds: [5, 6],
      sandbox: { replicate: { fault: "server_error" }, fal: { latencyMs: 8000 } },
    });
    expect(created.generations).toHaveLength(providers.length * 2);
    expect(new Set(created.generations.map((g) => `${g.provider}:${g.seed}`)).size).toBe(providers.length * 2);
    expect(dto.status).toBe("partial");
    for (const cell of dto.generations) {
      const seed = cell.params.seed;
      expect([5, 6]).toContain(seed);
      if (cell.provider === "replicate") {
        expect(cell.status).toBe("failed");
        expect(cell.error?.code).toBe("provider_error");
        expect(cell.error?.message).toMatch(/500|server/i);
      } else {
        expect(cell.status, `${cell.provider} × ${seed}`).toBe("succeeded");
        expect(cell.images).toHaveLength(1);
      }
    }
    // The fast hosts (200 ms) did not wait for the slow one (8 s: margin for a 2-core machine under load).
    const fast = dto.generations.filter((g) => g.provider !== "fal" && g.status === "succeeded");
    const slow = dto.generations.filter((g) => g.provider === "fal");
    const lastFast = Math.max(...fast.map((g) => Date.parse(g.timings.finishedAt!)));
    const firstSlow = Math.min(...slow.map((g) => Date.parse(g.timings.finishedAt!)));
    expect(lastFast).toBeLessThan(firstSlow);
    expect(dto.wallMs).not.toBeNull();
    expect(dto.wallMs!).toBeLessThanOrEqual(Date.now() - startedAt);
    expect(dto.cost.billedUsd).toBe(0);
    expect(dto.cost.estimatedUsd).toBeGreaterThan(0);
  }, 60_000);

  it("stores blind votes per row and ranks hosts by them, next to measured latency, failures and cost", async () => {
    const { dto } = await compare({ providers: ["bfl", "fal", "runware"], seeds: [11, 12, 13], blind: true, sandbox: { runware: { fault: "error*1#lb" } } });
    expect(dto.blind).toBe(true);
    for (const seed of dto.seeds) expect([...dto.blindOrder[String(seed)]].sort()).toEqual(["bfl", "fal", "runware"]);
    const cell = (provider: string, seed: number) => dto.generations.find((g) => g.provider === provider && g.params.seed === seed)!;
    // bfl wins twice, one tie.
    for (const [seed, winner] of [[11, "bfl"], [12, "bfl"], [13, null]] as const) {
      const result = await voteOnComparison(dto.id, { seed, winnerGenerationId: winner ? cell(winner, seed).id : null }, userId);
      expect(result.ok, JSON.stringify(result)).toBe(true);
    }
    const again = await voteOnComparison(dto.id, { seed: 11, winnerGenerationId: null }, userId);
    expect(again.ok).toBe(false);
    expect(!again.ok && again.status).toBe(409);
    const bad = await voteOnComparison(dto.id, { seed: 999, winnerGenerationId: null }, userId);
    expect(!bad.ok && bad.status).toBe(400);

    const stored = (await getComparisonDto(dto.id, userId))!;
    expect(stored.votes.map((v) => v.winner)).toEqual(["bfl", "bfl", null]);
    const board = await leaderboard(userId, "flux-pro-1.1", "sandbox");
    expect((await leaderboard(userId, "flux-pro-1.1")).totalVotes).toBe(0); // live by default: sandbox votes kept apart
    expect(board.totalVotes).toBe(3);
    const [first] = board.hosts;
    expect(first.provider).toBe("bfl");
    expect(first.votes).toBe(3);
    expect(first.wins).toBe(2);
    expect(first.low!).toBeLessThan(first.rating!);
    expect(first.high!).toBeGreaterThan(first.rating!);
    const bfl = board.hosts.find((h) => h.provider === "bfl")!;
    expect(bfl.latencyMedianMs).toBeGreaterThan(0);
    expect(bfl.latencyP95Ms!).toBeGreaterThanOrEqual(bfl.latencyMedianMs!);
    expect(bfl.failureRate).toBe(0);
    expect(bfl.meanCostPerImageUsd).toBe(0); // sandbox: billed $0
    expect(board.hosts.find((h) => h.provider === "runware")!.failureRate).toBeGreaterThan(0);
  }, 60_000);

  it("is one entry in the history, with its cells not listed on their own; a re-run uses new seeds", async () => {
    const single = await createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "alone", width: 256, height: 256 } }, userId);
    if (single.ok) await runGeneration(single.id);
    const { dto } = await compare({ providers: ["bfl", "lumenfall"], seeds: [1] });
    const rerun = await rerunComparison(dto.id, {}, userId);
    if (!rerun || !rerun.ok) throw new Error("rerun failed");
    await runComparisonCells(rerun.generations);
    const again = (await getComparisonDto(rerun.id, userId))!;
    expect(again.sourceId).toBe(dto.id);
    expect(again.providers).toEqual(dto.providers);
    expect(again.seeds).toHaveLength(1);
    expect(again.seeds[0]).not.toBe(1);
    expect(again.status).toBe("succeeded");

    const page = await listHistory(userId, { limit: 100 });
    const comparisonIds = page.items.filter((i) => i.kind === "comparison").map((i) => (i.kind === "comparison" ? i.comparison.id : ""));
    expect(comparisonIds.slice(0, 2)).toEqual([rerun.id, dto.id]);
    const cellIds = new Set([...dto.generations, ...again.generations].map((g) => g.id));
    expect(page.items.some((i) => i.kind === "generation" && cellIds.has(i.generation.id))).toBe(false);
    expect(page.items.some((i) => i.kind === "generation" && single.ok && i.generation.id === single.id)).toBe(true);
    const summary = page.items.find((i) => i.kind === "comparison" && i.comparison.id === dto.id);
    expect(summary?.kind === "comparison" && summary.comparison.images).toHaveLength(2);
    // Paging across both kinds is stable.
    const first = await listHistory(userId, { limit: 2 });
    const second = await listHistory(userId, { cursor: first.nextCursor, limit: 2 });
    expect(new Set([...first.items, ...second.items].map((i) => (i.kind === "comparison" ? i.comparison.id : i.generation.id))).size).toBe(4);
  }, 60_000);

  it("across models: cells keyed provider@model, a vote on a pair, each board counting it by its rule", async () => {
    const devBefore = (await leaderboard(userId, "flux-dev", "sandbox")).totalVotes;
    const cells = ["flux-dev", "flux-schnell"].flatMap((model) => ["fal", "runware"].map((provider) => ({ model, provider })));
    const created = await createComparison({ cells, seeds: [31], blind: true, params: { prompt: "a kite", width: 512, height: 512, guidance: 4 } }, userId);
    if (!created.ok) throw new Error(created.message);
    await runComparisonCells(created.generations);
    const dto = (await getComparisonDto(created.id, userId))!;
    expect(dto.cells).toEqual(cells);
    expect([...dto.blindOrder["31"]].sort()).toEqual(["fal@flux-dev", "fal@flux-schnell", "runware@flux-dev", "runware@flux-schnell"]);
    const schnell = dto.generations.filter((g) => g.model === "flux-schnell");
    for (const g of schnell) expect(g.warnings).toContain("guidance: FLUX.1 [schnell] takes no guidance: not sent");
    const winner = schnell.find((g) => g.provider === "runware")!;
    const voted = await voteOnComparison(dto.id, { seed: 31, winnerGenerationId: winner.id }, userId);
    expect(voted.ok && voted.comparison.votes[0].winner).toBe("runware@flux-schnell");
    const across = await leaderboard(userId, "all", "sandbox");
    expect(across.hosts.find((h) => h.key === "runware@flux-schnell")).toMatchObject({ provider: "runware", model: "flux-schnell", wins: 1 });
    expect(across.hosts.find((h) => h.key === "fal@flux-dev")).toMatchObject({ losses: 1 });
    // flux-schnell's board counts it (its winner is a flux-schnell cell); flux-dev's does not.
    expect((await leaderboard(userId, "flux-schnell", "sandbox")).hosts.find((h) => h.provider === "runware")).toMatchObject({ wins: 1 });
    expect((await leaderboard(userId, "flux-dev", "sandbox")).totalVotes).toBe(devBefore);
  }, 60_000);

  it("validates hosts, seeds and params with field paths", async () => {
    const bad = await createComparison({ model: "flux-pro-1.1-ultra", providers: ["together", "bfl", "bfl"], seeds: [1, 1], params: { prompt: "" } }, userId);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const paths = bad.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["providers", "seeds"]));
    const unserved = await createComparison({ model: "flux-pro-1.1-ultra", providers: ["together"], params: { prompt: "x" } }, userId);
    expect(!unserved.ok && unserved.issues[0]).toMatchObject({ path: "providers.0", message: expect.stringContaining("does not serve") });
  });

  it("asks for confirmation when live hosts would bill more than the threshold", async () => {
    await env.restore();
    // BFL live against the emulator: billable, unlike sandbox hosts.
    env = await useAppEnv(data, { ...vars(), COMPARE_CONFIRM_USD: "0.05", BFL_API_KEY: "live-key", BFL_BASE_URL: server.baseUrl("bfl") });
    try {
      const input = { model: "flux-pro-1.1", providers: ["bfl", "fal"], seeds: [1, 2], params: { prompt: "costly", width: 256, height: 256 } };
      const refused = await createComparison(input, userId);
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.needsConfirmation).toMatchObject({ billableUsd: 0.08, confirmAboveUsd: 0.05 });
      expect(refused.needsConfirmation!.totalUsd).toBeGreaterThan(0.08);
      const confirmed = await createComparison({ ...input, confirm: true }, userId);
      expect(confirmed.ok).toBe(true);
      if (confirmed.ok) await runComparisonCells(confirmed.generations);
    } finally {
      await env.restore();
      env = await useAppEnv(data, vars());
    }
  }, 60_000);
});
