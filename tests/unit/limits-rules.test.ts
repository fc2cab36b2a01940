import { describe, expect, it } from "vitest";
import { checkRuns, effectiveLimits, formatUsd, nextUtcDayStart, retryAfterSeconds, utcDayStart, type Limits } from "@/lib/limits/rules";

const at = (iso: string) => new Date(iso);
const live = (usd: number) => ({ live: true, estimatedUsd: usd });
const sandbox = { live: false, estimatedUsd: 0.04 };
const none: Limits = { dailyBudgetUsd: null, rateLimitPerMinute: null };

describe("the UTC day", () => {
  it.each([
    ["2026-12-04T14:39:17.123Z", "2026-12-04T00:00:00.000Z", "2026-12-05T00:00:00.000Z"],
    ["2026-12-04T00:00:00.000Z", "2026-12-04T00:00:00.000Z", "2026-12-05T00:00:00.000Z"],
    ["2026-12-04T23:59:59.999Z", "2026-12-04T00:00:00.000Z", "2026-12-05T00:00:00.000Z"],
    ["2026-12-31T23:30:00.000Z", "2026-12-31T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    ["2028-02-28T12:00:00.000Z", "2028-02-28T00:00:00.000Z", "2028-02-29T00:00:00.000Z"],
    // An offset is only notation: 01:30 in Paris is still the day before in UTC.
    ["2026-12-05T01:30:00+02:00", "2026-12-04T00:00:00.000Z", "2026-12-05T00:00:00.000Z"],
  ])("%s is in the day from %s to %s", (now, start, next) => {
    expect(utcDayStart(at(now)).toISOString()).toBe(start);
    expect(nextUtcDayStart(at(now)).toISOString()).toBe(next);
  });
});

describe("effective limits", () => {
  const defaults: Limits = { dailyBudgetUsd: 5, rateLimitPerMinute: 10 };
  it.each([
    ["no override row", null, { dailyBudgetUsd: 5, rateLimitPerMinute: 10 }],
    ["null fields mean the default", { dailyBudgetUsd: null, rateLimitPerMinute: null }, { dailyBudgetUsd: 5, rateLimitPerMinute: 10 }],
    ["an override wins", { dailyBudgetUsd: 20, rateLimitPerMinute: null }, { dailyBudgetUsd: 20, rateLimitPerMinute: 10 }],
    ["0 is an override, not the default", { dailyBudgetUsd: 0, rateLimitPerMinute: 0 }, { dailyBudgetUsd: 0, rateLimitPerMinute: 0 }],
  ])("%s", (_, override, expected) => {
    expect(effectiveLimits(defaults, override)).toEqual(expected);
  });
  it("an override applies where the server has no default", () => {
    expect(effectiveLimits(none, { dailyBudgetUsd: 1, rateLimitPerMinute: null })).toEqual({ dailyBudgetUsd: 1, rateLimitPerMinute: null });
  });
});

describe("the daily budget", () => {
  const now = at("2026-12-04T14:00:00.000Z");
  const budget = (usd: number | null): Limits => ({ dailyBudgetUsd: usd, rateLimitPerMinute: null });

  it("lets a run through up to the cap exactly, despite float sums", () => {
    expect(checkRuns(budget(0.12), { liveUsdToday: 0.04 + 0.04, recentStarts: [] }, [live(0.04)], now)).toBeNull();
    expect(checkRuns(budget(5), { liveUsdToday: 4.94, recentStarts: [] }, [live(0.06)], now)).toBeNull();
  });

  it("refuses the run that would pass it, saying the spend, the cap and the reset", () => {
    const refusal = checkRuns(budget(5), { liveUsdToday: 4.96, recentStarts: [] }, [live(0.06)], now);
    expect(refusal).toEqual({
      code: "budget_exceeded",
      resetAt: at("2026-12-05T00:00:00.000Z"),
      message: "Daily budget reached: $4.96 of $5.00 spent on live runs today (UTC); this run would add $0.06. Resets at 00:00 UTC (2026-12-05T00:00:00.000Z).",
    });
  });

  it("counts every live cell of a comparison, and no sandbox cell", () => {
    expect(checkRuns(budget(0.1), { liveUsdToday: 0, recentStarts: [] }, [live(0.04), live(0.04), sandbox, sandbox], now)).toBeNull();
    const refusal = checkRuns(budget(0.1), { liveUsdToday: 0, recentStarts: [] }, [live(0.04), live(0.04), live(0.04), sandbox], now);
    expect(refusal?.message).toContain("these 4 runs would add $0.12");
  });

  it("a budget of 0 forbids live runs and still allows sandbox runs", () => {
    const refusal = checkRuns(budget(0), { liveUsdToday: 0, recentStarts: [] }, [live(0.04)], now);
    expect(refusal?.code).toBe("budget_exceeded");
    expect(refusal?.message).toMatch(/^Live runs are not allowed for this account \(daily budget \$0\.00\); sandbox runs still are\. Resets at 00:00 UTC/);
    expect(checkRuns(budget(0), { liveUsdToday: 0, recentStarts: [] }, [sandbox, sandbox], now)).toBeNull();
  });

  it("without a budget, any spend is fine", () => {
    expect(checkRuns(none, { liveUsdToday: 1e6, recentStarts: [] }, [live(100)], now)).toBeNull();
  });
});

describe("the rate limit", () => {
  const now = at("2026-12-04T14:00:00.000Z");
  const rate = (perMinute: number): Limits => ({ dailyBudgetUsd: null, rateLimitPerMinute: perMinute });
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

  it("counts runs of the last 60 s, sandbox ones too", () => {
    expect(checkRuns(rate(3), { liveUsdToday: 0, recentStarts: [ago(50), ago(10)] }, [sandbox], now)).toBeNull();
    // A start exactly 60 s ago has left the window.
    expect(checkRuns(rate(3), { liveUsdToday: 0, recentStarts: [ago(60), ago(50), ago(10)] }, [sandbox], now)).toBeNull();
  });

  it("refuses the run over the limit; it fits again when the oldest start leaves the window", () => {
    const refusal = checkRuns(rate(3), { liveUsdToday: 0, recentStarts: [ago(50), ago(30), ago(10)] }, [sandbox], now);
    expect(refusal).toEqual({
      code: "rate_limited",
      resetAt: at("2026-12-04T14:00:10.000Z"),
      message: "Rate limit reached: 3 runs started in the last minute, the limit is 3 per minute; this run would add 1. Try again in 10 s (2026-12-04T14:00:10.000Z).",
    });
  });

  it("a comparison needs room for all its cells: it waits for as many starts to leave", () => {
    const refusal = checkRuns(rate(4), { liveUsdToday: 0, recentStarts: [ago(50), ago(30), ago(10)] }, [sandbox, sandbox, sandbox], now);
    // 3 + 3 > 4: two starts must leave, the second one (30 s ago) leaves in 30 s.
    expect(refusal?.resetAt).toEqual(at("2026-12-04T14:00:30.000Z"));
    expect(refusal?.message).toContain("these 3 runs would add 3");
  });

  it("a comparison larger than the limit can never fit: it says so", () => {
    const refusal = checkRuns(rate(3), { liveUsdToday: 0, recentStarts: [] }, [sandbox, sandbox, sandbox, sandbox], now);
    expect(refusal?.code).toBe("rate_limited");
    expect(refusal?.message).toBe("4 runs at once are more than the limit of 3 per minute: choose fewer hosts or seeds.");
  });

  it("a limit of 0 forbids runs", () => {
    expect(checkRuns(rate(0), { liveUsdToday: 0, recentStarts: [] }, [sandbox], now)?.message).toBe("Runs are not allowed for this account (rate limit 0 per minute).");
  });

  it("the budget is reported first when both are passed", () => {
    const both: Limits = { dailyBudgetUsd: 0.05, rateLimitPerMinute: 1 };
    expect(checkRuns(both, { liveUsdToday: 0.04, recentStarts: [ago(5)] }, [live(0.04)], now)?.code).toBe("budget_exceeded");
  });
});

describe("formatting", () => {
  it.each([
    [0, "$0.00"],
    [0.06, "$0.06"],
    [4.96, "$4.96"],
    [5, "$5.00"],
    [0.0035, "$0.0035"],
    [0.12000000000000001, "$0.12"],
  ])("%s is %s", (usd, text) => expect(formatUsd(usd)).toBe(text));

  it("Retry-After is whole seconds, at least 1", () => {
    const now = at("2026-12-04T14:00:00.000Z");
    expect(retryAfterSeconds(at("2026-12-04T14:00:09.200Z"), now)).toBe(10);
    expect(retryAfterSeconds(now, now)).toBe(1);
  });
});
