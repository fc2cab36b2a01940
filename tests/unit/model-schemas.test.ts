import { describe, expect, it } from "vitest";
import {
  carryOverParams,
  defaultParams,
  describeFields,
  modelJsonSchema,
  outputSize,
  parseParams,
  type FieldIssue,
  type FluxPro11Params,
  type FluxPro11UltraParams,
  type ModelId,
} from "@/lib/models";
import { ultraOutputSize } from "@/lib/models/output-size";
import { FLUX2_MAX_PIXELS } from "@/lib/models/flux-2-pro";

const PRO = "flux-pro-1.1" as const;
const ULTRA = "flux-pro-1.1-ultra" as const;
const MODELS: ModelId[] = [PRO, ULTRA];

const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

/** Parses and returns the issues of one field (empty when the params are valid). */
function issuesFor(model: ModelId, params: Record<string, unknown>, field: string): FieldIssue[] {
  const result = parseParams(model, { prompt: "a red fox", ...params });
  if (result.ok) return [];
  return result.issues.filter((i) => i.path === `params.${field}`);
}

function expectValid(model: ModelId, params: Record<string, unknown>) {
  const result = parseParams(model, { prompt: "a red fox", ...params });
  if (!result.ok) throw new Error(`expected valid, got ${JSON.stringify(result.issues)}`);
  return result.data;
}

describe("parseParams: FLUX 1.1 [pro] width/height", () => {
  it.each([
    ["width", 256],
    ["width", 1024],
    ["width", 1440],
    ["height", 256],
    ["height", 768],
    ["height", 1440],
  ])("%s = %i is accepted", (field, value) => {
    const data = expectValid(PRO, { [field]: value }) as FluxPro11Params;
    expect(data[field as "width" | "height"]).toBe(value);
  });

  it.each([
    ["width", 255, "Width must be between 256 and 1440"],
    ["width", 1441, "Width must be between 256 and 1440"],
    ["height", 255, "Height must be between 256 and 1440"],
    ["height", 1441, "Height must be between 256 and 1440"],
    ["width", 1000, "multiple of 32"],
    ["height", 1000, "multiple of 32"],
    ["width", 1024.5, "whole number"],
    ["width", "1024", "whole number"],
  ])("%s = %s is rejected with a message containing %j", (field, value, fragment) => {
    const issues = issuesFor(PRO, { [field]: value }, field);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.map((i) => i.message).join(" | ")).toContain(fragment);
  });

  it("names the field in the issue path as params.<field>", () => {
    const result = parseParams(PRO, { prompt: "x", width: 1000, height: 2000 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = new Set(result.issues.map((i) => i.path));
    expect(paths).toEqual(new Set(["params.width", "params.height"]));
  });

  it("refuses width/height as Ultra params by name (size comes from aspect_ratio): nothing is silently dropped", () => {
    const result = parseParams(ULTRA, { prompt: "x", width: 1024, height: 768 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(new Set(result.issues.map((i) => i.path))).toEqual(new Set(["params.width", "params.height"]));
  });
});

describe("parseParams: Ultra aspect_ratio", () => {
  it.each(["21:9", "9:21", "16:9", "7:3", "1:1", "3:7", "4:3", " 16:9 "])("%j is accepted", (value) => {
    const data = expectValid(ULTRA, { aspect_ratio: value }) as FluxPro11UltraParams;
    expect(data.aspect_ratio).toBe(value.trim());
  });

  it.each([
    ["22:9", "between 21:9 and 9:21"],
    ["9:22", "between 21:9 and 9:21"],
    ["3:1", "between 21:9 and 9:21"],
    ["abc", 'must look like "W:H"'],
    ["0:1", 'must look like "W:H"'],
    ["16/9", 'must look like "W:H"'],
    ["16:9:1", 'must look like "W:H"'],
    ["", 'must look like "W:H"'],
  ])("%j is rejected: %s", (value, fragment) => {
    const issues = issuesFor(ULTRA, { aspect_ratio: value }, "aspect_ratio");
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.message).toContain(fragment);
  });

  it("gives a malformed ratio one message, about its form (not also about its range)", () => {
    const issues = issuesFor(ULTRA, { aspect_ratio: "abc" }, "aspect_ratio");
    expect(issues).toEqual([{ path: "params.aspect_ratio", message: 'Aspect ratio must look like "W:H", e.g. 16:9' }]);
  });
});

describe("parseParams: numeric fields", () => {
  it.each([
    ["image_prompt_strength", 0, true],
    ["image_prompt_strength", 0.5, true],
    ["image_prompt_strength", 1, true],
    ["image_prompt_strength", 1.01, false],
    ["image_prompt_strength", -0.01, false],
  ])("Ultra %s = %s valid: %s", (field, value, valid) => {
    const issues = issuesFor(ULTRA, { [field]: value }, field);
    if (valid) expect(issues).toEqual([]);
    else expect(issues[0]!.message).toBe("Image prompt strength must be a number from 0 to 1");
  });

  describe.each(MODELS)("%s", (model) => {
    it.each([
      ...[0, 1, 2, 3, 4, 5, 6].map((v) => ["safety_tolerance", v, true] as const),
      ["safety_tolerance", 7, false],
      ["safety_tolerance", -1, false],
      ["safety_tolerance", 2.5, false],
      ...[1, 2, 3, 4].map((v) => ["num_images", v, true] as const),
      ["num_images", 0, false],
      ["num_images", 5, false],
      ["num_images", 1.5, false],
      ["seed", 0, true],
      ["seed", 42, true],
      ["seed", 4294967295, true],
      ["seed", undefined, true],
      ["seed", 4294967296, false],
      ["seed", -1, false],
      ["seed", 1.5, false],
      ["seed", "42", false],
      ["output_format", "jpeg", true],
      ["output_format", "png", true],
      ["output_format", "webp", false],
    ] as const)("%s = %s valid: %s", (field, value, valid) => {
      const issues = issuesFor(model, { [field]: value }, field);
      if (valid) expect(issues).toEqual([]);
      else expect(issues.length).toBeGreaterThan(0);
    });

    it.each([
      ["safety_tolerance", 7, "Safety tolerance must be a whole number from 0 to 6"],
      ["num_images", 5, "Number of images must be from 1 to 4"],
      ["seed", 4294967296, "Seed must be a whole number from 0 to 4294967295"],
      ["output_format", "webp", 'Output format must be "jpeg" or "png"'],
    ])("%s = %s says %j", (field, value, message) => {
      expect(issuesFor(model, { [field]: value }, field)).toEqual([{ path: `params.${field}`, message }]);
    });

    it("keeps an absent seed absent (the host picks one)", () => {
      const data = expectValid(model, {});
      expect(data.seed).toBeUndefined();
    });
  });
});

describe("parseParams: prompt", () => {
  it.each([
    ["empty", ""],
    ["blank", "   "],
    ["missing", undefined],
    ["not a string", 42],
  ])("%s prompt is rejected", (_label, prompt) => {
    for (const model of MODELS) {
      const result = parseParams(model, { prompt });
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.issues).toContainEqual({ path: "params.prompt", message: "Prompt is required" });
    }
  });

  it("trims the prompt", () => {
    expect(expectValid(PRO, { prompt: "  a fox  " }).prompt).toBe("a fox");
  });

  it("rejects a missing params object with a prompt issue", () => {
    const result = parseParams(PRO, undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toEqual(["params.prompt"]);
  });
});

describe("parseParams: image_prompt", () => {
  it.each([
    ["a data:image/png;base64 URL", `data:image/png;base64,${PNG_BASE64}`, true],
    ["a data:image/jpeg;base64 URL", `data:image/jpeg;base64,${PNG_BASE64}`, true],
    ["bare base64", PNG_BASE64, true],
    ["an http URL (fetched when the run is made)", "http://x", true],
    ["an https URL", "https://example.com/a.png", true],
    ["an ftp URL", "ftp://example.com/a.png", false],
    ["a file URL", "file:///etc/passwd", false],
    ["a javascript: URL", "javascript:alert(1)", false],
    ["an https URL longer than 2048 characters", `https://example.com/${"a".repeat(2048)}.png`, false],
    ["a data URL of another type", `data:text/plain;base64,${PNG_BASE64}`, false],
    ["an image stored by this playground", `/api/images/${"ab".repeat(32)}.png`, true],
    ["a path that only looks stored", "/api/images/../../etc/passwd.png", false],
  ])("%s valid: %s", (_label, value, valid) => {
    for (const model of MODELS) {
      const issues = issuesFor(model, { image_prompt: value }, "image_prompt");
      if (valid) expect(issues).toEqual([]);
      else expect(issues[0]!.message).toContain("PNG, JPEG or WebP image: base64, a data: URL, an http(s) URL (at most 2048 characters) or an /api/images/ URL");
    }
  });
});

describe("parseParams: defaults", () => {
  it("fills FLUX 1.1 [pro] defaults", () => {
    expect(expectValid(PRO, {})).toEqual({
      prompt: "a red fox",
      width: 1024,
      height: 768,
      num_images: 1,
      safety_tolerance: 2,
      prompt_upsampling: false,
      output_format: "jpeg",
    });
  });

  it("fills Ultra defaults, without an image-prompt strength when there is no image prompt (nothing would send it)", () => {
    expect(expectValid(ULTRA, {})).toEqual({
      prompt: "a red fox",
      aspect_ratio: "16:9",
      raw: false,
      num_images: 1,
      safety_tolerance: 2,
      prompt_upsampling: false,
      output_format: "jpeg",
    });
  });
});

describe("defaultParams", () => {
  it("returns the initial form values of FLUX 1.1 [pro] (no prompt, no seed)", () => {
    expect(defaultParams(PRO)).toEqual({
      width: 1024,
      height: 768,
      num_images: 1,
      safety_tolerance: 2,
      prompt_upsampling: false,
      output_format: "jpeg",
    });
  });

  it("returns the initial form values of Ultra", () => {
    expect(defaultParams(ULTRA)).toEqual({
      aspect_ratio: "16:9",
      raw: false,
      num_images: 1,
      safety_tolerance: 2,
      prompt_upsampling: false,
      output_format: "jpeg",
      image_prompt_strength: 0.1,
    });
  });
});

describe("carryOverParams", () => {
  it("keeps shared values and drops width/height when switching pro -> Ultra", () => {
    const out = carryOverParams(
      { prompt: "a fox", seed: 7, safety_tolerance: 5, width: 1440, height: 608, num_images: 3, output_format: "png" },
      ULTRA,
    );
    expect(out).toEqual({
      prompt: "a fox",
      seed: 7,
      safety_tolerance: 5,
      num_images: 3,
      output_format: "png",
      aspect_ratio: "16:9",
      raw: false,
      prompt_upsampling: false,
      image_prompt_strength: 0.1,
    });
    expect(out).not.toHaveProperty("width");
    expect(out).not.toHaveProperty("height");
  });

  it("drops aspect_ratio/raw/strength and restores width/height defaults when switching Ultra -> pro", () => {
    const out = carryOverParams({ prompt: "a fox", aspect_ratio: "21:9", raw: true, image_prompt_strength: 0.8, seed: 1 }, PRO);
    expect(out).toEqual({
      prompt: "a fox",
      seed: 1,
      width: 1024,
      height: 768,
      num_images: 1,
      safety_tolerance: 2,
      prompt_upsampling: false,
      output_format: "jpeg",
    });
  });

  it.each([
    ["safety_tolerance", 9, 2],
    ["num_images", 0, 1],
    ["output_format", "webp", "jpeg"],
    ["aspect_ratio", "22:9", "16:9"],
  ])("falls back to the default when %s = %j is invalid for the new model", (field, value, fallback) => {
    expect(carryOverParams({ prompt: "a fox", [field]: value }, ULTRA)[field]).toBe(fallback);
  });

  it("drops an invalid value that has no default", () => {
    const out = carryOverParams({ prompt: "a fox", seed: -5 }, PRO);
    expect(out).not.toHaveProperty("seed");
  });

  it("ignores undefined values", () => {
    expect(carryOverParams({ prompt: "x", seed: undefined, width: undefined }, PRO)).toEqual({ ...defaultParams(PRO), prompt: "x" });
  });
});

describe("describeFields", () => {
  it.each(MODELS)("%s: every field has UI metadata and they are ordered by ui.order", (model) => {
    const fields = describeFields(model);
    expect(fields.length).toBeGreaterThan(0);
    for (const f of fields) {
      expect(typeof f.ui.label).toBe("string");
      expect(f.ui.label.length).toBeGreaterThan(0);
      expect(typeof f.ui.control).toBe("string");
      expect(typeof f.ui.order).toBe("number");
    }
    const orders = fields.map((f) => f.ui.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(fields[0]!.name).toBe("prompt");
    expect(fields[0]!.required).toBe(true);
  });

  it("FLUX 1.1 [pro] has width and height and no Ultra-only fields", () => {
    const names = describeFields(PRO).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(["prompt", "width", "height", "seed", "num_images", "safety_tolerance", "output_format", "image_prompt"]));
    expect(names).not.toContain("aspect_ratio");
    expect(names).not.toContain("raw");
    expect(names).not.toContain("image_prompt_strength");
  });

  it("Ultra has aspect_ratio, raw and image_prompt_strength and no width/height", () => {
    const names = describeFields(ULTRA).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(["aspect_ratio", "raw", "image_prompt_strength"]));
    expect(names).not.toContain("width");
    expect(names).not.toContain("height");
  });

  it("carries JSON Schema bounds and defaults, without the ui key, and marks only prompt as required", () => {
    const fields = Object.fromEntries(describeFields(PRO).map((f) => [f.name, f]));
    expect(fields.width!.jsonSchema).toMatchObject({ minimum: 256, maximum: 1440, default: 1024 });
    expect(fields.width!.jsonSchema).not.toHaveProperty("ui");
    expect(fields.width!.ui).toMatchObject({ control: "dimension", step: 32 });
    expect(Object.values(fields).filter((f) => f.required).map((f) => f.name)).toEqual(["prompt"]);
  });

  it("links image_prompt_strength to image_prompt", () => {
    const strength = describeFields(ULTRA).find((f) => f.name === "image_prompt_strength")!;
    expect(strength.ui.dependsOn).toBe("image_prompt");
  });
});

describe("modelJsonSchema", () => {
  type Json = { type: string; properties: Record<string, Record<string, unknown>>; required?: string[] };

  it.each([
    [PRO, "safety_tolerance", { minimum: 0, maximum: 6, default: 2 }],
    [PRO, "width", { minimum: 256, maximum: 1440 }],
    [PRO, "height", { minimum: 256, maximum: 1440, default: 768 }],
    [PRO, "num_images", { minimum: 1, maximum: 4, default: 1 }],
    [PRO, "seed", { minimum: 0, maximum: 4294967295 }],
    [ULTRA, "image_prompt_strength", { minimum: 0, maximum: 1, default: 0.1 }],
    [ULTRA, "aspect_ratio", { type: "string", default: "16:9" }],
    [ULTRA, "output_format", { enum: ["jpeg", "png"] }],
  ] as const)("%s.%s has %o", (model, field, expected) => {
    const schema = modelJsonSchema(model) as Json;
    expect(schema.type).toBe("object");
    expect(schema.properties[field]).toMatchObject(expected);
  });

  it.each(MODELS)("%s: only prompt is required on the input side", (model) => {
    expect((modelJsonSchema(model) as Json).required).toEqual(["prompt"]);
  });
});

describe("ultraOutputSize", () => {
  it.each([
    ["21:9", 3136, 1344],
    ["16:9", 2752, 1536],
    ["3:2", 2496, 1664],
    ["4:3", 2368, 1792],
    ["1:1", 2048, 2048],
    ["3:4", 1792, 2368],
    ["2:3", 1664, 2496],
    ["9:16", 1536, 2752],
    ["9:21", 1344, 3136],
  ])("%s -> %i×%i (PROVIDERS.md A.2)", (ratio, width, height) => {
    expect(ultraOutputSize(ratio)).toEqual({ width, height });
  });

  it.each(["5:4", "4:5", "7:3", "3:7", "2:1", "1:2", "16:10"])("unlisted %s gives about 4 MP, sides multiples of 64, the right shape", (ratio) => {
    const { width, height } = ultraOutputSize(ratio);
    expect(width % 64).toBe(0);
    expect(height % 64).toBe(0);
    const mp = (width * height) / 1_000_000;
    expect(mp).toBeGreaterThan(3.9);
    expect(mp).toBeLessThan(4.5);
    const [w, h] = ratio.split(":").map(Number) as [number, number];
    expect(Math.abs(width / height - w / h) / (w / h)).toBeLessThan(0.05);
  });

  it("gives 7:3 the same size as 21:9", () => {
    expect(ultraOutputSize("7:3")).toEqual({ width: 3136, height: 1344 });
  });
});

describe("outputSize", () => {
  it("FLUX 1.1 [pro] returns width and height as given", () => {
    const params = expectValid(PRO, { width: 1440, height: 608 });
    expect(outputSize(PRO, params)).toEqual({ width: 1440, height: 608 });
  });

  it.each([
    ["16:9", 2752, 1536],
    ["9:21", 1344, 3136],
    ["1:1", 2048, 2048],
  ])("Ultra with %s returns %i×%i", (ratio, width, height) => {
    const params = expectValid(ULTRA, { aspect_ratio: ratio });
    expect(outputSize(ULTRA, params)).toEqual({ width, height });
  });

  it("Ultra with default params is 16:9", () => {
    expect(outputSize(ULTRA, expectValid(ULTRA, {}))).toEqual({ width: 2752, height: 1536 });
  });
});

describe("FLUX.2 [pro] (flux-2-pro)", () => {
  const F2 = "flux-2-pro" as const;

  it("defaults: 1024×1024, tolerance 2, upsampling on (BFL's own default for FLUX.2), no references", () => {
    const data = expectValid(F2, {});
    expect(data).toMatchObject({ width: 1024, height: 1024, safety_tolerance: 2, prompt_upsampling: true, num_images: 1, output_format: "jpeg" });
    expect("input_images" in data).toBe(false);
  });

  it("takes sides 64–2048 in steps of 16: every size within BFL's 4 MP", () => {
    expect(expectValid(F2, { width: 64, height: 2048 })).toMatchObject({ width: 64, height: 2048 });
    expect(expectValid(F2, { width: 2048, height: 2048 })).toMatchObject({ width: 2048, height: 2048 });
    expect(2048 * 2048).toBe(FLUX2_MAX_PIXELS);
    expect(issuesFor(F2, { width: 1000 }, "width")[0]?.message).toContain("multiple of 16");
    expect(issuesFor(F2, { height: 48 }, "height")[0]?.message).toBe("Height must be between 64 and 2048");
    expect(issuesFor(F2, { width: 2064 }, "width")[0]?.message).toBe("Width must be between 64 and 2048");
  });

  it("tolerance is 0–5 (FLUX.2's range, not FLUX.1's 0–6)", () => {
    expect(expectValid(F2, { safety_tolerance: 5 })).toMatchObject({ safety_tolerance: 5 });
    expect(issuesFor(F2, { safety_tolerance: 6 }, "safety_tolerance")[0]?.message).toBe("Safety tolerance must be a whole number from 0 to 5");
    expect(issuesFor(PRO, { safety_tolerance: 7 }, "safety_tolerance")[0]?.message).toBe("Safety tolerance must be a whole number from 0 to 6");
  });

  it("takes 0–8 reference images, each checked on its own path", () => {
    const three = [PNG_BASE64, `data:image/png;base64,${PNG_BASE64}`, "https://example.com/a.png"];
    expect(expectValid(F2, { input_images: three })).toMatchObject({ input_images: three });
    expect(issuesFor(F2, { input_images: Array(9).fill(PNG_BASE64) }, "input_images")[0]?.message).toBe("At most 8 reference images");
    expect(issuesFor(F2, { input_images: [PNG_BASE64, "not an image!"] }, "input_images.1")[0]?.message).toContain("Reference image must be a PNG, JPEG or WebP image");
  });

  it("renders the references as an images control with its maximum, first after the prompt", () => {
    const fields = describeFields(F2);
    expect(fields.map((f) => f.name).slice(0, 2)).toEqual(["prompt", "input_images"]);
    expect(fields[1]).toMatchObject({ ui: { control: "images" }, required: false, jsonSchema: { type: "array", maxItems: 8 } });
  });

  it("the output is width × height", () => {
    expect(outputSize(F2, { width: 1440, height: 1088 })).toEqual({ width: 1440, height: 1088 });
  });
});
