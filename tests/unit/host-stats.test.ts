import { comparisonStatus } from "@/lib/compare/dto";
import { describe, expect, it } from "vitest";
import { comparisonCost, exceedsConfirmation, hostStats, median, percentile, type GenerationStat } from "@/lib/compare/stats";

const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);

describe("percentile", () => {
  it.each([
    [[1, 2, 3, 4], 50, 2],
    [oneToTwenty, 95, 19],
    [oneToTwenty, 100, 20],
    [oneToTwenty, 0, 1],
    [oneToTwenty, 5, 1],
    [oneToTwenty, 6, 2],
    [[42], 0, 42],
    [[42], 50, 42],
    [[42], 100, 42],
  ])("of %j at p=%s is %s", (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it("sorts numerically without touching its input", () => {
    const values = [10, 9, 100, 1];
    expect(percentile(values, 75)).toBe(10);
    expect(values).toEqual([10, 9, 100, 1]);
  });

  it("is null for no values", () => {
    expect(percentile([], 50)).toBeNull();
  });

  it.each([-1, 101, Number.NaN])("rejects p = %s", (p) => {
    expect(() => percentile([1], p)).toThrow(RangeError);
  });
});

describe("median", () => {
  it("is the nearest-rank 50th percentile", () => {
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNull();
  });
});

describe("hostStats", () => {
  const run = (provider: string, status: GenerationStat["status"], extra: Partial<GenerationStat> = {}): GenerationStat => ({
    provider,
    status,
    hostLatencyMs: null,
    totalMs: null,
    images: 1,
    estimatedUsd: 0.04,
    billedUsd: null,
    ...extra,
  });

  const rows: GenerationStat[] = [
    // bfl: 20 successes with host latencies 100..2000 ms, 2 failures, 1 cancel, 1 running.
    ...oneToTwenty.map((i) => run("bfl", "succeeded", { hostLatencyMs: i * 100, totalMs: i * 100 + 50 })),
    run("bfl", "failed"),
    run("bfl", "failed"),
    run("bfl", "canceled"),
    run("bfl", "running"),
    // fal: billed figures where the host gave one, else the estimate; a failure costs nothing here.
    run("fal", "succeeded", { images: 2, estimatedUsd: 0.1, billedUsd: 0.08, hostLatencyMs: 900 }),
    run("fal", "succeeded", { images: 1, estimatedUsd: 0.05, billedUsd: null, hostLatencyMs: null, totalMs: 1200 }),
    run("fal", "failed", { images: 4, estimatedUsd: 1, billedUsd: 1 }),
    // together: nothing succeeded yet.
    run("together", "failed"),
    run("together", "canceled"),
    run("together", "queued"),
  ];
  const stats = hostStats(rows);

  it("counts runs, ended runs and outcomes per host", () => {
    expect(Object.keys(stats).sort()).toEqual(["bfl", "fal", "together"]);
    expect(stats.bfl).toMatchObject({ runs: 24, ended: 23, succeeded: 20, failed: 2 });
  });

  it("leaves canceled and unfinished runs out of the failure rate", () => {
    expect(stats.bfl.failureRate).toBeCloseTo(2 / 22, 12);
    expect(stats.together.failureRate).toBe(1);
  });

  it("takes latency percentiles over succeeded runs: p95 of 20 values is the 19th", () => {
    expect(stats.bfl.latencyMedianMs).toBe(1000);
    expect(stats.bfl.latencyP95Ms).toBe(1900);
    expect(stats.bfl.totalMedianMs).toBe(1050);
  });

  it("skips missing latencies", () => {
    expect(stats.fal.latencyMedianMs).toBe(900);
    expect(stats.fal.latencyP95Ms).toBe(900);
    expect(stats.fal.totalMedianMs).toBe(1200);
  });

  it("prices an image by the billed figure when present, else the estimate", () => {
    // (0.08 billed + 0.05 estimated) / 3 images; the failed run is not counted.
    expect(stats.fal.meanCostPerImageUsd).toBeCloseTo(0.13 / 3, 12);
    expect(stats.bfl.meanCostPerImageUsd).toBeCloseTo(0.04, 12);
  });

  it("gives nulls, not zeros, for a host with no success", () => {
    expect(stats.together).toEqual({
      runs: 3,
      ended: 2,
      succeeded: 0,
      failed: 1,
      failureRate: 1,
      latencyMedianMs: null,
      latencyP95Ms: null,
      totalMedianMs: null,
      meanCostPerImageUsd: null,
    });
  });

  it("has no failure rate before anything succeeded or failed", () => {
    expect(hostStats([run("bfl", "canceled"), run("bfl", "running")]).bfl.failureRate).toBeNull();
  });

  it("is empty for no rows", () => {
    expect(hostStats([])).toEqual({});
  });
});

describe("comparisonCost", () => {
  const cells = (usd: number, n: number) => Array.from({ length: n }, () => ({ estimatedUsd: usd }));

  it("gives exactly 0.12 for three cells of 0.04", () => {
    expect(comparisonCost(cells(0.04, 3))).toBe(0.12);
  });

  it("gives exactly 0.21 for three cells of 0.07, where the raw sum is 0.21000000000000002", () => {
    expect(0.07 + 0.07 + 0.07).not.toBe(0.21);
    expect(comparisonCost(cells(0.07, 3))).toBe(0.21);
  });

  it("rounds to a hundredth of a cent", () => {
    expect(comparisonCost([{ estimatedUsd: 0.1 }, { estimatedUsd: 0.2 }])).toBe(0.3);
    expect(comparisonCost([{ estimatedUsd: 0.00004 }, { estimatedUsd: 0.00004 }])).toBe(0.0001);
    expect(comparisonCost([])).toBe(0);
  });
});

describe("exceedsConfirmation", () => {
  it.each([
    [0.12, 0.5, false],
    [0.5, 0.5, false],
    [0.5001, 0.5, true],
    [0.1 + 0.2, 0.3, false],
  ])("%s against a %s threshold is %s", (total, threshold, expected) => {
    expect(exceedsConfirmation(total, threshold)).toBe(expected);
  });
});

describe("comparisonStatus", () => {
  it.each([
    [[], "failed"],
    [["succeeded", "running"], "running"],
    [["succeeded", "queued"], "running"],
    [["succeeded", "succeeded"], "succeeded"],
    [["failed", "failed"], "failed"],
    [["canceled", "canceled"], "canceled"],
    [["succeeded", "failed"], "partial"],
    [["succeeded", "canceled"], "partial"],
    [["failed", "canceled"], "failed"],
  ] as const)("%j → %s", (statuses, expected) => {
    expect(comparisonStatus(statuses.map((status) => ({ status })))).toBe(expected);
  });
});
