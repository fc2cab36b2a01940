import { afterEach, describe, expect, it } from "vitest";
import { parseParams, type ModelId } from "@/lib/models";
import { resetEnvCache } from "@/lib/env";
import { billedCost, estimateCost, imagePrice, priceRule, roundUsd, type ChargeableTask } from "@/lib/pricing";
import { estimateWithRule, pricesInputs } from "@/lib/pricing/price";

const params = (model: ModelId, extra: Record<string, unknown>) => {
  const parsed = parseParams(model, { prompt: "p", ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.data;
};

describe("estimateCost", () => {
  it.each([
    ["flux-pro-1.1", 1, 0.04, 0.04],
    ["flux-pro-1.1", 3, 0.04, 0.12],
    ["flux-pro-1.1", 4, 0.04, 0.16],
    ["flux-pro-1.1-ultra", 1, 0.06, 0.06],
    ["flux-pro-1.1-ultra", 3, 0.06, 0.18],
    ["flux-pro-1.1-ultra", 4, 0.06, 0.24],
  ] as const)("bfl × %s × %i = $%s each, $%s total (exactly)", (model, n, unit, total) => {
    expect(estimateCost("bfl", model, params(model, { num_images: n }))).toEqual({ unitPriceUsd: unit, estimatedUsd: total });
  });

  it("gives exactly 0.12 for 3 FLUX 1.1 [pro] images, not 0.12000000000000001", () => {
    expect(estimateCost("bfl", "flux-pro-1.1", params("flux-pro-1.1", { num_images: 3 })).estimatedUsd).toBe(0.12);
  });

  it("throws for an unknown provider", () => {
    expect(() => estimateCost("nope", "flux-pro-1.1", params("flux-pro-1.1", {}))).toThrow("No price rule for nope × flux-pro-1.1");
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
    expect(priceRule("nobody", "flux-pro-1.1")).toBeNull();
  });
});

describe("per-megapixel rules and configured overrides", () => {
  afterEach(() => {
    delete process.env.PRICING_OVERRIDES;
    resetEnvCache();
  });

  it("counts started megapixels per image", () => {
    const rule = { provider: "x", model: "flux-pro-1.1" as const, unit: "megapixel" as const, usd: 0.04, source: "t", asOf: "2026-01-01" };
    expect(imagePrice(rule, { width: 1024, height: 768 })).toBe(0.04); // 0.79 MP -> 1
    expect(imagePrice(rule, { width: 1440, height: 1440 })).toBe(0.12); // 2.07 MP -> 3
    expect(imagePrice({ ...rule, unit: "image" }, { width: 1440, height: 1440 })).toBe(0.04);
  });

  it("replaces a built-in rule from PRICING_OVERRIDES without a code change", () => {
    process.env.PRICING_OVERRIDES = JSON.stringify([{ provider: "bfl", model: "flux-pro-1.1", unit: "megapixel", usd: 0.05, source: "test" }]);
    resetEnvCache();
    expect(priceRule("bfl", "flux-pro-1.1")).toMatchObject({ unit: "megapixel", usd: 0.05, source: "test" });
    expect(estimateCost("bfl", "flux-pro-1.1", params("flux-pro-1.1", { width: 1440, height: 1440, num_images: 2 }))).toEqual({ unitPriceUsd: 0.15, estimatedUsd: 0.3 });
    expect(priceRule("bfl", "flux-pro-1.1-ultra")?.usd).toBe(0.06);
  });

  it("an override can carry FLUX.2's tiers: further and input megapixels, and the megapixel's size", () => {
    process.env.PRICING_OVERRIDES = JSON.stringify([
      { provider: "bfl", model: "flux-2-pro", unit: "megapixel", usd: 0.04, extraMpUsd: 0.02, inputMpUsd: 0.01, mpPixels: 1_000_000, source: "test" },
    ]);
    resetEnvCache();
    // 1024² is 1.05 MP of 10⁶ pixels: 2 started, so $0.04 + $0.02; an input of 500×500: 1 started, $0.01.
    expect(estimateCost("bfl", "flux-2-pro", params("flux-2-pro", {}), [{ width: 500, height: 500 }])).toEqual({ unitPriceUsd: 0.07, estimatedUsd: 0.07 });
  });

  it("names the variable when the override is malformed", () => {
    process.env.PRICING_OVERRIDES = JSON.stringify([{ provider: "bfl", model: "flux-9", usd: -1 }]);
    resetEnvCache();
    expect(() => priceRule("bfl", "flux-pro-1.1")).toThrow(/PRICING_OVERRIDES: 0\.model/);
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
  const reported = (usd: number): ChargeableTask => ({ chargedImages: 1, hostBilledUsd: usd });
  const unreported: ChargeableTask = { chargedImages: 1, hostBilledUsd: null };
  const uncharged: ChargeableTask = { chargedImages: 0, hostBilledUsd: null };

  it.each<[string, ChargeableTask[], number, number, string]>([
    ["no tasks", [], 0.04, 0, "host"],
    ["all reported by the host", [reported(0.04), reported(0.05)], 0.04, 0.09, "host"],
    ["none reported: list price", [unreported, unreported, unreported], 0.04, 0.12, "estimate"],
    ["some unreported: list price fills", [reported(0.05), unreported], 0.04, 0.09, "estimate"],
    ["uncharged tasks excluded", [unreported, uncharged, uncharged], 0.06, 0.06, "estimate"],
    ["uncharged with a reported cost excluded", [reported(0.04), { chargedImages: 0, hostBilledUsd: 0.04 }], 0.04, 0.04, "host"],
    ["a batch task bills each of its images", [{ chargedImages: 4, hostBilledUsd: null }], 0.06, 0.24, "estimate"],
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

describe("per-megapixel rules with tiers and inputs (FLUX.2)", () => {
  const MP = 1024 * 1024;
  const flux2 = { unit: "megapixel", usd: 0.03, extraMpUsd: 0.015, inputMpUsd: 0.015, mpPixels: MP } as const;

  it("charges the first started MP at usd and each further one at extraMpUsd", () => {
    expect(imagePrice(flux2, { width: 1024, height: 1024 })).toBe(0.03);
    expect(imagePrice(flux2, { width: 256, height: 256 })).toBe(0.03);
    expect(imagePrice(flux2, { width: 1440, height: 1440 })).toBe(0.045); // 1.98 MP: 2 started
    expect(imagePrice(flux2, { width: 2048, height: 2048 })).toBe(0.075); // 4 MP
  });

  it("adds each input image's started megapixels at inputMpUsd", () => {
    expect(imagePrice(flux2, { width: 1024, height: 1024 }, [{ width: 1024, height: 1024 }])).toBe(0.045);
    expect(imagePrice(flux2, { width: 1024, height: 1024 }, [{ width: 512, height: 512 }, { width: 1500, height: 1000 }])).toBe(0.075);
  });

  it("keeps the meaning of the older rules: per image ignores inputs, a flat per-MP rule charges usd per started 10⁶ pixels", () => {
    expect(imagePrice({ unit: "image", usd: 0.04 }, { width: 2048, height: 2048 }, [{ width: 1024, height: 1024 }])).toBe(0.04);
    expect(imagePrice({ unit: "megapixel", usd: 0.025 }, { width: 1440, height: 1440 }, [{ width: 1024, height: 1024 }])).toBe(0.075);
    expect(pricesInputs({ unit: "megapixel" })).toBe(false);
    expect(pricesInputs(flux2)).toBe(true);
  });

  it("estimateWithRule sends the inputs with every image of a batch", () => {
    const p = params("flux-2-pro", { width: 1024, height: 1024, num_images: 3 });
    expect(estimateWithRule(flux2, "flux-2-pro", p, [{ width: 1024, height: 1024 }, { width: 800, height: 600 }])).toEqual({ unitPriceUsd: 0.06, estimatedUsd: 0.18 });
  });
});
