import { describe, expect, it } from "vitest";
import { billedCost, estimateCost, priceRule, roundUsd, type ChargeableTask } from "@/lib/pricing";

describe("estimateCost", () => {
  it.each([
    ["flux-pro-1.1", 1, 0.04, 0.04],
    ["flux-pro-1.1", 3, 0.04, 0.12],
    ["flux-pro-1.1", 4, 0.04, 0.16],
    ["flux-pro-1.1-ultra", 1, 0.06, 0.06],
    ["flux-pro-1.1-ultra", 3, 0.06, 0.18],
    ["flux-pro-1.1-ultra", 4, 0.06, 0.24],
  ] as const)("bfl × %s × %i = $%s each, $%s total (exactly)", (model, n, unit, total) => {
    expect(estimateCost("bfl", model, n)).toEqual({ unitPriceUsd: unit, estimatedUsd: total });
  });

  it("gives exactly 0.12 for 3 FLUX 1.1 [pro] images, not 0.12000000000000001", () => {
    expect(estimateCost("bfl", "flux-pro-1.1", 3).estimatedUsd).toBe(0.12);
  });

  it("throws for an unknown provider", () => {
    expect(() => estimateCost("nope", "flux-pro-1.1", 1)).toThrow("No price rule for nope × flux-pro-1.1");
  });
});

describe("priceRule", () => {
  it.each(["flux-pro-1.1", "flux-pro-1.1-ultra"] as const)("bfl × %s has a per-image price with source and date", (model) => {
    const rule = priceRule("bfl", model);
    expect(rule).not.toBeNull();
    expect(rule!.unit).toBe("image");
    expect(rule!.source).toMatch(/^https:\/\//);
    expect(rule!.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number.isNaN(Date.parse(rule!.asOf))).toBe(false);
  });

  it("returns null for an unknown provider", () => {
    expect(priceRule("fal", "flux-pro-1.1")).toBeNull();
  });
});

describe("roundUsd", () => {
  it.each([
    [0.04 * 3, 0.12],
    [0.1 + 0.2, 0.3],
    [0.04 + 0.02, 0.06],
    [0.07 * 3, 0.21],
    [0.00004, 0],
  ])("roundUsd(%s) = %s", (input, expected) => {
    expect(roundUsd(input)).toBe(expected);
  });
});

describe("billedCost", () => {
  const reported = (usd: number): ChargeableTask => ({ charged: true, hostBilledUsd: usd });
  const unreported: ChargeableTask = { charged: true, hostBilledUsd: null };
  const uncharged: ChargeableTask = { charged: false, hostBilledUsd: null };

  it.each<[string, ChargeableTask[], number, number, string]>([
    ["no tasks", [], 0.04, 0, "host"],
    ["all reported by the host", [reported(0.04), reported(0.05)], 0.04, 0.09, "host"],
    ["none reported: list price", [unreported, unreported, unreported], 0.04, 0.12, "estimate"],
    ["some unreported: list price fills", [reported(0.05), unreported], 0.04, 0.09, "estimate"],
    ["uncharged tasks excluded", [unreported, uncharged, uncharged], 0.06, 0.06, "estimate"],
    ["uncharged with a reported cost excluded", [reported(0.04), { charged: false, hostBilledUsd: 0.04 }], 0.04, 0.04, "host"],
    ["all uncharged", [uncharged, uncharged], 0.06, 0, "host"],
    ["float sums are rounded", [reported(0.1), reported(0.2)], 0.04, 0.3, "host"],
  ])("%s", (_label, tasks, unit, usd, source) => {
    expect(billedCost(tasks, unit, false)).toEqual({ billedUsd: usd, billedSource: source });
  });

  it("0.04 × 3 unreported is 0.12, not 0.12000000000000001", () => {
    expect(billedCost([unreported, unreported, unreported], 0.04, false).billedUsd).toBe(0.12);
  });

  it("is $0 from the sandbox whatever the tasks", () => {
    expect(billedCost([reported(0.04), unreported], 0.04, true)).toEqual({ billedUsd: 0, billedSource: "sandbox" });
  });
});
