import { describe, expect, it } from "vitest";
import { identifierParts, lowestPrice, settingDifferences } from "@/components/hosts/host-facts";
import { listProviders } from "@/lib/providers/registry";

describe("the hosts page's facts", () => {
  it("calls a price lowest only when some host asks more", () => {
    expect(lowestPrice([0.04, 0.04, 0.04])).toBeNull();
    expect(lowestPrice([0.06])).toBeNull();
    expect(lowestPrice([])).toBeNull();
    expect(lowestPrice([0.05, 0.04, 0.04])).toBe(0.04);
    expect(lowestPrice(new Map([["a", 0.06], ["b", 0.055]]).values())).toBe(0.055);
  });

  it("cuts a field name only after its separators", () => {
    expect(identifierParts("safety_tolerance")).toEqual(["safety_", "tolerance"]);
    expect(identifierParts("fluxParams.image_prompt_strength")).toEqual(["fluxParams.", "image_", "prompt_", "strength"]);
    expect(identifierParts("seed")).toEqual(["seed"]);
    expect(identifierParts("providerSettings/bfl")).toEqual(["providerSettings/", "bfl"]);
  });

  it("says a difference once for every model it holds for, and names the model when it holds for one", () => {
    const clamp = { treatment: "clamped" as const, note: "1-6 becomes 1-5" };
    const differences = settingDifferences({
      models: ["flux-pro-1.1", "flux-pro-1.1-ultra"],
      capabilities: {
        "flux-pro-1.1": { prompt: { treatment: "passthrough" }, safety_tolerance: clamp, width: { treatment: "converted", note: "to a preset" } },
        "flux-pro-1.1-ultra": { prompt: { treatment: "passthrough" }, safety_tolerance: clamp, raw: { treatment: "dropped" } },
      },
    });
    expect(differences.map((d) => [d.param, d.capability.treatment, d.models])).toEqual([
      ["width", "converted", ["flux-pro-1.1"]],
      ["safety_tolerance", "clamped", ["flux-pro-1.1", "flux-pro-1.1-ultra"]],
      ["raw", "dropped", ["flux-pro-1.1-ultra"]],
    ]);
    expect(differences[1].label).toBe("Safety tolerance");
  });

  it("tells users nothing meant for maintainers: no UNVERIFIED, no PROVIDERS.md section", () => {
    const internal = /UNVERIFIED|PROVIDERS\.md|\b[A-K]\.\d\b|TODO|FIXME/;
    for (const provider of listProviders()) {
      for (const rule of provider.prices) {
        expect(rule.source, `${provider.id} ${rule.model} source`).not.toMatch(internal);
        expect(rule.note ?? "", `${provider.id} ${rule.model} note`).not.toMatch(internal);
      }
      for (const [model, capabilities] of Object.entries(provider.capabilities)) {
        for (const [param, capability] of Object.entries(capabilities ?? {})) {
          expect(capability.note ?? "", `${provider.id} ${model} ${param}`).not.toMatch(internal);
        }
      }
    }
  });
});
