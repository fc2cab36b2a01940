import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { freePort, startAppServer, waitFor, type AppServer } from "./helpers/app-server";
import { startSandboxServer, type SandboxServer } from "./helpers/sandbox-server";
import { seedPeople, TEAM_ENV, type Person } from "./helpers/team";
import { createTestData, type TestData } from "./helpers/test-database";

/**
 * Two instances of the app (two `next start`) on one PostgreSQL share each user's daily budget
 * and rate limit: the ledger and the per-user lock are in the database, not in a process.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("limits shared by two instances on PostgreSQL", () => {
  let data: TestData;
  let a: AppServer;
  let b: AppServer;
  let host: SandboxServer;
  let people: Record<"carol" | "dave" | "erin" | "frank", Person>;

  beforeAll(async () => {
    data = await createTestData("postgres");
    // BFL is "live" at an emulator of its own: live runs cost $0.04, no real host is called.
    host = await startSandboxServer();
    const seeded = await seedPeople(
      data,
      ["carol", "dave", "erin", "frank"].map((id) => ({ id, email: `${id}@example.com`, name: id })),
    );
    people = Object.fromEntries(seeded.map((p) => [p.id, p])) as typeof people;
    const start = async (name: string) => {
      const port = await freePort();
      return startAppServer(
        {
          DATA_DIR: path.join(data.dataDir, name),
          DATABASE_URL: data.databaseUrl,
          ...TEAM_ENV,
          USER_RATE_LIMIT_PER_MINUTE: "3",
          USER_DAILY_BUDGET_USD: "0.10",
          BFL_API_KEY: "test-key",
          AUTH_SHARE_SERVER_KEYS: "true",
          BFL_BASE_URL: host.baseUrl("bfl"),
          SANDBOX_LATENCY_MS: "200",
        },
        port,
      );
    };
    [a, b] = await Promise.all([start("a"), start("b")]);
  }, 120_000);
  afterAll(async () => {
    // A server stopped in the middle of a run waits for it: let them end first.
    if (a) {
      await waitFor(
        async () => {
          for (const who of Object.values(people)) {
            const { items } = await (await fetch(`${a.origin}/api/v1/generations?limit=100`, { headers: { cookie: who.cookie } })).json();
            if (items.some((g: { status: string }) => g.status === "queued" || g.status === "running")) return false;
          }
          return true;
        },
        20_000,
        "every run to end",
      ).catch(() => {});
    }
    await Promise.all([a?.stop(), b?.stop()]);
    await host?.close();
    await data?.dispose();
  });

  const post = (server: AppServer, who: Person, path: string, body: unknown) =>
    fetch(`${server.origin}${path}`, { method: "POST", headers: { cookie: who.cookie, "content-type": "application/json" }, body: JSON.stringify(body) });
  const sandboxRun = { model: "flux-pro-1.1", provider: "fal", params: { prompt: "shared limits", width: 256, height: 256 } };
  const liveRun = { ...sandboxRun, provider: "bfl" };
  const runsOf = async (server: AppServer, who: Person) =>
    (await (await fetch(`${server.origin}/api/v1/generations?limit=100`, { headers: { cookie: who.cookie } })).json()).items.length as number;

  it("shares the rate limit: 2 runs on A and 1 on B fill 3 per minute; the 4th, on B, is refused", async () => {
    const { carol } = people;
    expect((await post(a, carol, "/api/v1/generations", sandboxRun)).status).toBe(202);
    expect((await post(a, carol, "/api/v1/generations", sandboxRun)).status).toBe(202);
    expect((await post(b, carol, "/api/v1/generations", sandboxRun)).status).toBe(202);
    const refused = await post(b, carol, "/api/v1/generations", sandboxRun);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const { error } = await refused.json();
    expect(error).toMatchObject({ code: "rate_limited" });
    expect(error.message).toContain("3 runs started in the last minute, the limit is 3 per minute");
    const resetIn = Date.parse(error.resetAt) - Date.now();
    expect(resetIn).toBeGreaterThan(0);
    expect(resetIn).toBeLessThanOrEqual(60_000);
    // And on A too; nothing of the refused runs was stored.
    expect((await post(a, carol, "/api/v1/generations", sandboxRun)).status).toBe(429);
    expect(await runsOf(b, carol)).toBe(3);
  });

  it("shares the daily budget of live runs; sandbox runs stay free", async () => {
    const { dave } = people;
    expect((await post(a, dave, "/api/v1/generations", liveRun)).status).toBe(202);
    expect((await post(b, dave, "/api/v1/generations", liveRun)).status).toBe(202);
    const refused = await post(a, dave, "/api/v1/generations", liveRun);
    expect(refused.status).toBe(429);
    const { error } = await refused.json();
    const midnight = new Date(Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000).toISOString();
    expect(error).toEqual({
      code: "budget_exceeded",
      resetAt: midnight,
      message: `Daily budget reached: $0.08 of $0.10 spent on live runs today (UTC); this run would add $0.04. Resets at 00:00 UTC (${midnight}).`,
    });
    expect((await post(b, dave, "/api/v1/generations", sandboxRun)).status).toBe(202);
    expect(await runsOf(a, dave)).toBe(3);
    expect(await (await fetch(`${b.origin}/api/v1/limits`, { headers: { cookie: dave.cookie } })).json()).toMatchObject({ dailyBudgetUsd: 0.1, spentTodayUsd: 0.08, runsLastMinute: 3 });
  });

  it("a burst on both instances at once lets exactly the limit through", async () => {
    const { erin } = people;
    const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => post(i % 2 ? b : a, erin, "/api/v1/generations", sandboxRun).then((r) => r.status)));
    expect(statuses.filter((s) => s === 202)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect(await runsOf(a, erin)).toBe(3);
  });

  it("counts every cell of a comparison, on either instance", async () => {
    const { frank } = people;
    const comparison = { model: "flux-pro-1.1", providers: ["fal", "replicate"], seeds: [1], params: { prompt: "two cells", width: 256, height: 256 } };
    expect((await post(a, frank, "/api/v1/comparisons", comparison)).status).toBe(202);
    const refused = await post(b, frank, "/api/v1/comparisons", comparison);
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.message).toContain("these 2 runs would add 2");
    expect((await post(b, frank, "/api/v1/comparisons", { ...comparison, providers: ["fal"] })).status).toBe(202);
  });
});
