import { describe, expect, it } from "vitest";
import { defaultParams, MODEL_IDS, parseParams, type ModelId } from "@/lib/models";
import { evaluateCapabilities, type ModelCapabilities, type WarnWhen } from "@/lib/providers/capabilities";
import { HOSTS } from "@/lib/providers/hosts";

const one = (when: WarnWhen, message = "{value}|{sent}|{length}"): ModelCapabilities => ({ p: { treatment: "converted", warns: [{ when, message }] } });
const verdict = (when: WarnWhen, params: Record<string, unknown>, message?: string) => evaluateCapabilities(one(when, message), params).byParam.p ?? null;

describe("evaluateCapabilities: each rule", () => {
  it("set: any value but off (undefined, null, false, empty text)", () => {
    for (const off of [undefined, null, false, ""]) expect(verdict({ kind: "set" }, { p: off })).toBeNull();
    for (const on of [true, 0, "x", 0.1]) expect(verdict({ kind: "set" }, { p: on }, "on")).toBe("on");
  });

  it("set-in-batch: set while the run makes more than one image", () => {
    expect(verdict({ kind: "set-in-batch" }, { p: 5, num_images: 1 })).toBeNull();
    expect(verdict({ kind: "set-in-batch" }, { num_images: 3 })).toBeNull();
    expect(verdict({ kind: "set-in-batch" }, { p: 5, num_images: 2 }, "one seed")).toBe("one seed");
  });

  it("outside: names the nearest bound it is sent as", () => {
    expect(verdict({ kind: "outside", min: 1, max: 6 }, { p: 3 })).toBeNull();
    expect(verdict({ kind: "outside", min: 1, max: 6 }, { p: 0 }, "{value} as {sent}")).toBe("0 as 1");
    expect(verdict({ kind: "outside", min: 1 }, { p: 9 })).toBeNull();
    expect(verdict({ kind: "outside", max: 4 }, { p: 9 }, "{sent}")).toBe("4");
    expect(verdict({ kind: "outside", min: 1 }, { p: "0" })).toBeNull();
  });

  it("inside and other-than", () => {
    expect(verdict({ kind: "inside", min: 5, max: 6 }, { p: 5 }, "in")).toBe("in");
    expect(verdict({ kind: "inside", min: 5, max: 6 }, { p: 4 })).toBeNull();
    expect(verdict({ kind: "other-than", values: [2] }, { p: 2 })).toBeNull();
    expect(verdict({ kind: "other-than", values: [2] }, { p: undefined })).toBeNull();
    expect(verdict({ kind: "other-than", values: [2] }, { p: 3 }, "{value}")).toBe("3");
  });

  it("length-outside: counts characters, leaves an empty text to the form", () => {
    expect(verdict({ kind: "length-outside", min: 2, max: 5 }, { p: "abc" })).toBeNull();
    expect(verdict({ kind: "length-outside", min: 2, max: 5 }, { p: "a" }, "{length}")).toBe("1");
    expect(verdict({ kind: "length-outside", min: 2, max: 5 }, { p: "abcdef" }, "{length}")).toBe("6");
    expect(verdict({ kind: "length-outside", min: 2 }, { p: "" })).toBeNull();
  });

  it("shape: by ratio or exact size, sent as the closest by aspect ratio", () => {
    const ratios = { kind: "shape", of: "aspect_ratio", shapes: ["16:9", "3:2", "1:1"], match: "ratio", format: "ratio" } as const;
    expect(verdict(ratios, { p: "x", aspect_ratio: "32:18" })).toBeNull();
    expect(verdict(ratios, { p: "x", aspect_ratio: "5:3" }, "{value} -> {sent}")).toBe("5:3 -> 16:9");
    expect(verdict(ratios, { p: "x", aspect_ratio: "not a ratio" })).toBeNull();
    const shown = { ...ratios, shapes: ["16:9=2752x1536", "1:1=2048x2048"], format: "×" } as const;
    expect(verdict(shown, { p: "x", aspect_ratio: "2:1" }, "{sent}")).toBe("2752×1536");
    const sizes = { kind: "shape", of: "size", shapes: ["1024x1024", "1365x768"], match: "size", format: "x" } as const;
    expect(verdict(sizes, { p: 1, width: 1024, height: 1024 })).toBeNull();
    expect(verdict(sizes, { p: 1, width: 1344, height: 768 }, "{value} -> {sent}")).toBe("1344x768 -> 1365x768");
  });

  it("the first warning that applies wins; notSent lists the dropped params the run has", () => {
    const caps: ModelCapabilities = {
      a: { treatment: "converted", warns: [{ when: { kind: "inside", min: 5, max: 6 }, message: "high" }, { when: { kind: "other-than", values: [2] }, message: "other" }] },
      b: { treatment: "dropped", warns: [{ when: { kind: "set" }, message: "lost" }] },
    };
    expect(evaluateCapabilities(caps, { a: 6, b: false })).toEqual({ byParam: { a: "high" }, warnings: ["a: high"], notSent: ["b"] });
    expect(evaluateCapabilities(caps, { a: 3, b: true }).warnings).toEqual(["a: other", "b: lost"]);
    expect(evaluateCapabilities(undefined, { a: 3 })).toEqual({ byParam: {}, warnings: [], notSent: [] });
  });
});

describe("every host's capability tables", () => {
  const rows = HOSTS.flatMap((host) => host.models.map((model) => [host.id, model, host] as const));

  it.each(rows)("%s × %s is plain data: what the browser gets (JSON) is the table itself", (_id, model, host) => {
    const caps = host.capabilities[model];
    expect(JSON.parse(JSON.stringify(caps))).toEqual(caps);
  });

  it.each(rows)("%s × %s: the verdict read from JSON (the form's) equals the server's, on defaults and on edge values", (_id, model, host) => {
    const caps = host.capabilities[model]!;
    const browser = JSON.parse(JSON.stringify(caps)) as ModelCapabilities;
    const edges: Record<string, unknown>[] = [
      {},
      { safety_tolerance: 0, seed: 0, num_images: 3, prompt_upsampling: true },
      { safety_tolerance: 6, aspect_ratio: "5:3", width: 1344, height: 768, prompt: "x".repeat(2500) },
    ];
    for (const edge of edges) {
      const parsed = parseParams(model as ModelId, { ...defaultParams(model as ModelId), prompt: "a fox", ...edge });
      if (!parsed.ok) continue;
      expect(evaluateCapabilities(browser, parsed.data)).toEqual(evaluateCapabilities(caps, parsed.data));
    }
  });

  it("every model has a table on every host that serves it, with a row for every field of the model", () => {
    for (const host of HOSTS) {
      for (const model of MODEL_IDS.filter((m) => host.models.includes(m))) {
        const fields = Object.keys(defaultParams(model)).concat("prompt");
        for (const field of fields) expect(host.capabilities[model]?.[field], `${host.id} × ${model}: ${field}`).toBeDefined();
      }
    }
  });
});
