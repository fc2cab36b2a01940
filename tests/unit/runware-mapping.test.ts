import { getAdapter } from "@/lib/providers/registry";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getModel, parseParams, type CanonicalParams, type ModelId } from "@/lib/models";
import { paramWarnings } from "@/lib/providers/capabilities";
import { ProviderError } from "@/lib/providers/errors";
import { runwareAdapter } from "@/lib/providers/runware";
import { taskUuidFor } from "@/lib/providers/runware/request";
import { RUNWARE_ULTRA_SIZES, runwareKontextSize, runwareUltraSize } from "@/lib/providers/runware/sizes";
import { imageDimensions } from "@/lib/providers/dialects/image-dimensions";
import sharp from "sharp";
import {
  billedUsd,
  isDuplicateTask,
  parseGetResponse,
  runwareEnvelope,
  runwareError,
  runwareErrorCategory,
  runwareHttpError,
  taskErrors,
  taskResults,
  type RunwareEnvelope,
} from "@/lib/providers/runware/wire";

const RUNWARE_PRICES = getAdapter("runware").prices;

const PRO = "flux-pro-1.1" as const;
const ULTRA = "flux-pro-1.1-ultra" as const;
const CTX = { baseUrl: "https://api.runware.ai/v1", apiKey: "rw-test-key", requestKey: "gen-1" };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

function params(model: ModelId, raw: Record<string, unknown> = {}): CanonicalParams {
  const result = parseParams(model, { prompt: "a red fox in the snow", ...raw });
  if (!result.ok) throw new Error(`bad test params: ${JSON.stringify(result.issues)}`);
  return result.data;
}

function onlyTask(model: ModelId, raw: Record<string, unknown> = {}): Record<string, unknown> {
  const requests = runwareAdapter.buildRequests(model, params(model, raw), CTX);
  expect(requests).toHaveLength(1);
  const body = requests[0]!.body as Record<string, unknown>[];
  expect(Array.isArray(body)).toBe(true);
  expect(body).toHaveLength(1);
  return body[0]!;
}

const warnings = (model: ModelId, raw: Record<string, unknown> = {}) => paramWarnings(runwareAdapter.capabilities[model], params(model, raw));

describe("FLUX.1 on Runware", () => {
  it("sends [dev] as runware:101@1 with steps, CFGScale and the content check, and no providerSettings", () => {
    const task = onlyTask("flux-dev", { width: 1216, height: 832, steps: 40, guidance: 4.5, seed: 7, safety_tolerance: 6, prompt_upsampling: true, image_prompt: PNG_BASE64, num_images: 3 });
    expect(task).toEqual({
      taskType: "imageInference",
      taskUUID: taskUuidFor("gen-1"),
      model: "runware:101@1",
      positivePrompt: "a red fox in the snow",
      width: 1216,
      height: 832,
      seed: 7,
      numberResults: 3,
      outputType: "URL",
      outputFormat: "JPG",
      includeCost: true,
      deliveryMethod: "async",
      steps: 40,
      CFGScale: 4.5,
      safety: { checkContent: false },
    });
  });

  it("sends [schnell] as runware:100@1 with its steps and its checker as the content check", () => {
    const task = onlyTask("flux-schnell", { width: 512, height: 512, steps: 2, safety_checker: false });
    expect(task).toMatchObject({ model: "runware:100@1", width: 512, height: 512, steps: 2, safety: { checkContent: false } });
    expect(task).not.toHaveProperty("CFGScale");
    expect(task).not.toHaveProperty("providerSettings");
    expect(onlyTask("flux-schnell")).toMatchObject({ steps: 4, safety: { checkContent: true } });
  });

  it.each(["flux-dev", "flux-schnell"] as const)("%s covers every parameter, with no warning for its defaults", (model) => {
    expect(Object.keys(runwareAdapter.capabilities[model]!).sort()).toEqual(Object.keys(getModel(model).schema.shape).sort());
    expect(warnings(model)).toEqual([]);
  });

  it.each([
    [{ safety_tolerance: 5 }, "safety_tolerance: Runware has only an on/off safety checker: 5 is sent as safety.checkContent: false"],
    [{ safety_tolerance: 0 }, "safety_tolerance: Runware has only an on/off safety checker: 0 is sent as the checker on (safety.checkContent: true)"],
    [{ prompt_upsampling: true }, "prompt_upsampling: Runware's FLUX.1 [dev] has no prompt upsampling"],
    [{ image_prompt: PNG_BASE64 }, "image_prompt: Runware's FLUX.1 [dev] has no image prompt"],
  ])("[dev] %j warns %s", (raw, warning) => {
    const list = warnings("flux-dev", raw);
    expect(list).toHaveLength(1);
    expect(list[0]).toContain(warning);
  });
});

describe("FLUX.1 Kontext [pro] on Runware (bfl:3@1)", () => {
  const KONTEXT = "flux-kontext-pro" as const;
  const INPUT = `data:image/png;base64,${PNG_BASE64}`;

  it("sends one task: the input image as the reference image, one of its nine sizes, BFL's settings, no steps or CFGScale", () => {
    const task = onlyTask(KONTEXT, { input_image: INPUT, aspect_ratio: "16:9", seed: 12, num_images: 2, prompt_upsampling: true, output_format: "png" });
    expect(task).toEqual({
      taskType: "imageInference",
      taskUUID: taskUuidFor("gen-1"),
      model: "bfl:3@1",
      positivePrompt: "a red fox in the snow",
      width: 1392,
      height: 752,
      seed: 12,
      numberResults: 2,
      outputType: "URL",
      outputFormat: "PNG",
      includeCost: true,
      deliveryMethod: "async",
      inputs: { referenceImages: [INPUT] },
      providerSettings: { bfl: { promptUpsampling: true, safetyTolerance: 2 } },
    });
  });

  it("with no ratio asks for the listed size closest to the input image's shape, read from its header", async () => {
    const png = async (width: number, height: number, format: "png" | "jpeg" | "webp" | "gif") =>
      `data:image/${format};base64,${(await sharp({ create: { width, height, channels: 3, background: "#123456" } }).toFormat(format).toBuffer()).toString("base64")}`;
    for (const format of ["png", "jpeg", "webp", "gif"] as const) {
      expect(imageDimensions(await png(333, 222, format)), format).toEqual({ width: 333, height: 222 });
    }
    expect(onlyTask(KONTEXT, { input_image: await png(800, 600, "jpeg") })).toMatchObject({ width: 1184, height: 880 });
    expect(onlyTask(KONTEXT, { input_image: await png(90, 160, "webp") })).toMatchObject({ width: 752, height: 1392 });
    expect(runwareKontextSize(undefined, "https://example.com/cat.png")).toEqual({ width: 1024, height: 1024 });
  });

  it("warns of a ratio it lacks and of a tolerance past 2", () => {
    expect(onlyTask(KONTEXT, { input_image: INPUT, aspect_ratio: "5:4", safety_tolerance: 4 })).toMatchObject({ width: 1184, height: 880, providerSettings: { bfl: { safetyTolerance: 2 } } });
    expect(warnings(KONTEXT, { input_image: INPUT, aspect_ratio: "5:4", safety_tolerance: 4 })).toEqual([
      "aspect_ratio: Runware makes Kontext only in fixed sizes: 5:4 becomes 1184×880, the nearest shape it offers",
      "safety_tolerance: Kontext applies at most 2 to an edit: 4 is sent as 2",
    ]);
    expect(Object.keys(runwareAdapter.capabilities[KONTEXT]!).sort()).toEqual(Object.keys(getModel(KONTEXT).schema.shape).sort());
  });
});

describe("FLUX.2 [pro] on Runware (bfl:5@1)", () => {
  const F2 = "flux-2-pro" as const;
  const INPUT = `data:image/png;base64,${PNG_BASE64}`;

  it("sends one task at the model's default size, BFL's settings (upsampling on by default), no inputs without references", () => {
    expect(onlyTask(F2)).toEqual({
      taskType: "imageInference",
      taskUUID: taskUuidFor("gen-1"),
      model: "bfl:5@1",
      positivePrompt: "a red fox in the snow",
      width: 1024,
      height: 1024,
      numberResults: 1,
      outputType: "URL",
      outputFormat: "JPG",
      includeCost: true,
      deliveryMethod: "async",
      providerSettings: { bfl: { promptUpsampling: true, safetyTolerance: 2 } },
    });
    expect(warnings(F2)).toEqual([]);
  });

  it("with every field set: width+height, references in order as inputs.referenceImages, seed 0 clamped to 1, tolerance 5, upsampling off", () => {
    const raw = { input_images: [INPUT, "data:image/jpeg;base64,QUFB"], width: 1440, height: 1088, seed: 0, num_images: 4, safety_tolerance: 5, prompt_upsampling: false, output_format: "png" };
    expect(onlyTask(F2, raw)).toEqual({
      taskType: "imageInference",
      taskUUID: taskUuidFor("gen-1"),
      model: "bfl:5@1",
      positivePrompt: "a red fox in the snow",
      width: 1440,
      height: 1088,
      seed: 1,
      numberResults: 4,
      outputType: "URL",
      outputFormat: "PNG",
      includeCost: true,
      deliveryMethod: "async",
      inputs: { referenceImages: [INPUT, "data:image/jpeg;base64,QUFB"] },
      providerSettings: { bfl: { promptUpsampling: false, safetyTolerance: 5 } },
    });
    expect(warnings(F2, raw)).toEqual(["seed: Runware's seeds start at 1: seed 0 is sent as 1"]);
  });

  it("covers every parameter, marks the reference field unconfirmed, and prices BFL's per-MP tiers ($0.03 at 1 MP)", () => {
    const caps = runwareAdapter.capabilities[F2]!;
    expect(Object.keys(caps).sort()).toEqual(Object.keys(getModel(F2).schema.shape).sort());
    expect(caps.input_images).toMatchObject({ wire: "inputs.referenceImages", note: expect.stringMatching(/unconfirmed/) });
    expect(RUNWARE_PRICES.find((r) => r.model === F2)).toMatchObject({ unit: "megapixel", usd: 0.03, extraMpUsd: 0.015, inputMpUsd: 0.015, mpPixels: 1024 * 1024 });
  });
});

describe("runwareAdapter.buildRequests", () => {
  it.each([
    [PRO, "https://api.runware.ai/v1", "https://api.runware.ai/v1"],
    [PRO, "https://api.runware.ai/v1/", "https://api.runware.ai/v1"],
    [ULTRA, "https://proxy.example.com/runware/v1/", "https://proxy.example.com/runware/v1"],
    [ULTRA, "http://localhost:3000/api/sandbox/runware", "http://localhost:3000/api/sandbox/runware"],
    [PRO, "http://localhost:3000/api/sandbox/runware/", "http://localhost:3000/api/sandbox/runware"],
  ])("%s at %s posts to the base URL itself (%s)", (model, baseUrl, url) => {
    const [request] = runwareAdapter.buildRequests(model, params(model), { ...CTX, baseUrl });
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe(url);
  });

  it.each([PRO, ULTRA])("%s sends the key as Authorization: Bearer, plus JSON headers", (model) => {
    const [request] = runwareAdapter.buildRequests(model, params(model), CTX);
    expect(request!.headers).toEqual({ Authorization: "Bearer rw-test-key", "Content-Type": "application/json", accept: "application/json" });
    expect(runwareAdapter.secretHeaders).toEqual(["authorization"]);
  });

  it("sends the FLUX 1.1 [pro] task with every field Runware names", () => {
    const task = onlyTask(PRO, { width: 1440, height: 608, seed: 7, safety_tolerance: 5, output_format: "png", prompt_upsampling: true, num_images: 2 });
    expect(task).toEqual({
      taskType: "imageInference",
      taskUUID: taskUuidFor("gen-1"),
      model: "bfl:2@1",
      positivePrompt: "a red fox in the snow",
      width: 1440,
      height: 608,
      seed: 7,
      numberResults: 2,
      outputType: "URL",
      outputFormat: "PNG",
      includeCost: true,
      deliveryMethod: "async",
      providerSettings: { bfl: { promptUpsampling: true, safetyTolerance: 5 } },
    });
  });

  it("sends the Ultra task with a fixed size for the ratio and raw under providerSettings.bfl", () => {
    const task = onlyTask(ULTRA, { aspect_ratio: "21:9", raw: true, seed: 3 });
    expect(task).toEqual({
      taskType: "imageInference",
      taskUUID: taskUuidFor("gen-1"),
      model: "bfl:2@2",
      positivePrompt: "a red fox in the snow",
      width: 3136,
      height: 1344,
      seed: 3,
      numberResults: 1,
      outputType: "URL",
      outputFormat: "JPG",
      includeCost: true,
      deliveryMethod: "async",
      providerSettings: { bfl: { promptUpsampling: false, safetyTolerance: 2, raw: true } },
    });
    expect(task).not.toHaveProperty("aspect_ratio");
  });

  it.each([PRO, ULTRA])("%s without a seed sends no seed key", (model) => {
    expect(onlyTask(model)).not.toHaveProperty("seed");
  });

  it("sends seed 0 as 1, with a warning", () => {
    expect(onlyTask(PRO, { seed: 0 }).seed).toBe(1);
    expect(warnings(PRO, { seed: 0 })).toEqual([expect.stringContaining("seed: Runware's seeds start at 1")]);
    expect(warnings(PRO, { seed: 5 })).toEqual([]);
  });

  it.each([
    ["jpeg", "JPG"],
    ["png", "PNG"],
  ])("output_format %s becomes outputFormat %s", (format, wire) => {
    expect(onlyTask(PRO, { output_format: format }).outputFormat).toBe(wire);
    expect(onlyTask(ULTRA, { output_format: format }).outputFormat).toBe(wire);
  });

  it.each([PRO, ULTRA])("%s drops the image prompt (field unverified) and never sends image inputs", (model) => {
    const task = onlyTask(model, { image_prompt: `data:image/png;base64,${PNG_BASE64}` });
    const json = JSON.stringify(task);
    expect(json).not.toContain(PNG_BASE64);
    for (const key of ["image_prompt", "inputs", "seedImage", "referenceImages", "image_prompt_strength"]) expect(task).not.toHaveProperty(key);
  });

  it("derives the taskUUID from the request key: stable per generation, a UUID v4", () => {
    expect(taskUuidFor("gen-1")).toMatch(UUID_V4);
    expect(taskUuidFor("gen-1")).toBe(taskUuidFor("gen-1"));
    expect(taskUuidFor("gen-2")).not.toBe(taskUuidFor("gen-1"));
    expect(taskUuidFor("gen-1", 1)).not.toBe(taskUuidFor("gen-1"));
    const a = onlyTask(PRO, { seed: 1 });
    const b = onlyTask(PRO, { seed: 1 });
    expect(a.taskUUID).toBe(b.taskUUID);
  });
});

describe("Ultra sizes", () => {
  it.each(RUNWARE_ULTRA_SIZES.map((s) => [s.ratio, s.width, s.height]))("listed ratio %s is sent as %i×%i without a warning", (ratio, width, height) => {
    expect(runwareUltraSize(ratio as string)).toEqual({ width, height, exact: true });
    const task = onlyTask(ULTRA, { aspect_ratio: ratio });
    expect([task.width, task.height]).toEqual([width, height]);
    expect(warnings(ULTRA, { aspect_ratio: ratio })).toEqual([]);
  });

  it.each([
    ["5:4", 2368, 1792],
    ["4:5", 1792, 2368],
    ["2:1", 2752, 1536],
    ["9:4", 3136, 1344],
    ["1:2", 1536, 2752],
    ["10:9", 2048, 2048],
  ])("unlisted ratio %s becomes the nearest listed size %i×%i, with a warning", (ratio, width, height) => {
    expect(runwareUltraSize(ratio)).toEqual({ width, height, exact: false });
    const task = onlyTask(ULTRA, { aspect_ratio: ratio });
    expect([task.width, task.height]).toEqual([width, height]);
    expect(warnings(ULTRA, { aspect_ratio: ratio })).toEqual([`aspect_ratio: Runware makes Ultra only in fixed sizes: ${ratio} becomes ${width}×${height}, the nearest shape it offers`]);
  });

  it("a ratio equal to a listed one in other terms (32:18) is exact", () => {
    expect(runwareUltraSize("32:18")).toEqual({ width: 2752, height: 1536, exact: true });
  });
});

describe("capabilities", () => {
  it.each([PRO, ULTRA])("%s covers every canonical parameter of the model", (model) => {
    const canonical = Object.keys(getModel(model).schema.shape).sort();
    expect(Object.keys(runwareAdapter.capabilities[model]!).sort()).toEqual(canonical);
  });

  it("declares the wire names", () => {
    const ultra = runwareAdapter.capabilities[ULTRA]!;
    expect(ultra.prompt!.wire).toBe("positivePrompt");
    expect(ultra.num_images!.wire).toBe("numberResults");
    expect(ultra.raw!.wire).toBe("providerSettings.bfl.raw");
    expect(ultra.safety_tolerance!.wire).toBe("providerSettings.bfl.safetyTolerance");
    expect(ultra.prompt_upsampling!.wire).toBe("providerSettings.bfl.promptUpsampling");
    expect(ultra.aspect_ratio!.treatment).toBe("converted");
    expect(ultra.image_prompt!.treatment).toBe("dropped");
    expect(ultra.image_prompt_strength!.treatment).toBe("dropped");
  });

  it("warns about a dropped image prompt, and its strength only with one", () => {
    expect(warnings(ULTRA, { image_prompt_strength: 0.7 })).toEqual([]);
    const withImage = warnings(ULTRA, { image_prompt: PNG_BASE64, image_prompt_strength: 0.7 });
    expect(withImage).toHaveLength(2);
    expect(withImage[0]).toMatch(/^image_prompt: .*not sent/);
    expect(withImage[1]).toMatch(/^image_prompt_strength: .*not sent/);
    expect(warnings(PRO, { image_prompt: PNG_BASE64 })).toEqual([expect.stringMatching(/^image_prompt: /)]);
  });

  it.each([
    ["x", true],
    ["ab", false],
    ["a".repeat(3000), false],
    ["a".repeat(3001), true],
  ])("a prompt of %j… warns: %s", (prompt, warned) => {
    const list = warnings(PRO, { prompt });
    expect(list.some((w) => w.startsWith("prompt: "))).toBe(warned);
  });

  it("has list prices of $0.04 and $0.06 per image, compute-priced FLUX.1 figures with a note, and FLUX.2 per megapixel", () => {
    expect(RUNWARE_PRICES.map((r) => [r.provider, r.model, r.unit, r.usd, r.asOf])).toEqual([
      ["runware", PRO, "image", 0.04, "2026-11-01"],
      ["runware", ULTRA, "image", 0.06, "2026-11-01"],
      ["runware", "flux-dev", "image", 0.0013, "2026-12-05"],
      ["runware", "flux-schnell", "image", 0.0006, "2026-12-05"],
      ["runware", "flux-kontext-pro", "image", 0.04, "2026-12-05"],
      ["runware", "flux-2-pro", "megapixel", 0.03, "2026-12-05"],
    ]);
    for (const model of ["flux-dev", "flux-schnell"]) expect(RUNWARE_PRICES.find((r) => r.model === model)?.note).toMatch(/by compute/);
  });

  it("names its environment and the cheat-sheet base URL", () => {
    expect(runwareAdapter.defaultBaseUrl).toBe("https://api.runware.ai/v1");
    expect(runwareAdapter.env).toEqual({ apiKey: ["RUNWARE_API_KEY"], baseUrl: "RUNWARE_BASE_URL" });
  });
});

const UUID = "8c1f5d8e-1111-4aaa-9bbb-000000000001";
const env = (body: unknown): RunwareEnvelope => runwareEnvelope.parse(body);
const success = (n: number, extra: Record<string, unknown> = {}) => ({
  taskType: "imageInference",
  taskUUID: UUID,
  status: "success",
  imageUUID: `img-${n}`,
  imageURL: `https://im.runware.ai/image/ws/2/ii/img-${n}.jpg`,
  seed: 100 + n,
  cost: 0.04,
  ...extra,
});

describe("parseGetResponse", () => {
  it("processing items give pending with progress read as percent", () => {
    const update = parseGetResponse(env({ data: [{ taskUUID: UUID, status: "processing", progress: 40 }] }), UUID, 1, "JPG");
    expect(update).toEqual({ state: "pending", progress: 0.4 });
  });

  it("progress already in 0..1 is kept", () => {
    expect(parseGetResponse(env({ data: [{ taskUUID: UUID, status: "processing", progress: 0.25 }] }), UUID, 1, "JPG")).toEqual({ state: "pending", progress: 0.25 });
  });

  it("processing without progress gives progress null", () => {
    expect(parseGetResponse(env({ data: [{ taskUUID: UUID, status: "processing" }] }), UUID, 1, "JPG")).toEqual({ state: "pending", progress: null });
  });

  it("results trickle in: 1 of 3 done is pending, averaged with the others' progress", () => {
    const body = { data: [success(0), { taskUUID: UUID, status: "processing", progress: 50 }, { taskUUID: UUID, status: "processing", progress: 20 }] };
    expect(parseGetResponse(env(body), UUID, 3, "JPG")).toEqual({ state: "pending", progress: 0.57 });
  });

  it("is ready once numberResults successes arrived, in order, with seeds and the summed cost", () => {
    const update = parseGetResponse(env({ data: [success(0), success(1, { cost: 0.06 }), success(2)] }), UUID, 3, "JPG");
    expect(update).toEqual({
      state: "ready",
      images: [0, 1, 2].map((n) => ({ url: `https://im.runware.ai/image/ws/2/ii/img-${n}.jpg`, seed: 100 + n })),
      billedUsd: 0.14,
    });
  });

  it("without cost, billedUsd is null", () => {
    const update = parseGetResponse(env({ data: [success(0, { cost: undefined })] }), UUID, 1, "JPG");
    expect(update).toMatchObject({ state: "ready", billedUsd: null });
  });

  it("takes inline results: imageDataURI as is, imageBase64Data as a data: URL of the requested format", () => {
    const dataUri = `data:image/png;base64,${PNG_BASE64}`;
    const update = parseGetResponse(
      env({ data: [success(0, { imageURL: undefined, imageDataURI: dataUri }), success(1, { imageURL: undefined, imageBase64Data: PNG_BASE64 })] }),
      UUID,
      2,
      "PNG",
    );
    expect(update).toMatchObject({ state: "ready", images: [{ url: dataUri }, { url: `data:image/png;base64,${PNG_BASE64}` }] });
  });

  it("an item with status error fails the task even when others succeeded", () => {
    const body = { data: [{ taskUUID: UUID, status: "error", error: { code: "providerContentPolicyViolation", message: "Flagged by the provider" } }, success(1)] };
    const update = parseGetResponse(env(body), UUID, 2, "JPG");
    if (update.state !== "failed") throw new Error("expected failed");
    expect(update.error.code).toBe("moderated_output");
    expect(update.error.message).toContain("Flagged by the provider");
    expect(update.error.message).toContain("providerContentPolicyViolation");
  });

  it("top-level errors[] fail the task too (data may be empty)", () => {
    const update = parseGetResponse(env({ data: [], errors: [{ code: "timeoutProvider", message: "Provider timed out", taskUUID: UUID }] }), UUID, 1, "JPG");
    if (update.state !== "failed") throw new Error("expected failed");
    expect(update.error.code).toBe("timeout");
    expect(update.error.retryable).toBe(true);
    expect(update.error.message).toContain("Provider timed out");
  });

  it("ignores items and errors of other tasks", () => {
    const other = "8c1f5d8e-1111-4aaa-9bbb-000000000002";
    const body = { data: [success(0), { taskUUID: other, status: "error", error: { code: "inferenceError" } }], errors: [{ code: "inferenceError", taskUUID: other }] };
    expect(parseGetResponse(env(body), UUID, 1, "JPG").state).toBe("ready");
  });

  it.each(["pending", "queued", ""])("unknown status %j counts as still running", (status) => {
    expect(parseGetResponse(env({ data: [{ taskUUID: UUID, status, progress: 10 }] }), UUID, 1, "JPG").state).toBe("pending");
  });

  it("an empty answer is pending", () => {
    expect(parseGetResponse(env({ data: [] }), UUID, 1, "JPG")).toEqual({ state: "pending", progress: null });
  });
});

describe("submit answers", () => {
  it("an async acknowledgement carries no result", () => {
    expect(taskResults(env({ data: [{ taskType: "imageInference", taskUUID: UUID }] }), UUID)).toEqual([]);
  });

  it("a sync answer's items (no status) are results", () => {
    const item = { taskType: "imageInference", taskUUID: UUID, imageUUID: "i", imageURL: "https://im.runware.ai/image/ws/2/ii/i.jpg", seed: 1, cost: 0.06, NSFWContent: false };
    expect(taskResults(env({ data: [item] }), UUID)).toHaveLength(1);
    expect(billedUsd(taskResults(env({ data: [item, item] }), UUID))).toBe(0.12);
  });

  it("collects errors from both places", () => {
    const body = env({ data: [{ taskUUID: UUID, status: "error", error: { code: "a" } }], errors: [{ code: "b" }] });
    expect(taskErrors(body, UUID).map((e) => e.code)).toEqual(["b", "a"]);
  });

  it("recognises Runware's refusal of a taskUUID it already has", () => {
    expect(isDuplicateTask({ code: "duplicateTaskUUID", parameter: "taskUUID" })).toBe(true);
    expect(isDuplicateTask({ code: "duplicateTaskUUID", parameter: "model" })).toBe(false);
    expect(isDuplicateTask({ code: "invalidTaskUUID", parameter: "taskUUID" })).toBe(false);
  });
});

describe("runwareAdapter.submit on a stubbed host", () => {
  const request = () => runwareAdapter.buildRequests(PRO, params(PRO, { num_images: 2 }), CTX)[0]!;
  const answering = (status: number, body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));
  afterEach(() => vi.unstubAllGlobals());

  it("treats a refusal of its own taskUUID as a duplicate as the acknowledgement of the earlier submit", async () => {
    const uuid = taskUuidFor("gen-1");
    vi.stubGlobal("fetch", answering(400, { errors: [{ code: "duplicateTaskUUID", message: "taskUUID already used", parameter: "taskUUID", taskUUID: uuid }] }));
    const submitted = await runwareAdapter.submit(request(), { baseUrl: CTX.baseUrl, apiKey: "k" });
    expect(submitted).toEqual({ handle: { taskId: uuid, pollingUrl: CTX.baseUrl, numberResults: 2, outputFormat: "JPG" }, billedUsd: null });
  });

  it("fails on a 200 whose errors[] concern its task", async () => {
    vi.stubGlobal("fetch", answering(200, { data: [], errors: [{ code: "invalidPositivePrompt", message: "bad prompt", parameter: "positivePrompt" }] }));
    const error = await runwareAdapter.submit(request(), { baseUrl: CTX.baseUrl, apiKey: "k" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe("invalid_params");
    expect((error as ProviderError).message).toContain("bad prompt");
  });

  it("polls getResponse with the same taskUUID at the same URL", async () => {
    const fetch = answering(200, { data: [{ taskUUID: taskUuidFor("gen-1"), status: "processing", progress: 10 }] });
    vi.stubGlobal("fetch", fetch);
    const update = await runwareAdapter.poll({ taskId: taskUuidFor("gen-1"), pollingUrl: CTX.baseUrl, numberResults: 2 }, { baseUrl: CTX.baseUrl, apiKey: "k" });
    expect(update).toEqual({ state: "pending", progress: 0.05 });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(CTX.baseUrl);
    expect(init.method).toBe("POST");
    expect(JSON.parse(String(init.body))).toEqual([{ taskType: "getResponse", taskUUID: taskUuidFor("gen-1") }]);
    expect((init.headers as Record<string, string>).Authorization).toBe("Bearer k");
  });
});

describe("runwareErrorCategory (the official SDK's classification)", () => {
  it.each([
    ["insufficientCredits", "quota"],
    ["paymentRequired", "quota"],
    ["accountBalanceLow", "quota"],
    ["rateLimitExceeded", "rateLimit"],
    ["providerRateLimit", "rateLimit"],
    ["providerContentPolicyViolation", "safety"],
    ["nsfwContentDetected", "safety"],
    ["promptBlocked", "safety"],
    ["invalidApiKey", "auth"],
    ["unauthorized", "auth"],
    ["accountSuspended", "auth"],
    ["timeoutProvider", "timeout"],
    ["taskFailedOrNotFound", "notFound"],
    ["internalServerError", "serverError"],
    ["serviceUnavailable", "serverError"],
    ["inferenceError", "provider"],
    ["providerError", "provider"],
    ["invalidWidth", "validation"],
    ["missingTaskUUID", "validation"],
    ["unsupportedDimensions", "validation"],
    ["unknownParameter", "validation"],
    ["somethingElse", "unknown"],
  ])("%s is %s", (code, category) => {
    expect(runwareErrorCategory(code)).toBe(category);
  });
});

describe("runwareError / runwareHttpError", () => {
  const headers = (init: Record<string, string> = {}) => new Headers(init);
  const http = (status: number, body: unknown, h: Record<string, string> = {}, stage: "submit" | "task" = "submit") =>
    runwareHttpError(status, body, body === undefined ? "" : JSON.stringify(body), headers(h), stage);
  const errors = (code: string, message: string, extra: Record<string, unknown> = {}) => ({ errors: [{ code, message, taskType: "imageInference", ...extra }] });

  it.each([
    [401, "invalidApiKey", "Invalid API key. Get one at https://my.runware.ai/signup", "auth", false],
    [402, "insufficientCredits", "Insufficient credits", "insufficient_credits", false],
    [429, "rateLimitExceeded", "Too many requests", "rate_limited", true],
    [400, "invalidWidth", "Invalid value for width", "invalid_params", false],
    [400, "unsupportedDimensions", "Unsupported dimensions 2048x1536", "invalid_params", false],
    [400, "invalidModel", "Invalid model AIR", "invalid_params", false],
    [400, "providerContentPolicyViolation", "Prompt flagged", "moderated_request", false],
    [404, "taskFailedOrNotFound", "No async task found", "provider_error", false],
    [500, "internalServerError", "Internal server error", "provider_error", true],
    [503, "serviceUnavailable", "Service temporarily unavailable", "provider_error", true],
    [504, "timeoutProvider", "Provider timed out", "timeout", true],
  ])("HTTP %i %s -> %s", (status, code, message, ourCode, retryable) => {
    const e = http(status, errors(code, message));
    expect(e).toBeInstanceOf(ProviderError);
    expect(e.code).toBe(ourCode);
    expect(e.status).toBe(status);
    expect(e.retryable).toBe(retryable);
    expect(e.message).toContain(message);
    expect(e.message).toContain(code);
    expect(e.message).toContain(`HTTP ${status}`);
  });

  it("auth points at RUNWARE_API_KEY", () => {
    expect(http(401, errors("invalidApiKey", "Invalid API key.")).message).toContain("RUNWARE_API_KEY");
  });

  it("names the parameter Runware blames", () => {
    expect(http(400, errors("invalidHeight", "Invalid value for height", { parameter: "height" })).message).toContain("[parameter: height]");
  });

  it.each([
    ["providerContentPolicyViolation", undefined, "submit", "moderated_request"],
    ["providerContentPolicyViolation", undefined, "task", "moderated_output"],
    ["contentPolicyViolation", "positivePrompt", "task", "moderated_request"],
    ["promptBlocked", undefined, "task", "moderated_request"],
    ["nsfwContentDetected", undefined, "submit", "moderated_output"],
    ["imageBlocked", undefined, "task", "moderated_output"],
  ] as const)("safety code %s (parameter %s) at %s -> %s", (code, parameter, stage, ours) => {
    expect(runwareError({ code, message: "m", parameter }, { stage }).code).toBe(ours);
  });

  it.each([
    [401, "auth", false],
    [403, "auth", false],
    [402, "insufficient_credits", false],
    [429, "rate_limited", true],
    [400, "invalid_params", false],
    [422, "invalid_params", false],
    [404, "provider_error", false],
    [500, "provider_error", true],
    [502, "provider_error", true],
    [504, "timeout", true],
  ])("an unknown code falls back on HTTP %i -> %s", (status, code, retryable) => {
    const e = http(status, errors("somethingNew", "odd"));
    expect([e.code, e.retryable]).toEqual([code, retryable]);
  });

  it("passes on Retry-After", () => {
    expect(http(429, errors("rateLimitExceeded", "slow"), { "Retry-After": "2" }).retryAfterMs).toBe(2000);
    expect(http(429, errors("rateLimitExceeded", "slow")).retryAfterMs).toBeNull();
  });

  it("a non-JSON body keeps the beginning of the text", () => {
    const e = runwareHttpError(502, undefined, "<html><body>502 Bad Gateway</body></html>", headers(), "submit");
    expect([e.code, e.retryable]).toEqual(["provider_error", true]);
    expect(e.message).toContain("502 Bad Gateway");
  });

  it("truncates a very long body", () => {
    expect(runwareHttpError(500, undefined, "x".repeat(5000), headers(), "task").message.length).toBeLessThan(500);
  });

  it("the envelope accepts Runware's documented error body", () => {
    const body = {
      errors: [{ code: "invalidApiKey", message: "Invalid API key. Get one at https://my.runware.ai/signup", parameter: "apiKey", taskType: "authentication", documentation: "https://runware.ai/docs/platform/errors" }],
    };
    expect(runwareEnvelope.safeParse(body).success).toBe(true);
  });
});
