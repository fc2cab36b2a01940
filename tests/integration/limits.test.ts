import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { nanoid } from "nanoid";
import { getDb } from "@/lib/db/client";
import { pruneLedger, upsertUserLimits } from "@/lib/db/limits";
import { comparisons, generations, runLedger, users } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { createComparison, rerunComparison } from "@/lib/compare/service";
import { createGeneration, type CreateResult } from "@/lib/jobs/service";
import { limitsStatus } from "@/lib/limits/service";
import { startSandboxServer, type SandboxServer } from "./helpers/sandbox-server";
import { backends, createTestData, type TestData } from "./helpers/test-database";
import { useAppEnv } from "./helpers/app-env";

/**
 * Budgets and rate limits at the service level, on each backend: the check and the ledger row are
 * written in the transaction that stores the runs, so a refused run leaves nothing behind.
 */
describe.each(backends())("limits on %s", (backend) => {
  let server: SandboxServer;
  let data: TestData;
  let env: { restore: () => Promise<void> };

  beforeAll(async () => {
    server = await startSandboxServer();
    data = await createTestData(backend);
    // BFL is "live" against the emulator (a key and a base URL): live runs cost, and no real host is called.
    env = await useAppEnv(data, { APP_URL: server.origin, BFL_API_KEY: "test-key", BFL_BASE_URL: server.baseUrl("bfl") });
  }, 180_000);
  afterEach(() => {
    delete process.env.USER_RATE_LIMIT_PER_MINUTE;
    delete process.env.USER_DAILY_BUDGET_USD;
    resetEnvCache();
  });
  afterAll(async () => {
    await env.restore();
    await server.close();
    await data.dispose();
  });

  const setDefaults = (vars: { USER_RATE_LIMIT_PER_MINUTE?: string; USER_DAILY_BUDGET_USD?: string }) => {
    Object.assign(process.env, vars);
    resetEnvCache();
  };
  const newUser = async () => {
    const id = `user-${nanoid(8)}`;
    await (await getDb()).insert(users).values({ id, email: `${id}@example.com` });
    return id;
  };
  const live = { model: "flux-pro-1.1", provider: "bfl" } as const; // $0.04
  const sandbox = { model: "flux-pro-1.1", provider: "fal" } as const;
  const run = (userId: string, host: typeof live | typeof sandbox = sandbox, extra: Record<string, unknown> = {}) =>
    createGeneration({ ...host, params: { prompt: "limits", width: 256, height: 256 }, ...extra }, userId);
  const countOf = async (table: typeof generations | typeof comparisons | typeof runLedger, userId: string) =>
    (await (await getDb()).select({ n: count() }).from(table).where(eq(table.userId, userId)))[0].n;
  const refusal = (result: CreateResult | Awaited<ReturnType<typeof createComparison>> | null) => {
    if (!result || result.ok || !result.limit) throw new Error(`expected a limit refusal, got ${JSON.stringify(result)}`);
    return result.limit;
  };

  it("records every run in the ledger; with no limits nothing is refused", async () => {
    const userId = await newUser();
    for (let i = 0; i < 3; i++) expect((await run(userId, i ? sandbox : live)).ok).toBe(true);
    const rows = await (await getDb()).select().from(runLedger).where(eq(runLedger.userId, userId));
    expect(rows.map((r) => [r.live, r.estimatedUsd]).sort()).toEqual([[false, 0.04], [false, 0.04], [true, 0.04]].sort());
    expect(await limitsStatus(userId)).toMatchObject({ dailyBudgetUsd: null, rateLimitPerMinute: null, spentTodayUsd: 0.04, runsLastMinute: 3 });
  });

  it("refuses the run over the rate limit before storing it, with when it resets", async () => {
    setDefaults({ USER_RATE_LIMIT_PER_MINUTE: "3" });
    const userId = await newUser();
    for (let i = 0; i < 3; i++) expect((await run(userId)).ok).toBe(true);
    const limit = refusal(await run(userId));
    expect(limit.code).toBe("rate_limited");
    expect(limit.message).toMatch(/^Rate limit reached: 3 runs started in the last minute, the limit is 3 per minute; this run would add 1\. Try again in \d+ s/);
    const [first] = await (await getDb()).select().from(runLedger).where(eq(runLedger.userId, userId)).orderBy(runLedger.createdAt).limit(1);
    expect(limit.resetAt).toBe(new Date(first.createdAt.getTime() + 60_000).toISOString());
    expect(await countOf(generations, userId)).toBe(3);
    expect(await countOf(runLedger, userId)).toBe(3);
    // Another user has a window of their own.
    expect((await run(await newUser())).ok).toBe(true);
  });

  it("an idempotent replay is answered, never counted, even at the limit", async () => {
    setDefaults({ USER_RATE_LIMIT_PER_MINUTE: "2" });
    const userId = await newUser();
    const first = await run(userId, sandbox, { idempotencyKey: "k1" });
    const replay = await run(userId, sandbox, { idempotencyKey: "k1" });
    expect(replay).toMatchObject({ ok: true, created: false, id: first.ok && first.id });
    expect((await run(userId)).ok).toBe(true);
    expect(await run(userId, sandbox, { idempotencyKey: "k1" })).toMatchObject({ ok: true, created: false });
    expect(refusal(await run(userId)).code).toBe("rate_limited");
    expect(await countOf(runLedger, userId)).toBe(2);
  });

  it("a comparison of N cells is N runs; refused, it stores no comparison and no cell (re-runs too)", async () => {
    setDefaults({ USER_RATE_LIMIT_PER_MINUTE: "5" });
    const userId = await newUser();
    const input = { model: "flux-pro-1.1", providers: ["fal", "replicate"], seeds: [1, 2], params: { prompt: "grid", width: 256, height: 256 } };
    const created = await createComparison(input, userId);
    if (!created.ok) throw new Error(created.message);
    expect(await countOf(runLedger, userId)).toBe(4);
    const over = refusal(await createComparison({ ...input, seeds: [3] }, userId));
    expect(over.message).toContain("these 2 runs would add 2");
    expect(refusal(await rerunComparison(created.id, {}, userId)).code).toBe("rate_limited");
    expect(await countOf(comparisons, userId)).toBe(1);
    expect(await countOf(generations, userId)).toBe(4);
    // One more cell still fits.
    expect((await createComparison({ ...input, providers: ["fal"], seeds: [4] }, userId)).ok).toBe(true);
    expect(await countOf(runLedger, userId)).toBe(5);
  });

  it("a comparison larger than the limit is refused outright", async () => {
    setDefaults({ USER_RATE_LIMIT_PER_MINUTE: "3" });
    const userId = await newUser();
    const result = await createComparison({ model: "flux-pro-1.1", providers: ["fal", "replicate"], seeds: [1, 2], params: { prompt: "big" } }, userId);
    expect(refusal(result).message).toBe("4 runs at once are more than the limit of 3 per minute: choose fewer hosts or seeds.");
    expect(await countOf(comparisons, userId)).toBe(0);
  });

  it("caps the live spend per UTC day; sandbox runs stay free; deleting runs refunds nothing", async () => {
    setDefaults({ USER_DAILY_BUDGET_USD: "0.10" });
    const userId = await newUser();
    expect((await run(userId, live)).ok).toBe(true);
    expect((await run(userId, live)).ok).toBe(true);
    const limit = refusal(await run(userId, live));
    const midnight = new Date(Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000).toISOString();
    expect(limit).toEqual({
      code: "budget_exceeded",
      resetAt: midnight,
      message: `Daily budget reached: $0.08 of $0.10 spent on live runs today (UTC); this run would add $0.04. Resets at 00:00 UTC (${midnight}).`,
    });
    expect((await run(userId, sandbox)).ok).toBe(true);
    // The history's purge removes rows like this; the ledger is apart from it.
    await (await getDb()).delete(generations).where(eq(generations.userId, userId));
    expect(refusal(await run(userId, live)).code).toBe("budget_exceeded");
    expect(await limitsStatus(userId)).toMatchObject({ dailyBudgetUsd: 0.1, spentTodayUsd: 0.08, resetAt: midnight });
  });

  it("counts only today (UTC) for the budget and the last 60 s for the rate", async () => {
    setDefaults({ USER_DAILY_BUDGET_USD: "1", USER_RATE_LIMIT_PER_MINUTE: "1" });
    const userId = await newUser();
    const now = Date.now();
    const dayStart = Math.floor(now / 86_400_000) * 86_400_000;
    await (await getDb()).insert(runLedger).values([
      { id: nanoid(), userId, generationId: "old-1", live: true, estimatedUsd: 50, createdAt: new Date(dayStart - 1) },
      { id: nanoid(), userId, generationId: "old-2", live: false, estimatedUsd: 0.04, createdAt: new Date(now - 61_000) },
    ]);
    expect((await run(userId, live)).ok).toBe(true);
    expect(refusal(await run(userId)).code).toBe("rate_limited");
  });

  it("a user's override wins over the server's default; null falls back to it; 0 forbids live runs", async () => {
    setDefaults({ USER_RATE_LIMIT_PER_MINUTE: "1" });
    const userId = await newUser();
    await upsertUserLimits(userId, { dailyBudgetUsd: null, rateLimitPerMinute: 3 }, "admin");
    for (let i = 0; i < 3; i++) expect((await run(userId)).ok).toBe(true);
    expect(refusal(await run(userId)).code).toBe("rate_limited");

    const other = await newUser();
    await upsertUserLimits(other, { dailyBudgetUsd: 0, rateLimitPerMinute: null }, "admin");
    expect((await run(other)).ok).toBe(true);
    expect(refusal(await run(other)).code).toBe("rate_limited"); // the default: 1 per minute
    await upsertUserLimits(other, { dailyBudgetUsd: 0, rateLimitPerMinute: 10 }, "admin");
    expect(refusal(await run(other, live)).message).toMatch(/^Live runs are not allowed for this account/);
    expect((await run(other, sandbox)).ok).toBe(true);
  });

  it("concurrent requests of one user cannot pass the limit together", async () => {
    setDefaults({ USER_RATE_LIMIT_PER_MINUTE: "3" });
    const userId = await newUser();
    const results = await Promise.all(Array.from({ length: 10 }, () => run(userId)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.limit?.code === "rate_limited")).toHaveLength(7);
    expect(await countOf(runLedger, userId)).toBe(3);
    expect(await countOf(generations, userId)).toBe(3);
    const ledger = await (await getDb()).select().from(runLedger).where(and(eq(runLedger.userId, userId), eq(runLedger.live, false)));
    expect(new Set(ledger.map((r) => r.generationId)).size).toBe(3);
  });

  it("the sweep's prune drops ledger rows older than two days, and nothing a window still reads", async () => {
    const userId = await newUser();
    const db = await getDb();
    const now = Date.now();
    const at = (msAgo: number) => ({ id: nanoid(16), userId, generationId: nanoid(16), live: true, estimatedUsd: 0.04, createdAt: new Date(now - msAgo) });
    await db.insert(runLedger).values([at(3 * 86_400_000), at(49 * 3_600_000), at(47 * 3_600_000), at(1_000)]);
    await pruneLedger(new Date(now - 2 * 86_400_000));
    const kept = await db.select({ createdAt: runLedger.createdAt }).from(runLedger).where(eq(runLedger.userId, userId));
    expect(kept.map((r) => now - r.createdAt.getTime()).sort((a, b) => a - b)).toEqual([1_000, 47 * 3_600_000]);
  });
});
