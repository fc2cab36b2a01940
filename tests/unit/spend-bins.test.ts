import { describe, expect, it } from "vitest";
import { binLabel, binSpend, binStart, niceTicks, pickUnit } from "@/components/history/spend-bins";

const day = (d: string, estimatedUsd = 0.04, generations = 1) => ({ day: d, generations, images: generations, estimatedUsd, billedUsd: 0 });

describe("spend bins", () => {
  it("starts weeks on Monday, months on the 1st, years on 1 January", () => {
    expect(binStart("2026-11-22", "week")).toBe("2026-11-16"); // a Sunday
    expect(binStart("2026-11-16", "week")).toBe("2026-11-16"); // a Monday
    expect(binStart("2026-01-01", "week")).toBe("2025-12-29"); // across a year
    expect(binStart("2026-02-28", "month")).toBe("2026-02-01");
    expect(binStart("2026-07-04", "year")).toBe("2026-01-01");
    expect(binStart("2026-07-04", "day")).toBe("2026-07-04");
  });

  it("fills the days without runs with zeros, oldest first", () => {
    const { unit, bins } = binSpend([day("2026-03-03", 0.1), day("2026-03-01", 0.05, 2)]);
    expect(unit).toBe("day");
    expect(bins.map((b) => [b.start, b.estimatedUsd, b.generations])).toEqual([
      ["2026-03-01", 0.05, 2],
      ["2026-03-02", 0, 0],
      ["2026-03-03", 0.1, 1],
    ]);
  });

  it("crosses month ends and leap days day by day", () => {
    const { bins } = binSpend([day("2028-02-28"), day("2028-03-01")]);
    expect(bins.map((b) => b.start)).toEqual(["2028-02-28", "2028-02-29", "2028-03-01"]);
  });

  it("groups a long history into weeks, then months, then years, never above the bar limit", () => {
    expect(pickUnit("2026-01-01", "2026-03-03")).toBe("day"); // 62 days
    expect(pickUnit("2026-01-01", "2026-03-04")).toBe("week"); // 63 days
    expect(pickUnit("2026-01-01", "2027-06-30")).toBe("month");
    expect(pickUnit("2000-01-01", "2026-06-30")).toBe("year");

    const days = Array.from({ length: 400 }, (_, i) => day(new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10), 0.01));
    const { unit, bins } = binSpend(days);
    expect(unit).toBe("week");
    expect(bins.length).toBeLessThanOrEqual(62);
    // Nothing is lost in the grouping.
    expect(bins.reduce((sum, b) => sum + b.generations, 0)).toBe(400);
    expect(bins.reduce((sum, b) => sum + b.estimatedUsd, 0)).toBeCloseTo(4, 10);
  });

  it("has no bins for no runs", () => {
    expect(binSpend([])).toEqual({ unit: "day", bins: [] });
  });

  // Zones far from UTC on both sides: a label read as a local date, or a UTC midnight shown as a
  // local one, lands on the wrong day in one of them (a UTC runner would not notice).
  it.each(["Pacific/Kiritimati", "Pacific/Pago_Pago"])("labels bins as calendar dates whatever the machine's zone (%s)", (zone) => {
    const saved = process.env.TZ;
    process.env.TZ = zone;
    try {
      // Node applies a new TZ at once: the zone is in force for this test.
      expect(new Date("2026-03-01T00:00:00Z").getTimezoneOffset()).not.toBe(0);
      expect(binLabel("2026-03-01", "day")).toBe("Mar 1");
      expect(binLabel("2026-03-02", "week")).toBe("week of Mar 2");
      expect(binLabel("2026-03-01", "month")).toBe("Mar 2026");
      expect(binLabel("2026-01-01", "year")).toBe("2026");
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe("axis ticks", () => {
  it.each([
    [0.16, [0, 0.05, 0.1, 0.15, 0.2]],
    [1, [0, 0.25, 0.5, 0.75, 1]],
    [0.3, [0, 0.1, 0.2, 0.3]],
    [7.3, [0, 2, 4, 6, 8]],
    [1234, [0, 500, 1000, 1500]],
  ])("cover %s with round steps", (max, ticks) => {
    expect(niceTicks(max)).toEqual(ticks);
  });

  it("still draw an axis when nothing was spent", () => {
    expect(niceTicks(0)).toEqual([0, 0.0025, 0.005, 0.0075, 0.01]);
  });

  it("always reach the maximum", () => {
    for (const max of [0.001, 0.04, 0.99, 3.14159, 42, 99999]) {
      const ticks = niceTicks(max);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
  });
});
