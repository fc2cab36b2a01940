import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { outputSize, parseParams, type ModelId, type ParamsOf } from "@/lib/models";
import { ASPECT_RATIO_PRESETS, SIZE_PRESETS } from "@/lib/models/fields";
import { FLUX_DEV_GUIDANCE, FLUX_DEV_STEPS } from "@/lib/models/flux-dev";
import { FLUX_SCHNELL_STEPS } from "@/lib/models/flux-schnell";
import { bflAdapter } from "@/lib/providers/bfl";
import { falAdapter } from "@/lib/providers/fal";
import { estimateWithRule } from "@/lib/pricing/price";
import { paramWarnings } from "@/lib/providers/capabilities";
// The adapters' tables, imported here and never in lib/sandbox: each side checks the other.
import { LUMENFALL_FLUX2_SAFETY, LUMENFALL_PRO_SIZES, snapLumenfallSize } from "@/lib/providers/lumenfall/models";
import { runflowAdapter } from "@/lib/providers/runflow";
import { parseRunflowCost } from "@/lib/providers/runflow/wire";
import { REPLICATE_FLUX1_SIZES as ADAPTER_FLUX1_SIZES, REPLICATE_KONTEXT_RATIOS as ADAPTER_REPLICATE_KONTEXT_RATIOS } from "@/lib/providers/dialects/replicate-flux";
import { replicateAdapter } from "@/lib/providers/replicate";
import { RUNWARE_ULTRA_SIZES, runwareUltraSize } from "@/lib/providers/runware/sizes";
import { BFL_DEV_GUIDANCE, BFL_DEV_STEPS, BFL_FLUX2, bflDevInput, bflFlux2Input, bflOutputSize, bflUltraInput } from "@/lib/sandbox/bfl/validation";
import { handleBflSandbox } from "@/lib/sandbox/bfl";
import { FLUX2_DIMENSIONS, FLUX2_MAX_INPUT_IMAGES, FLUX2_MAX_PIXELS, FLUX2_SAFETY_TOLERANCE_MAX } from "@/lib/models/flux-2-pro";
import { bflModel } from "@/lib/providers/bfl/request";
import sharp from "sharp";
import { FAL_DEV_STEPS, FAL_FLUX2, FAL_KONTEXT_RATIOS, FAL_SCHNELL_STEPS, falDevInput, falEditOutputSize, falFlux2EditInput, falFlux2Input, falKontextInput, falOutputSize, falSchnellInput, falUltraInput } from "@/lib/sandbox/dialects/fal-input";
import { FAL_FLUX2_SAFETY_MAX } from "@/lib/providers/dialects/fal-flux";
import { editOutputOf, outputOf, REPLICATE_FLUX1_SIZES, REPLICATE_FLUX2, REPLICATE_KONTEXT_RATIOS, REPLICATE_ULTRA_RATIOS, replicateDevInput, replicateFlux2Input, replicateKontextInput, replicateSchnellInput, replicateUltraInput } from "@/lib/sandbox/dialects/replicate-input";
import { REPLICATE_FLUX2_SAFETY_MAX, REPLICATE_FLUX2_SIDE } from "@/lib/providers/dialects/replicate-flux";
import { FAL_KONTEXT_RATIOS as ADAPTER_FAL_KONTEXT_RATIOS } from "@/lib/providers/dialects/fal-flux";
import { kontextOutputSize, kontextSize } from "@/lib/sandbox/dialects/kontext-output";
import { FAULT_HEADER, LATENCY_HEADER } from "@/lib/sandbox/faults";
import { LUMENFALL_SIZES } from "@/lib/sandbox/lumenfall/sizes";
import { checkLumenfallEdit, checkLumenfallInput, LUMENFALL_FLUX2 as EMULATOR_LUMENFALL_FLUX2 } from "@/lib/sandbox/lumenfall/validation";
import { checkTogetherRequest, TOGETHER_FLUX2_DIMENSION, TOGETHER_FLUX2_MAX_REFERENCES, TOGETHER_FLUX2_PRO, TOGETHER_FLUX_KONTEXT_PRO } from "@/lib/sandbox/together/validation";
import { togetherAdapter } from "@/lib/providers/together";
import { TOGETHER_FLUX2_PRO as ADAPTER_TOGETHER_FLUX2, TOGETHER_FLUX_KONTEXT_PRO as ADAPTER_TOGETHER_KONTEXT } from "@/lib/providers/together/models";
import { lumenfallAdapter } from "@/lib/providers/lumenfall";
import { handleRunflowSandbox } from "@/lib/sandbox/runflow";
import { FLUX2_RULES as RUNWARE_EMULATOR_FLUX2, KONTEXT_SIZES as RUNWARE_EMULATOR_KONTEXT_SIZES, ULTRA_SIZES, validateImageInference } from "@/lib/sandbox/runware/validation";
import { handleRunwareSandbox } from "@/lib/sandbox/runware";
import { runwareAdapter } from "@/lib/providers/runware";
import { RUNWARE_KONTEXT_SIZES } from "@/lib/providers/runware/sizes";

const ULTRA = "flux-pro-1.1-ultra";
const prompt = "a lighthouse at dusk";
const sizeOf = ({ width, height }: { width: number; height: number }) => ({ width, height });

/** The size each emulator makes for an Ultra aspect ratio, read through its own input rules. */
const ULTRA_EMULATORS: Record<string, (aspectRatio: string) => { width: number; height: number }> = {
  bfl: (aspect_ratio) => bflOutputSize(bflUltraInput.parse({ prompt, aspect_ratio })),
  "fal and runflow (fal dialect)": (aspect_ratio) => falOutputSize(falUltraInput.parse({ prompt, aspect_ratio })),
  "replicate and apiframe (Replicate dialect)": (aspect_ratio) => sizeOf(outputOf(replicateUltraInput.parse({ prompt, aspect_ratio }))),
  lumenfall: (aspect_ratio) => {
    const check = checkLumenfallInput({ model: "flux1.1-pro-ultra", prompt, aspect_ratio });
    if (!check.ok) throw new Error(check.message);
    return sizeOf(check.job);
  },
};

describe("the emulators' Ultra sizes and the model's", () => {
  const presets = ASPECT_RATIO_PRESETS.map((p) => p.value);

  it.each(Object.keys(ULTRA_EMULATORS))("%s makes the model's size for every aspect ratio preset", (name) => {
    for (const aspect_ratio of presets) expect(ULTRA_EMULATORS[name](aspect_ratio), aspect_ratio).toEqual(outputSize(ULTRA, { aspect_ratio }));
  });

  it.each(Object.keys(ULTRA_EMULATORS).filter((name) => !name.startsWith("replicate")))(
    "%s agrees with the model off the table too (both follow A.2's UNVERIFIED ~4 MP rule)",
    (name) => {
      for (const aspect_ratio of ["5:4", "4:5", "2:1", "1:2", "7:5", "11:5", "5:11"]) {
        expect(ULTRA_EMULATORS[name](aspect_ratio), aspect_ratio).toEqual(outputSize(ULTRA, { aspect_ratio }));
      }
    },
  );

  it("the Replicate dialect agrees for every ratio its Ultra enum takes (5:4 and 4:5 are off BFL's table)", () => {
    for (const aspect_ratio of REPLICATE_ULTRA_RATIOS) {
      expect(ULTRA_EMULATORS["replicate and apiframe (Replicate dialect)"](aspect_ratio), aspect_ratio).toEqual(outputSize(ULTRA, { aspect_ratio }));
    }
  });

  it("a free-form ratio not in lowest terms is the same shape (32:18 is 16:9)", () => {
    for (const [name, make] of Object.entries(ULTRA_EMULATORS)) {
      if (!name.startsWith("replicate")) expect(make("32:18"), name).toEqual(outputSize(ULTRA, { aspect_ratio: "16:9" }));
    }
  });

  it("Runware's emulator lists the sizes its adapter sends, and takes the model's size for every preset", () => {
    const key = (s: { width: number; height: number }) => `${s.width}x${s.height}`;
    expect(ULTRA_SIZES.map(([width, height]) => key({ width, height })).sort()).toEqual(RUNWARE_ULTRA_SIZES.map(key).sort());
    for (const aspect_ratio of presets) {
      const sent = runwareUltraSize(aspect_ratio);
      expect(sent, aspect_ratio).toEqual({ ...outputSize(ULTRA, { aspect_ratio }), exact: true });
      const task = { taskType: "imageInference", taskUUID: "0b6f4e4c-7a51-4c3e-9d1a-5f2d3c4b5a69", model: "bfl:2@2", positivePrompt: prompt };
      expect(validateImageInference({ ...task, width: sent.width, height: sent.height }), aspect_ratio).toBeNull();
    }
  });
});

describe("FLUX.1 [dev] and [schnell]: the emulators' rules and the models'", () => {
  const DEV = "flux-dev" as const;
  const SCHNELL = "flux-schnell" as const;
  const sizes = SIZE_PRESETS.map((p) => p.value.split("x").map(Number) as [number, number]);
  /** The model's params at each size preset and at both ends of its numeric ranges. */
  const runs = (model: typeof DEV | typeof SCHNELL) =>
    sizes.flatMap(([width, height]) =>
      (["min", "max"] as const).map((end) => {
        const extra = model === DEV ? { steps: FLUX_DEV_STEPS[end], guidance: FLUX_DEV_GUIDANCE[end] } : { steps: FLUX_SCHNELL_STEPS[end] };
        const parsed = parseParams(model, { prompt, width, height, ...extra });
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
        return parsed.data;
      }),
    );

  it("BFL's emulator takes [dev]'s steps and (UNVERIFIED) guidance range exactly as the model does", () => {
    expect(BFL_DEV_STEPS).toEqual({ min: FLUX_DEV_STEPS.min, max: FLUX_DEV_STEPS.max });
    expect(BFL_DEV_GUIDANCE).toEqual({ min: FLUX_DEV_GUIDANCE.min, max: FLUX_DEV_GUIDANCE.max });
  });

  it("fal's step ranges hold the models' (dev 1–50, schnell 1–12 against our 1–4)", () => {
    expect(FAL_DEV_STEPS.min <= FLUX_DEV_STEPS.min && FAL_DEV_STEPS.max >= FLUX_DEV_STEPS.max).toBe(true);
    expect(FAL_SCHNELL_STEPS.min <= FLUX_SCHNELL_STEPS.min && FAL_SCHNELL_STEPS.max >= FLUX_SCHNELL_STEPS.max).toBe(true);
  });

  it("every [dev] body BFL's adapter builds passes BFL's emulator and makes the model's size", () => {
    for (const params of runs(DEV)) {
      for (const request of bflAdapter.buildRequests(DEV, params, { baseUrl: "http://sandbox.test", apiKey: "k", requestKey: "r" })) {
        const input = bflDevInput.parse(request.body);
        expect(bflOutputSize(input), JSON.stringify(request.body)).toEqual(outputSize(DEV, params));
      }
    }
  });

  it.each([
    [DEV, falDevInput],
    [SCHNELL, falSchnellInput],
  ] as const)("every %s input fal's adapter builds passes fal's emulator and makes the model's size", (model, schema) => {
    for (const params of runs(model)) {
      const [request] = falAdapter.buildRequests(model, params, { baseUrl: "http://sandbox.test", apiKey: "k", requestKey: "r" });
      const input = schema.parse(request!.body);
      expect(falOutputSize(input), JSON.stringify(request!.body)).toEqual(outputSize(model, params));
    }
  });

  it("BFL's emulator refuses [dev] steps and guidance outside BFL's ranges, as FastAPI's 422 would", () => {
    const base = { prompt, width: 1024, height: 768 };
    for (const bad of [{ steps: 0 }, { steps: 51 }, { steps: 2.5 }, { guidance: 1 }, { guidance: 5.5 }, { width: 1000 }, { safety_checker: true }]) {
      expect(bflDevInput.safeParse({ ...base, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("fal's emulator refuses [schnell] steps past 12 and [dev] steps past 50", () => {
    expect(falSchnellInput.safeParse({ prompt, num_inference_steps: 13 }).success).toBe(false);
    expect(falSchnellInput.safeParse({ prompt, num_inference_steps: 12 }).success).toBe(true);
    expect(falDevInput.safeParse({ prompt, num_inference_steps: 51 }).success).toBe(false);
    expect(falDevInput.safeParse({ prompt, guidance_scale: 21 }).success).toBe(false);
  });
});

describe("FLUX.1 Kontext [pro]: the emulators' sizes and the model's", () => {
  const KONTEXT = "flux-kontext-pro" as const;
  const pngOf = async (width: number, height: number) =>
    `data:image/png;base64,${(await sharp({ create: { width, height, channels: 3, background: "#2e86c1" } }).png().toBuffer()).toString("base64")}`;
  const kontextParams = (raw: Record<string, unknown>) => {
    const parsed = parseParams(KONTEXT, { prompt, ...raw });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.data as ParamsOf<typeof KONTEXT>;
  };
  const ratios = [...ASPECT_RATIO_PRESETS.map((p) => p.value), "5:4", "4:5", "2:1", "1:2", "7:5"];

  it("the emulators' size for a ratio is the model's, on the table and off it", () => {
    for (const aspect_ratio of ratios) expect(kontextSize(aspect_ratio), aspect_ratio).toEqual(outputSize(KONTEXT, { aspect_ratio }));
    // A ratio not in lowest terms is the same shape, as for Ultra (32:18 is 16:9).
    expect(kontextSize("32:18")).toEqual(outputSize(KONTEXT, { aspect_ratio: "16:9" }));
  });

  it("with no ratio the emulators make about 1 MP of the input image's shape (the table's size when its ratio is listed)", async () => {
    expect(await kontextOutputSize(undefined, await pngOf(800, 600))).toEqual({ width: 1184, height: 880 });
    expect(await kontextOutputSize(undefined, await pngOf(90, 160))).toEqual({ width: 752, height: 1392 });
    // 5:2 is past 21:9: made at the widest ratio BFL takes, by the rule off the table.
    expect(await kontextOutputSize(undefined, await pngOf(500, 200))).toEqual(outputSize(KONTEXT, { aspect_ratio: "21:9" }));
    const odd = await kontextOutputSize(undefined, await pngOf(700, 500));
    expect(odd).toEqual(outputSize(KONTEXT, { aspect_ratio: "7:5" }));
    expect(odd.width * odd.height).toBeGreaterThan(0.95e6);
    // A URL is not fetched by the sandbox: the square stands in, as the model's own stand-in does.
    expect(await kontextOutputSize(undefined, "https://example.com/cat.png")).toEqual(outputSize(KONTEXT, {}));
  });

  it("fal's ratios: the adapter's list is the emulator's", () => {
    expect([...ADAPTER_FAL_KONTEXT_RATIOS]).toEqual([...FAL_KONTEXT_RATIOS]);
  });

  it("every input fal's adapter builds passes fal's emulator, at the size of the ratio the warning names (or the asked one)", async () => {
    const image = await pngOf(640, 480);
    for (const aspect_ratio of [undefined, ...ratios]) {
      for (const safety_tolerance of [0, 2, 6]) {
        const params = kontextParams({ input_image: image, safety_tolerance, ...(aspect_ratio ? { aspect_ratio } : {}) });
        const [request] = falAdapter.buildRequests(KONTEXT, params, { baseUrl: "http://sandbox.test", apiKey: "k", requestKey: "r" });
        const input = falKontextInput.parse(request!.body);
        const warning = paramWarnings(falAdapter.capabilities[KONTEXT], params).find((w) => w.startsWith("aspect_ratio:"));
        const sent = warning ? /sent as (\d+:\d+)/.exec(warning)![1] : aspect_ratio;
        expect(await falEditOutputSize(input), `${aspect_ratio}`).toEqual(sent ? outputSize(KONTEXT, { aspect_ratio: sent }) : { width: 1184, height: 880 });
      }
    }
  });

  it("Replicate's ratios: the adapter's list is the emulator's", () => {
    expect([...ADAPTER_REPLICATE_KONTEXT_RATIOS]).toEqual([...REPLICATE_KONTEXT_RATIOS]);
  });

  it("every input Replicate's adapter builds passes Replicate's emulator, at the size of the ratio sent (match_input_image: the input's shape)", async () => {
    const image = await pngOf(640, 480);
    for (const aspect_ratio of [undefined, ...ratios]) {
      for (const safety_tolerance of [0, 2, 6]) {
        const params = kontextParams({ input_image: image, safety_tolerance, output_format: "png", ...(aspect_ratio ? { aspect_ratio } : {}) });
        for (const request of replicateAdapter.buildRequests(KONTEXT, params, { baseUrl: "http://sandbox.test", apiKey: "k", requestKey: "r" })) {
          const input = replicateKontextInput.parse((request.body as { input: unknown }).input);
          const warning = paramWarnings(replicateAdapter.capabilities[KONTEXT], params).find((w) => w.startsWith("aspect_ratio:"));
          const sent = warning ? /sent as (\d+:\d+)/.exec(warning)![1] : aspect_ratio;
          const made = await editOutputOf(input);
          expect(sizeOf(made), `${aspect_ratio}`).toEqual(sent ? outputSize(KONTEXT, { aspect_ratio: sent }) : { width: 1184, height: 880 });
          expect(made.format).toBe("png");
        }
      }
    }
  });

  /** A multipart body's fields as the form carries them: text. */
  const formOf = (body: unknown) => Object.fromEntries(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, String(v)]));

  it("every edit Lumenfall's adapter builds passes Lumenfall's emulator as a form, at the asked ratio's size or the input's shape", async () => {
    const image = await pngOf(640, 480);
    for (const aspect_ratio of [undefined, ...ratios]) {
      const params = kontextParams({ input_image: image, safety_tolerance: 6, prompt_upsampling: true, seed: 4, ...(aspect_ratio ? { aspect_ratio } : {}) });
      const [request] = lumenfallAdapter.buildRequests(KONTEXT, params, { baseUrl: "http://sandbox.test", apiKey: "k", requestKey: "r" });
      expect(request!.multipart).toEqual({ files: ["image"] });
      const check = await checkLumenfallEdit(formOf(request!.body));
      if (!check.ok) throw new Error(check.message);
      expect(sizeOf(check.job), `${aspect_ratio}`).toEqual(aspect_ratio ? outputSize(KONTEXT, { aspect_ratio }) : { width: 1184, height: 880 });
    }
  });

  it("Lumenfall's emulator refuses an edit without an image file, to a model that does not edit, or past 21:9", async () => {
    const base = { model: "flux.1-kontext-pro", prompt, image: await pngOf(64, 64) };
    expect((await checkLumenfallEdit(base)).ok).toBe(true);
    for (const [bad, param] of [
      [{ image: undefined }, "image"],
      [{ image: "https://example.com/cat.png" }, "image"],
      [{ model: "flux1.1-pro" }, "model"],
      [{ aspect_ratio: "3:1" }, "aspect_ratio"],
      [{ n: "two" }, "n"],
      [{ prompt_upsampling: "yes" }, "prompt_upsampling"],
    ] as const) {
      const check = await checkLumenfallEdit({ ...base, ...bad } as Record<string, string>);
      expect(check.ok ? null : check.param, JSON.stringify(bad)).toBe(param);
    }
  });

  it("every edit Together's adapter builds passes Together's emulator, at the asked ratio's size or the input's shape", async () => {
    expect(ADAPTER_TOGETHER_KONTEXT).toBe(TOGETHER_FLUX_KONTEXT_PRO);
    const image = await pngOf(640, 480);
    for (const aspect_ratio of [undefined, ...ratios]) {
      const params = kontextParams({ input_image: image, num_images: 2, ...(aspect_ratio ? { aspect_ratio } : {}) });
      const [request] = togetherAdapter.buildRequests(KONTEXT, params, { baseUrl: "http://sandbox.test", apiKey: "k", requestKey: "r" });
      const check = await checkTogetherRequest(request!.body);
      if (!check.ok) throw new Error(check.message);
      expect(sizeOf(check.job), `${aspect_ratio}`).toEqual(aspect_ratio ? outputSize(KONTEXT, { aspect_ratio }) : { width: 1184, height: 880 });
    }
  });

  it("Together's emulator refuses a Kontext edit without image_url or past 21:9", async () => {
    const base = { model: TOGETHER_FLUX_KONTEXT_PRO, prompt, image_url: "https://example.com/cat.png" };
    expect((await checkTogetherRequest(base)).ok).toBe(true);
    for (const [bad, param] of [[{ image_url: undefined }, "image_url"], [{ image_url: "cat.png" }, "image_url"], [{ aspect_ratio: "3:1" }, "aspect_ratio"]] as const) {
      const check = await checkTogetherRequest({ ...base, ...bad });
      expect(check.ok ? null : check.param, JSON.stringify(bad)).toBe(param);
    }
  });

  it("Runware's emulator lists the sizes its adapter sends, each the model's size for its ratio", () => {
    const key = (s: { width: number; height: number }) => `${s.width}x${s.height}`;
    expect(RUNWARE_EMULATOR_KONTEXT_SIZES.map(([width, height]) => key({ width, height })).sort()).toEqual(RUNWARE_KONTEXT_SIZES.map(key).sort());
    for (const s of RUNWARE_KONTEXT_SIZES) expect(sizeOf(s), s.ratio).toEqual(outputSize(KONTEXT, { aspect_ratio: s.ratio }));
  });

  it("every task Runware's adapter builds passes Runware's emulator, at the asked ratio's size or the one its warning names", async () => {
    const image = await pngOf(640, 480);
    for (const aspect_ratio of [undefined, ...ratios]) {
      const params = kontextParams({ input_image: image, safety_tolerance: 6, seed: 0, ...(aspect_ratio ? { aspect_ratio } : {}) });
      const [request] = runwareAdapter.buildRequests(KONTEXT, params, { baseUrl: "http://sandbox.test", apiKey: "k", requestKey: "r" });
      const task = (request!.body as Record<string, unknown>[])[0]!;
      expect(validateImageInference(task), `${aspect_ratio}`).toBeNull();
      const named = /becomes (\d+)×(\d+)/.exec(paramWarnings(runwareAdapter.capabilities[KONTEXT], params).find((w) => w.startsWith("aspect_ratio:")) ?? "");
      const expected = named ? { width: Number(named[1]), height: Number(named[2]) } : aspect_ratio ? outputSize(KONTEXT, { aspect_ratio }) : { width: 1184, height: 880 };
      expect({ width: task.width, height: task.height }, `${aspect_ratio}`).toEqual(expected);
    }
  });

  it("Runware's emulator refuses Kontext off its sizes, without a size, with three reference images, and inputs for another model", () => {
    const task = { taskType: "imageInference", taskUUID: "0b6f4e4c-7a51-4c3e-9d1a-5f2d3c4b5a69", model: "bfl:3@1", positivePrompt: prompt, width: 1024, height: 1024, inputs: { referenceImages: ["https://example.com/a.png"] } };
    expect(validateImageInference(task)).toBeNull();
    const refused = (over: Record<string, unknown>) => validateImageInference({ ...task, ...over })?.parameter;
    expect(refused({ width: 1024, height: 768 })).toBe("width");
    expect(refused({ width: undefined, height: undefined })).toBe("width");
    expect(refused({ inputs: { referenceImages: ["https://example.com/a.png", "https://example.com/b.png", "https://example.com/c.png"] } })).toBe("inputs.referenceImages");
    expect(refused({ steps: 20 })).toBe("steps");
    expect(refused({ model: "bfl:2@1" })).toBe("inputs");
  });

  it("fal's emulator refuses an edit without image_url, a ratio fal lacks and a guidance past 20", () => {
    const base = { prompt, image_url: "https://example.com/cat.png" };
    expect(falKontextInput.safeParse(base).success).toBe(true);
    for (const bad of [{ image_url: undefined }, { aspect_ratio: "5:4" }, { guidance_scale: 21 }, { safety_tolerance: 2 }, { image_url: "data:text/plain;base64,AAAA" }]) {
      expect(falKontextInput.safeParse({ ...base, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("Lumenfall's size snapping: the emulator's table and the adapter's", () => {
  it("list the same documented sizes", () => {
    const key = (s: { width: number; height: number }) => `${s.width}x${s.height}`;
    expect(LUMENFALL_SIZES.map(key).sort()).toEqual(LUMENFALL_PRO_SIZES.map(key).sort());
  });

  it("snap every width×height of a 256–1440 grid (and odd sizes) to the same size", () => {
    const sides = [...Array.from({ length: 37 }, (_, i) => 256 + 32 * i), 300, 777, 1000, 1365, 1183, 887, 1182];
    let checked = 0;
    for (const width of sides) {
      for (const height of sides) {
        const check = checkLumenfallInput({ model: "flux1.1-pro", prompt, size: `${width}x${height}` });
        if (!check.ok) throw new Error(check.message);
        expect(sizeOf(check.job), `${width}x${height}`).toEqual(snapLumenfallSize(width, height));
        checked++;
      }
    }
    expect(checked).toBe(sides.length ** 2);
  });

  it("snap a W:H ratio the same way", () => {
    for (const ratio of ["1:1", "16:9", "9:16", "3:2", "2:3", "4:3", "3:4", "5:4", "4:5", "21:9", "9:21", "2:1", "1:3"]) {
      const [w, h] = ratio.split(":").map(Number);
      const check = checkLumenfallInput({ model: "flux1.1-pro", prompt, aspect_ratio: ratio });
      if (!check.ok) throw new Error(check.message);
      expect(sizeOf(check.job), ratio).toEqual(snapLumenfallSize(w, h));
    }
  });
});

/** Emulators keep their tasks under DATA_DIR: a fresh one for the describe block that calls this. */
function useTemporaryDataDir() {
  let dir: string;
  const saved = process.env.DATA_DIR;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "flux-sandbox-tables-"));
    process.env.DATA_DIR = dir;
    resetEnvCache();
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = saved;
    resetEnvCache();
    await rm(dir, { recursive: true, force: true });
  });
}

describe("BFL's FLUX.2 [pro] emulator and the adapter", () => {
  useTemporaryDataDir();
  const F2 = "flux-2-pro" as const;
  const parsed = (raw: Record<string, unknown>) => {
    const result = parseParams(F2, { prompt, ...raw });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.data;
  };
  const jpeg = async (width: number, height: number) =>
    `data:image/jpeg;base64,${(await sharp({ create: { width, height, channels: 3, background: "#888" } }).jpeg().toBuffer()).toString("base64")}`;

  it("holds the model's ranges (BFL's are UNVERIFIED): sides by 16 within 64–4096, 4 MP, tolerance 0–5, 8 references", () => {
    expect(BFL_FLUX2.step).toBe(FLUX2_DIMENSIONS.step);
    expect(BFL_FLUX2.min <= FLUX2_DIMENSIONS.min && BFL_FLUX2.max >= FLUX2_DIMENSIONS.max).toBe(true);
    expect(FLUX2_DIMENSIONS.max ** 2).toBeLessThanOrEqual(BFL_FLUX2.maxPixels);
    expect([BFL_FLUX2.maxPixels, BFL_FLUX2.maxSafetyTolerance, BFL_FLUX2.inputImages]).toEqual([FLUX2_MAX_PIXELS, FLUX2_SAFETY_TOLERANCE_MAX, FLUX2_MAX_INPUT_IMAGES]);
  });

  it("every body the adapter builds passes the emulator and makes the model's size", () => {
    for (const raw of [{}, { width: 64, height: 2048 }, { width: 2048, height: 2048, safety_tolerance: 5 }, { width: 1440, height: 1088, input_images: Array(8).fill("QUFB") }]) {
      for (const request of bflAdapter.buildRequests(F2, parsed(raw), { baseUrl: "http://sandbox.test", apiKey: "k", requestKey: "r" })) {
        expect(bflOutputSize(bflFlux2Input.parse(request.body)), JSON.stringify(raw)).toEqual(outputSize(F2, parsed(raw)));
      }
    }
  });

  it("refuses what BFL refuses: tolerance 6, a side off 16, over 4 MP, a ninth reference, an image prompt", () => {
    const base = { prompt, width: 1024, height: 1024 };
    for (const bad of [{ safety_tolerance: 6 }, { width: 1000 }, { width: 2048, height: 2064 }, { input_image_9: "QUFB" }, { image_prompt: "QUFB" }, { width: 48 }]) {
      expect(bflFlux2Input.safeParse({ ...base, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it.each([
    [{ width: 256, height: 256 }, [], 3, 0.03],
    [{ width: 1024, height: 1024 }, [[1024, 1024]], 4.5, 0.045],
    [{ width: 1440, height: 1440 }, [[512, 512], [1500, 1000]], 9, 0.09],
  ] as const)("%j with inputs %j: the submit's cost (credits) is the adapter's list price", async (size, inputs, credits, usd) => {
    const params = parsed({ ...size, input_images: inputs.length ? await Promise.all(inputs.map(([w, h]) => jpeg(w, h))) : undefined });
    const [request] = bflAdapter.buildRequests(F2, params, { baseUrl: "http://sandbox.test", apiKey: "k", requestKey: "r" });
    const path = bflModel(F2).path;
    const response = await handleBflSandbox(
      new Request(`http://sandbox.test${path}`, { method: "POST", headers: { "x-key": "k", "content-type": "application/json", [FAULT_HEADER]: "hang" }, body: JSON.stringify(request!.body) }),
      path.split("/").filter(Boolean),
      "http://sandbox.test",
    );
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { cost: number; output_mp: number };
    expect(answer.cost).toBe(credits);
    const rule = bflAdapter.prices.find((r) => r.model === F2)!;
    expect(estimateWithRule(rule, F2, params, inputs.map(([width, height]) => ({ width, height }))).unitPriceUsd).toBe(usd);
    expect(answer.cost * 0.01).toBeCloseTo(usd, 10);
  });

  it("answers output_mp as BFL counts it (0.06 at 256²)", async () => {
    const [request] = bflAdapter.buildRequests(F2, parsed({ width: 256, height: 256 }), { baseUrl: "http://sandbox.test", apiKey: "k", requestKey: "r" });
    const response = await handleBflSandbox(
      new Request("http://sandbox.test/v1/flux-2-pro", { method: "POST", headers: { "x-key": "k", [FAULT_HEADER]: "hang" }, body: JSON.stringify(request!.body) }),
      ["v1", "flux-2-pro"],
      "http://sandbox.test",
    );
    expect(await response.json()).toMatchObject({ cost: 3, input_mp: 0, output_mp: 0.06 });
  });
});

describe("fal's FLUX.2 [pro] apps and the adapter", () => {
  const F2 = "flux-2-pro" as const;
  const CTX = { baseUrl: "http://sandbox.test", apiKey: "k", requestKey: "r" };
  const parsed = (raw: Record<string, unknown>) => {
    const result = parseParams(F2, { prompt, ...raw });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.data;
  };

  it("holds the model's ranges: sides by 16 within 64–4096 up to 4 MP, tolerance 1–5 on both sides", () => {
    expect(FAL_FLUX2.step).toBe(FLUX2_DIMENSIONS.step);
    expect(FAL_FLUX2.min <= FLUX2_DIMENSIONS.min && FAL_FLUX2.max >= FLUX2_DIMENSIONS.max && FAL_FLUX2.maxPixels >= FLUX2_DIMENSIONS.max ** 2).toBe(true);
    expect(FAL_FLUX2.safetyLevels.at(-1)).toBe(String(FAL_FLUX2_SAFETY_MAX));
  });

  it("every input the adapter builds passes the app it goes to (edit with references) and makes the model's size", () => {
    for (const raw of [{}, { width: 64, height: 2048, num_images: 2 }, { width: 1024, height: 768 }, { input_images: ["QUFB", "QkJC"], width: 1440, height: 1088, safety_tolerance: 0 }]) {
      for (const request of falAdapter.buildRequests(F2, parsed(raw), CTX)) {
        const schema = request.url.endsWith("/edit") ? falFlux2EditInput : falFlux2Input;
        expect(falOutputSize(schema.parse(request.body)), JSON.stringify(raw)).toEqual(outputSize(F2, parsed(raw)));
      }
    }
  });

  it("the apps refuse what fal refuses: tolerance \"6\", a side off 16, over 4 MP, an edit without image_urls", () => {
    for (const bad of [{ safety_tolerance: "6" }, { image_size: { width: 1000, height: 1024 } }, { image_size: { width: 4096, height: 2048 } }]) {
      expect(falFlux2Input.safeParse({ prompt, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
    expect(falFlux2EditInput.safeParse({ prompt }).success).toBe(false);
    expect(falFlux2EditInput.safeParse({ prompt, image_urls: [] }).success).toBe(false);
  });
});

describe("Replicate's FLUX.2 [pro] and the adapter", () => {
  const F2 = "flux-2-pro" as const;
  const CTX = { baseUrl: "http://sandbox.test", apiKey: "k", requestKey: "r" };
  const parsed = (raw: Record<string, unknown>) => {
    const result = parseParams(F2, { prompt, ...raw });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.data;
  };

  it("both sides read the same ranges: sides 256–2048 by 32, tolerance 1–5, 8 references", () => {
    expect({ min: REPLICATE_FLUX2.min, max: REPLICATE_FLUX2.max, step: REPLICATE_FLUX2.step }).toEqual(REPLICATE_FLUX2_SIDE);
    expect(REPLICATE_FLUX2.maxSafetyTolerance).toBe(REPLICATE_FLUX2_SAFETY_MAX);
    expect(REPLICATE_FLUX2.inputImages).toBe(FLUX2_MAX_INPUT_IMAGES);
  });

  it("every input the adapter builds passes the emulator; the size made is the one sent (the model's, where it is on 32 within 256–2048)", () => {
    for (const raw of [{}, { width: 2048, height: 2048 }, { width: 1440, height: 1088, input_images: Array(8).fill("QUFB") }, { width: 64, height: 1040, safety_tolerance: 0 }]) {
      const params = parsed(raw);
      for (const request of replicateAdapter.buildRequests(F2, params, CTX)) {
        const input = (request.body as { input: Record<string, unknown> }).input;
        const made = outputOf(replicateFlux2Input.parse(input));
        expect(sizeOf(made), JSON.stringify(raw)).toEqual({ width: input.width, height: input.height });
        if (params.width % 32 === 0 && params.width >= 256 && params.height % 32 === 0 && params.height >= 256) expect(sizeOf(made)).toEqual(outputSize(F2, params));
      }
    }
  });

  it("the emulator refuses tolerance 6, a side under 256, a ninth reference and prompt_upsampling (the current version has none)", () => {
    for (const bad of [{ safety_tolerance: 6 }, { width: 128 }, { input_images: Array(9).fill("https://example.com/a.png") }, { prompt_upsampling: true }]) {
      expect(replicateFlux2Input.safeParse({ prompt, aspect_ratio: "custom", width: 1024, height: 1024, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("Runflow's billed cost and the adapter's price rule", () => {
  useTemporaryDataDir();

  /** The adapter's requests sent to Runflow's emulator with `hang`: each run stays running (nothing rendered), its `cost` set. */
  const submitHanging = <M extends ModelId>(model: M, params: ParamsOf<M>, requestKey = "sandbox-tables") =>
    Promise.all(
      runflowAdapter.buildRequests(model, params, { ...SANDBOX_CTX, requestKey }).map((request) => {
        const path = new URL(request.url).pathname;
        return handleRunflowSandbox(
          new Request(`http://sandbox.test${path}`, {
            method: "POST",
            headers: { authorization: "Bearer sandbox", "content-type": "application/json", [FAULT_HEADER]: "hang" },
            body: JSON.stringify(request.body),
          }),
          path.split("/").filter(Boolean),
          "http://sandbox.test",
        );
      }),
    );
  /** What the runs of a generation cost together, as their run objects say. */
  const billed = async (responses: Response[]) => {
    const runs = (await Promise.all(responses.map((r) => r.json()))) as { cost: string; status_code: string }[];
    for (const [i, response] of responses.entries()) expect(response.status, JSON.stringify(runs[i])).toBe(201);
    for (const run of runs) expect(run.status_code).not.toBe("succeeded");
    return Math.round(runs.reduce((sum, run) => sum + parseRunflowCost(run.cost)!, 0) * 1e6) / 1e6;
  };

  it.each(runflowAdapter.models.map((model) => [model]))("%s: the runs' cost is the list price of what was asked", async (model) => {
    // An edit needs its input image (a 1x1 PNG).
    const edit = model === "flux-kontext-pro" ? { input_image: "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==" } : {};
    const parsed = parseParams(model, { prompt, num_images: 3, ...edit });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const rule = runflowAdapter.prices.find((r) => r.model === model)!;
    // The runs stay running, so their `cost` is the price of the three asked for.
    expect(await billed(await submitHanging(model, parsed.data))).toBe(estimateWithRule(rule, model, parsed.data).estimatedUsd);
  });

  it.each([
    ["flux-dev", 1440, 1440, 0.075],
    ["flux-dev", 1024, 1024, 0.05],
    ["flux-schnell", 1440, 1440, 0.009],
    ["flux-schnell", 1024, 768, 0.003],
  ] as const)("%s at %i×%i: the emulator bills per started megapixel, as the price rule does ($%s)", async (model, width, height, usd) => {
    const parsed = parseParams(model, { prompt, width, height });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const rule = runflowAdapter.prices.find((r) => r.model === model)!;
    expect(await billed(await submitHanging(model, parsed.data))).toBe(usd);
    expect(estimateWithRule(rule, model, parsed.data).estimatedUsd).toBe(usd);
  });

  it.each([
    [{ width: 1024, height: 1024 }, [], 0.03],
    [{ width: 1440, height: 1440 }, [], 0.045],
    [{ width: 1024, height: 1024 }, [[1024, 1024]], 0.045],
    [{ width: 1440, height: 1440 }, [[512, 512], [1500, 1000]], 0.09],
  ] as const)("FLUX.2 %j with references %j: each run (one image) costs the adapter's list price", async (size, inputs, usd) => {
    const params = flux2Params({ ...size, num_images: 2, input_images: inputs.length ? await Promise.all(inputs.map(([w, h]) => jpegOf(w, h))) : undefined });
    const rule = runflowAdapter.prices.find((r) => r.model === "flux-2-pro")!;
    expect(estimateWithRule(rule, "flux-2-pro", params, inputs.map(([width, height]) => ({ width, height }))).unitPriceUsd).toBe(usd);
    expect(await billed(await submitHanging("flux-2-pro", params, JSON.stringify([size, inputs])))).toBe(Math.round(2 * usd * 1e6) / 1e6);
  });

  it("FLUX.2: every run the adapter builds is taken by the slug it goes to (fal's apps) and makes the model's size", () => {
    for (const raw of [{}, { width: 64, height: 2048, num_images: 2 }, { width: 1440, height: 1088, input_images: ["data:image/png;base64,QUFB", "data:image/png;base64,QkJC"], safety_tolerance: 0 }]) {
      for (const request of runflowAdapter.buildRequests("flux-2-pro", flux2Params(raw), SANDBOX_CTX)) {
        const schema = request.url.endsWith("/edit/runs") ? falFlux2EditInput : falFlux2Input;
        expect(falOutputSize(schema.parse((request.body as { input: unknown }).input)), JSON.stringify(raw)).toEqual(outputSize("flux-2-pro", flux2Params(raw)));
      }
    }
  });

  it("Runflow's emulator refuses [schnell] steps past its 4 (fal's own app takes 12)", async () => {
    const request = new Request("http://sandbox.test/v1/models/black-forest-labs/flux-1-schnell/runs", {
      method: "POST",
      headers: { authorization: "Bearer sandbox", "content-type": "application/json" },
      body: JSON.stringify({ input: { prompt, num_inference_steps: 5 } }),
    });
    const response = await handleRunflowSandbox(request, ["v1", "models", "black-forest-labs", "flux-1-schnell", "runs"], "http://sandbox.test");
    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(["input.num_inference_steps"]);
  });
});

/** FLUX.2 [pro]'s params as the form sends them. */
const flux2Params = (raw: Record<string, unknown>) => {
  const result = parseParams("flux-2-pro", { prompt, ...raw });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.data;
};
const SANDBOX_CTX = { baseUrl: "http://sandbox.test", apiKey: "k", requestKey: "r" };

describe("Together's FLUX.2 [pro] and the adapter", () => {
  it("the emulator holds FLUX.2's own sizes (not FLUX.1's 256–1440), enough for every size of the model, and 8 references", () => {
    expect(ADAPTER_TOGETHER_FLUX2).toBe(TOGETHER_FLUX2_PRO);
    expect(TOGETHER_FLUX2_DIMENSION.step).toBe(FLUX2_DIMENSIONS.step);
    expect(TOGETHER_FLUX2_DIMENSION.min <= FLUX2_DIMENSIONS.min && TOGETHER_FLUX2_DIMENSION.max >= FLUX2_DIMENSIONS.max).toBe(true);
    expect(TOGETHER_FLUX2_DIMENSION.maxPixels).toBeGreaterThanOrEqual(FLUX2_MAX_PIXELS);
    expect(TOGETHER_FLUX2_MAX_REFERENCES).toBe(FLUX2_MAX_INPUT_IMAGES);
  });

  it("every body the adapter builds passes the emulator and makes the model's size", async () => {
    for (const raw of [{}, { width: 64, height: 2048 }, { width: 2048, height: 2048, num_images: 4, safety_tolerance: 5 }, { width: 1440, height: 1088, input_images: Array(8).fill("data:image/png;base64,QUFB") }]) {
      const [request, ...rest] = togetherAdapter.buildRequests("flux-2-pro", flux2Params(raw), SANDBOX_CTX);
      expect(rest).toEqual([]);
      const check = await checkTogetherRequest(request!.body);
      if (!check.ok) throw new Error(`${JSON.stringify(raw)}: ${check.message}`);
      expect(sizeOf(check.job), JSON.stringify(raw)).toEqual(outputSize("flux-2-pro", flux2Params(raw)));
    }
  });

  it("the emulator refuses a side off 16, over 4 MP, a ninth reference, a reference that is no image URL; FLUX.1 keeps 256–1440", async () => {
    const base = { model: TOGETHER_FLUX2_PRO, prompt, width: 1024, height: 1024 };
    expect((await checkTogetherRequest(base)).ok).toBe(true);
    for (const [bad, param] of [
      [{ width: 1000 }, "width"],
      [{ width: 48 }, "width"],
      [{ width: 4096, height: 2048 }, "width"],
      [{ reference_images: Array(9).fill("https://example.com/a.png") }, "reference_images"],
      [{ reference_images: ["a.png"] }, "reference_images.0"],
      [{ model: "black-forest-labs/FLUX.1.1-pro", width: 1600 }, "width"],
      [{ model: "black-forest-labs/FLUX.1.1-pro", reference_images: ["https://example.com/a.png"] }, "reference_images"],
    ] as const) {
      const check = await checkTogetherRequest({ ...base, ...bad });
      expect(check.ok ? null : check.param, JSON.stringify(bad)).toBe(param);
    }
  });
});

/** A JPEG data: URL of this size, for references whose megapixels count in the price. */
const jpegOf = async (width: number, height: number) =>
  `data:image/jpeg;base64,${(await sharp({ create: { width, height, channels: 3, background: "#888" } }).jpeg().toBuffer()).toString("base64")}`;

describe("Runware's FLUX.2 [pro] (bfl:5@1) and the adapter", () => {
  useTemporaryDataDir();

  it("the emulator's rules hold the model's: sides by 16 within 64–2048, 4 MP, tolerance 0–5, 8 references", () => {
    expect(RUNWARE_EMULATOR_FLUX2.step).toBe(FLUX2_DIMENSIONS.step);
    expect(RUNWARE_EMULATOR_FLUX2.min <= FLUX2_DIMENSIONS.min && RUNWARE_EMULATOR_FLUX2.max >= FLUX2_DIMENSIONS.max).toBe(true);
    expect([RUNWARE_EMULATOR_FLUX2.maxPixels, RUNWARE_EMULATOR_FLUX2.maxSafetyTolerance, RUNWARE_EMULATOR_FLUX2.referenceImages]).toEqual([FLUX2_MAX_PIXELS, FLUX2_SAFETY_TOLERANCE_MAX, FLUX2_MAX_INPUT_IMAGES]);
  });

  it("every task the adapter builds passes the emulator at the model's size; it refuses what BFL's rule refuses", () => {
    for (const raw of [{}, { width: 64, height: 2048, seed: 0 }, { width: 2048, height: 2048, safety_tolerance: 5, num_images: 4 }, { width: 1440, height: 1088, input_images: Array(8).fill("data:image/png;base64,QUFB") }]) {
      const [request] = runwareAdapter.buildRequests("flux-2-pro", flux2Params(raw), SANDBOX_CTX);
      const [task] = request!.body as Record<string, unknown>[];
      expect(validateImageInference(task!), JSON.stringify(raw)).toBeNull();
      expect(sizeOf(task as { width: number; height: number })).toEqual(outputSize("flux-2-pro", flux2Params(raw)));
    }
    const [task] = runwareAdapter.buildRequests("flux-2-pro", flux2Params({}), SANDBOX_CTX)[0]!.body as Record<string, unknown>[];
    const refused = (over: Record<string, unknown>) => validateImageInference({ ...task, ...over })?.parameter;
    expect(refused({ width: 1000 })).toBe("width");
    expect(refused({ width: 4096, height: 2048 })).toBe("width");
    expect(refused({ width: undefined, height: undefined })).toBe("width");
    expect(refused({ providerSettings: { bfl: { safetyTolerance: 6 } } })).toBe("providerSettings.bfl.safetyTolerance");
    expect(refused({ inputs: { referenceImages: Array(9).fill("https://example.com/a.png") } })).toBe("inputs.referenceImages");
    expect(refused({ steps: 28 })).toBe("steps");
  });

  it.each([
    [{ width: 1024, height: 1024 }, [], 0.03],
    [{ width: 1440, height: 1440 }, [], 0.045],
    [{ width: 1024, height: 1024 }, [[1024, 1024]], 0.045],
    [{ width: 1440, height: 1440 }, [[512, 512], [1500, 1000]], 0.09],
  ] as const)("%j with references %j: each result's cost is the adapter's list price", async (size, inputs, usd) => {
    const params = flux2Params({ ...size, num_images: 2, input_images: inputs.length ? await Promise.all(inputs.map(([w, h]) => jpegOf(w, h))) : undefined });
    // A taskUUID of its own: the emulator answers a known one with that task's results.
    const [request] = runwareAdapter.buildRequests("flux-2-pro", params, { ...SANDBOX_CTX, requestKey: JSON.stringify([size, inputs]) });
    const [task] = request!.body as Record<string, unknown>[];
    const response = await handleRunwareSandbox(
      new Request("http://sandbox.test", { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json", [LATENCY_HEADER]: "0" }, body: JSON.stringify([{ ...task, deliveryMethod: "sync" }]) }),
      [],
      "http://sandbox.test",
    );
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { cost: number; imageURL: string }[] };
    expect(data.map((d) => d.cost)).toEqual([usd, usd]);
    // The images come at the asked size (and are rendered before the data dir goes away).
    for (const { imageURL } of data) {
      const image = await handleRunwareSandbox(new Request(imageURL), new URL(imageURL).pathname.split("/").filter(Boolean), "http://sandbox.test");
      expect(await sharp(Buffer.from(await image.arrayBuffer())).metadata()).toMatchObject(size);
    }
    const rule = runwareAdapter.prices.find((r) => r.model === "flux-2-pro")!;
    expect(estimateWithRule(rule, "flux-2-pro", params, inputs.map(([width, height]) => ({ width, height }))).unitPriceUsd).toBe(usd);
  });
});

describe("Lumenfall's FLUX.2 [pro] and the adapter", () => {
  /** A request's body as the emulator reads it: JSON as is, a multipart list of files as `image[]`. */
  const asReceived = (request: { body?: unknown; multipart?: unknown }) => {
    const { image, ...fields } = request.body as Record<string, unknown>;
    if (!request.multipart) return request.body as Record<string, unknown>;
    return { ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])), "image[]": image as string[] };
  };

  it("both sides hold the upstreams' tolerance 1–5; the emulator takes the model's 8 references (Lumenfall: 9)", () => {
    expect(EMULATOR_LUMENFALL_FLUX2.safety).toEqual(LUMENFALL_FLUX2_SAFETY);
    expect(EMULATOR_LUMENFALL_FLUX2.maxImages).toBeGreaterThanOrEqual(FLUX2_MAX_INPUT_IMAGES);
  });

  it("every request the adapter builds passes the emulator and makes the listed size the adapter sends (its warning's)", async () => {
    const png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    for (const raw of [{}, { width: 1920, height: 1088, safety_tolerance: 0 }, { width: 1088, height: 1920, num_images: 3 }, { width: 1440, height: 1088, input_images: Array(8).fill(png), safety_tolerance: 5 }]) {
      const [request] = lumenfallAdapter.buildRequests("flux-2-pro", flux2Params(raw), SANDBOX_CTX);
      const body = asReceived(request!);
      const check = request!.multipart ? await checkLumenfallEdit(body as Record<string, string | string[]>) : checkLumenfallInput(body);
      if (!check.ok) throw new Error(`${JSON.stringify(raw)}: ${check.message}`);
      expect(`${check.job.width}x${check.job.height}`, JSON.stringify(raw)).toBe(body.size);
      expect(sizeOf(check.job)).toEqual(snapLumenfallSize(flux2Params(raw).width, flux2Params(raw).height));
    }
  });

  it("the emulator refuses tolerance 0 or 6, an edit without images or with a tenth, a file that is no image", async () => {
    expect(checkLumenfallInput({ model: "flux.2-pro", prompt, size: "auto" }).ok).toBe(true);
    for (const bad of [{ safety_tolerance: 0 }, { safety_tolerance: 6 }]) {
      const check = checkLumenfallInput({ model: "flux.2-pro", prompt, ...bad });
      expect(check.ok ? null : check.param, JSON.stringify(bad)).toBe("safety_tolerance");
    }
    const edit = { model: "flux.2-pro", prompt, "image[]": ["data:image/png;base64,QUFB"] };
    expect((await checkLumenfallEdit(edit)).ok).toBe(true);
    for (const [bad, param] of [
      [{ "image[]": [] }, "image"],
      [{ "image[]": Array(10).fill("data:image/png;base64,QUFB") }, "image"],
      [{ "image[]": ["https://example.com/a.png"] }, "image"],
      [{ safety_tolerance: "6" }, "safety_tolerance"],
    ] as const) {
      const check = await checkLumenfallEdit({ ...edit, ...bad } as Record<string, string | string[]>);
      expect(check.ok ? null : check.param, JSON.stringify(bad)).toBe(param);
    }
  });
});

describe("Replicate's FLUX.1 sizes: adapter and emulator", () => {
  it("list the same aspect ratios with the same fixed sizes", () => {
    expect(Object.fromEntries(ADAPTER_FLUX1_SIZES.map((s) => [s.ratio, { width: s.width, height: s.height }]))).toEqual(REPLICATE_FLUX1_SIZES);
  });

  const EMULATOR_INPUT = { "flux-dev": replicateDevInput, "flux-schnell": replicateSchnellInput } as const;
  const sizes = [256, 512, 768, 1024, 1440].flatMap((width) => [256, 768, 1024, 1440].map((height) => ({ width, height })));

  it.each(Object.keys(EMULATOR_INPUT) as (keyof typeof EMULATOR_INPUT)[])(
    "%s: the emulator takes the adapter's input and makes the size the capability warning names",
    (model) => {
      for (const size of sizes) {
        const parsed = parseParams(model, { prompt, ...size, output_format: "png" });
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
        const [request] = replicateAdapter.buildRequests(model, parsed.data, { baseUrl: "http://sandbox.test", apiKey: "k", requestKey: "t" });
        const made = sizeOf(outputOf(EMULATOR_INPUT[model].parse((request!.body as { input: unknown }).input)));
        const warning = paramWarnings(replicateAdapter.capabilities[model], parsed.data).find((w) => w.startsWith("width:"));
        if (made.width === size.width && made.height === size.height) expect(warning, JSON.stringify(size)).toBeUndefined();
        else expect(warning, JSON.stringify(size)).toContain(`becomes ${made.width}×${made.height}`);
      }
    },
  );
});
