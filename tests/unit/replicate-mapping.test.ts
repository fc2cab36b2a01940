import { getAdapter } from "@/lib/providers/registry";
import { describe, expect, it } from "vitest";
import { getModel, parseParams, type CanonicalParams, type ModelId } from "@/lib/models";
import { paramWarnings } from "@/lib/providers/capabilities";
import { ProviderError } from "@/lib/providers/errors";
import { PREFER_WAIT_SECONDS, replicateAdapter } from "@/lib/providers/replicate";
import { generationFailure, nearestUltraRatio, toDataUrl, toReplicateSafety } from "@/lib/providers/dialects/replicate-flux";
import { parseReplicatePrediction, replicateHttpError, replicatePrediction, type ReplicatePrediction } from "@/lib/providers/replicate/wire";

const REPLICATE_PRICES = getAdapter("replicate").prices;

const PRO = "flux-pro-1.1" as const;
const ULTRA = "flux-pro-1.1-ultra" as const;
const DEV = "flux-dev" as const;
const SCHNELL = "flux-schnell" as const;
const KONTEXT = "flux-kontext-pro" as const;
const CTX = { baseUrl: "https://api.replicate.com", apiKey: "r8_test", requestKey: "gen-1" };
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const OUTPUT = "https://replicate.delivery/xezq/abc/output.jpg";

function params(model: ModelId, raw: Record<string, unknown> = {}): CanonicalParams {
  const result = parseParams(model, { prompt: "a red fox in the snow", ...raw });
  if (!result.ok) throw new Error(`bad test params: ${JSON.stringify(result.issues)}`);
  return result.data;
}

const inputs = (model: ModelId, raw: Record<string, unknown> = {}) =>
  replicateAdapter.buildRequests(model, params(model, raw), CTX).map((r) => (r.body as { input: Record<string, unknown> }).input);

describe("replicateAdapter.buildRequests", () => {
  it.each([
    [PRO, "https://api.replicate.com", "https://api.replicate.com/v1/models/black-forest-labs/flux-1.1-pro/predictions"],
    [PRO, "https://api.replicate.com/", "https://api.replicate.com/v1/models/black-forest-labs/flux-1.1-pro/predictions"],
    [ULTRA, "https://api.replicate.com", "https://api.replicate.com/v1/models/black-forest-labs/flux-1.1-pro-ultra/predictions"],
    [ULTRA, "http://localhost:3000/api/sandbox/replicate/", "http://localhost:3000/api/sandbox/replicate/v1/models/black-forest-labs/flux-1.1-pro-ultra/predictions"],
  ])("%s at %s posts to %s", (model, baseUrl, url) => {
    const [request] = replicateAdapter.buildRequests(model, params(model), { ...CTX, baseUrl });
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe(url);
  });

  it("keeps the cheat sheet's base URL and env names", () => {
    expect(replicateAdapter.defaultBaseUrl).toBe("https://api.replicate.com");
    expect(replicateAdapter.env).toEqual({ apiKey: ["REPLICATE_API_KEY", "REPLICATE_API_TOKEN"], baseUrl: "REPLICATE_BASE_URL" });
  });

  it.each([PRO, ULTRA])("%s sends a Bearer token, JSON and Prefer: wait=N", (model) => {
    const [request] = replicateAdapter.buildRequests(model, params(model), CTX);
    expect(request!.headers).toEqual({
      Authorization: "Bearer r8_test",
      accept: "application/json",
      "Content-Type": "application/json",
      Prefer: `wait=${PREFER_WAIT_SECONDS}`,
    });
    expect(replicateAdapter.secretHeaders).toEqual(["authorization"]);
  });

  it("wraps the input in {input}", () => {
    const [request] = replicateAdapter.buildRequests(PRO, params(PRO), CTX);
    expect(Object.keys(request!.body as object)).toEqual(["input"]);
  });

  it.each([
    [1, [1000]],
    [3, [1000, 1001, 1002]],
    [4, [1000, 1001, 1002, 1003]],
  ])("num_images %i makes one prediction per image with seeds %j", (numImages, seeds) => {
    for (const model of [PRO, ULTRA]) {
      const sent = inputs(model, { num_images: numImages, seed: 1000 });
      expect(sent.map((i) => i.seed)).toEqual(seeds);
      expect(sent.every((i) => !("num_images" in i) && !("num_outputs" in i))).toBe(true);
    }
  });

  it("wraps seed + n past 4294967295 to 0", () => {
    expect(inputs(PRO, { num_images: 2, seed: 4294967295 }).map((i) => i.seed)).toEqual([4294967295, 0]);
  });

  it.each([PRO, ULTRA])("%s without a seed sends no seed key", (model) => {
    for (const input of inputs(model, { num_images: 2 })) expect(input).not.toHaveProperty("seed");
  });

  it("sends FLUX 1.1 [pro] with aspect_ratio custom + width/height, jpg, and nothing Ultra-only", () => {
    const [input] = inputs(PRO, { width: 1440, height: 608, seed: 7, safety_tolerance: 5, prompt_upsampling: true });
    expect(input).toEqual({
      prompt: "a red fox in the snow",
      aspect_ratio: "custom",
      width: 1440,
      height: 608,
      prompt_upsampling: true,
      seed: 7,
      safety_tolerance: 5,
      output_format: "jpg",
    });
  });

  it("sends Ultra with aspect_ratio and raw, and drops prompt_upsampling", () => {
    const [input] = inputs(ULTRA, { aspect_ratio: "21:9", raw: true, seed: 7, prompt_upsampling: true, output_format: "png" });
    expect(input).toEqual({
      prompt: "a red fox in the snow",
      aspect_ratio: "21:9",
      raw: true,
      seed: 7,
      safety_tolerance: 2,
      output_format: "png",
    });
  });

  it.each([
    [0, 1],
    [1, 1],
    [2, 2],
    [6, 6],
  ])("safety_tolerance %i is sent as %i", (given, sent) => {
    expect(inputs(PRO, { safety_tolerance: given })[0]!.safety_tolerance).toBe(sent);
    expect(inputs(ULTRA, { safety_tolerance: given })[0]!.safety_tolerance).toBe(sent);
    expect(toReplicateSafety(given)).toBe(sent);
  });

  it.each([
    ["jpeg", "jpg"],
    ["png", "png"],
  ])("output_format %s is sent as %s", (given, sent) => {
    expect(inputs(PRO, { output_format: given })[0]!.output_format).toBe(sent);
    expect(inputs(ULTRA, { output_format: given })[0]!.output_format).toBe(sent);
  });

  it.each([
    ["16:9", "16:9"],
    ["5:4", "5:4"],
    ["9:21", "9:21"],
    ["32:18", "16:9"],
    ["2:1", "16:9"],
    ["1:2", "9:16"],
    ["6:5", "5:4"],
    ["7:3", "21:9"],
  ])("Ultra aspect_ratio %s is sent as %s", (given, sent) => {
    expect(inputs(ULTRA, { aspect_ratio: given })[0]!.aspect_ratio).toBe(sent);
    expect(nearestUltraRatio(given)).toBe(sent);
  });

  it.each([
    [`data:image/png;base64,${PNG_BASE64}`, `data:image/png;base64,${PNG_BASE64}`],
    [PNG_BASE64, `data:image/png;base64,${PNG_BASE64}`],
    ["/9j/4AAQSkZJRg", "data:image/jpeg;base64,/9j/4AAQSkZJRg"],
    ["UklGRiQAAABXRUJQ", "data:image/webp;base64,UklGRiQAAABXRUJQ"],
    ["https://example.com/ref.png", "https://example.com/ref.png"],
  ])("image_prompt %s… is sent as %s…", (given, sent) => {
    expect(toDataUrl(given)).toBe(sent);
  });

  it("sends image_prompt as a data: URL, and image_prompt_strength only with it on Ultra", () => {
    const [without] = inputs(ULTRA, { image_prompt_strength: 0.7 });
    expect(without).not.toHaveProperty("image_prompt");
    expect(without).not.toHaveProperty("image_prompt_strength");
    const [withImage] = inputs(ULTRA, { image_prompt: `data:image/png;base64,${PNG_BASE64}`, image_prompt_strength: 0.7 });
    expect(withImage!.image_prompt).toBe(`data:image/png;base64,${PNG_BASE64}`);
    expect(withImage!.image_prompt_strength).toBe(0.7);
    const [pro] = inputs(PRO, { image_prompt: PNG_BASE64 });
    expect(pro!.image_prompt).toBe(`data:image/png;base64,${PNG_BASE64}`);
    expect(pro).not.toHaveProperty("image_prompt_strength");
  });
});

describe("replicateAdapter.capabilities", () => {
  it.each([PRO, ULTRA])("%s covers every canonical parameter", (model) => {
    const names = Object.keys(getModel(model).schema.shape).sort();
    expect(Object.keys(replicateAdapter.capabilities[model]!).sort()).toEqual(names);
  });

  it("says nothing for default parameters", () => {
    expect(paramWarnings(replicateAdapter.capabilities[PRO], params(PRO))).toEqual([]);
    expect(paramWarnings(replicateAdapter.capabilities[ULTRA], params(ULTRA))).toEqual([]);
  });

  it.each([
    [PRO, { safety_tolerance: 0 }, "safety_tolerance: Replicate accepts 1 to 6: 0 is sent as 1"],
    [ULTRA, { safety_tolerance: 0 }, "safety_tolerance: Replicate accepts 1 to 6"],
    [ULTRA, { aspect_ratio: "2:1" }, "aspect_ratio: Replicate has no 2:1: sent as 16:9"],
    [ULTRA, { prompt_upsampling: true }, "prompt_upsampling: Replicate's Ultra has no prompt upsampling"],
  ] as const)("%s %j warns %s", (model, raw, warning) => {
    const warnings = paramWarnings(replicateAdapter.capabilities[model], params(model, raw));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(warning);
  });

  it.each([
    [{ aspect_ratio: "32:18" }],
    [{ safety_tolerance: 1 }],
    [{ prompt_upsampling: false }],
  ])("Ultra %j arrives intact: no warning", (raw) => {
    expect(paramWarnings(replicateAdapter.capabilities[ULTRA], params(ULTRA, raw))).toEqual([]);
  });

  it.each([
    ["width", "converted", "input.width"],
    ["safety_tolerance", "clamped", "input.safety_tolerance"],
    ["output_format", "converted", "input.output_format"],
    ["num_images", "emulated", undefined],
  ])("1.1 [pro] %s is %s (wire %s)", (name, treatment, wire) => {
    const capability = replicateAdapter.capabilities[PRO]![name]!;
    expect(capability.treatment).toBe(treatment);
    expect(capability.wire).toBe(wire);
  });

  it("prices are $0.04, $0.06, $0.025, $0.003 and $0.04 (Kontext) per image; FLUX.2 per MP (unconfirmed)", () => {
    expect(REPLICATE_PRICES.map((r) => [r.provider, r.model, r.unit, r.usd])).toEqual([
      ["replicate", PRO, "image", 0.04],
      ["replicate", ULTRA, "image", 0.06],
      ["replicate", DEV, "image", 0.025],
      ["replicate", SCHNELL, "image", 0.003],
      ["replicate", KONTEXT, "image", 0.04],
      ["replicate", "flux-2-pro", "megapixel", 0.03],
    ]);
    expect(REPLICATE_PRICES.at(-1)).toMatchObject({ extraMpUsd: 0.015, inputMpUsd: 0.015, mpPixels: 1024 * 1024 });
    expect(REPLICATE_PRICES.at(-1)!.note).toMatch(/^Unconfirmed/);
  });
});

describe("FLUX.2 [pro] on Replicate", () => {
  const F2 = "flux-2-pro" as const;

  it("one prediction per image at flux-2-pro: custom size, tolerance, references as data: URLs, seed + n", () => {
    const sent = replicateAdapter.buildRequests(F2, params(F2, { num_images: 2, seed: 5, width: 1440, height: 1088, safety_tolerance: 3, input_images: [PNG_BASE64, "https://example.com/x.png"] }), CTX);
    expect(sent.map((r) => r.url)).toEqual(Array(2).fill("https://api.replicate.com/v1/models/black-forest-labs/flux-2-pro/predictions"));
    const common = {
      prompt: "a red fox in the snow",
      aspect_ratio: "custom",
      width: 1440,
      height: 1088,
      safety_tolerance: 3,
      input_images: [`data:image/png;base64,${PNG_BASE64}`, "https://example.com/x.png"],
      output_format: "jpg",
    };
    expect(sent.map((r) => (r.body as { input: unknown }).input)).toEqual([{ ...common, seed: 5 }, { ...common, seed: 6 }]);
  });

  it("sides are clamped to 256–2048 and rounded to 32 as Replicate makes them; tolerance 0 is 1; each with a warning where the value changes", () => {
    expect(inputs(F2, { width: 64, height: 1040, safety_tolerance: 0 })[0]).toMatchObject({ width: 256, height: 1056, safety_tolerance: 1 });
    const warnings = paramWarnings(replicateAdapter.capabilities[F2], params(F2, { width: 64, safety_tolerance: 0, prompt_upsampling: false })).join(" | ");
    expect(warnings).toContain("Replicate's FLUX.2 sides are 256 to 2048: 64 is sent as 256");
    expect(warnings).toContain("Replicate's FLUX.2 accepts 1 to 5: 0 is sent as 1");
    expect(warnings).toContain("cannot turn prompt upsampling off");
    expect("prompt_upsampling" in inputs(F2)[0]!).toBe(false);
    expect("input_images" in inputs(F2)[0]!).toBe(false);
  });
});

describe("FLUX.1 Kontext [pro] on Replicate", () => {
  const INPUT = `data:image/png;base64,${PNG_BASE64}`;

  it("posts to black-forest-labs/flux-kontext-pro", () => {
    expect(replicateAdapter.buildRequests(KONTEXT, params(KONTEXT, { input_image: INPUT }), CTX)[0]!.url).toBe(
      "https://api.replicate.com/v1/models/black-forest-labs/flux-kontext-pro/predictions",
    );
  });

  it("sends no aspect ratio as match_input_image (the input's shape), the image inline, tolerance 2 by default", () => {
    expect(inputs(KONTEXT, { input_image: INPUT })).toEqual([
      { prompt: "a red fox in the snow", input_image: INPUT, aspect_ratio: "match_input_image", safety_tolerance: 2, prompt_upsampling: false, output_format: "jpg" },
    ]);
  });

  it("with every field set: one prediction per image, seed + i, a ratio Replicate takes as is, bare base64 as a data: URL", () => {
    const sent = inputs(KONTEXT, { input_image: PNG_BASE64, aspect_ratio: "2:1", seed: 5, num_images: 2, safety_tolerance: 0, prompt_upsampling: true, output_format: "jpeg" });
    expect(sent).toEqual([0, 1].map((i) => ({
      prompt: "a red fox in the snow",
      input_image: INPUT,
      aspect_ratio: "2:1",
      safety_tolerance: 0,
      prompt_upsampling: true,
      seed: 5 + i,
      output_format: "jpg",
    })));
  });

  it.each([
    [3, 2],
    [6, 2],
  ])("safety_tolerance %i is sent as %i: at most 2 with an input image, and said so", (safety_tolerance, sent) => {
    expect(inputs(KONTEXT, { input_image: INPUT, safety_tolerance })[0]!.safety_tolerance).toBe(sent);
    expect(paramWarnings(replicateAdapter.capabilities[KONTEXT], params(KONTEXT, { input_image: INPUT, safety_tolerance }))).toEqual([
      `safety_tolerance: Replicate's Kontext allows at most 2 for an edit: ${safety_tolerance} is sent as ${sent}`,
    ]);
  });

  it("a ratio Replicate lacks goes to the closest, with a warning naming it", () => {
    expect(inputs(KONTEXT, { input_image: INPUT, aspect_ratio: "7:5" })[0]!.aspect_ratio).toBe("4:3");
    expect(paramWarnings(replicateAdapter.capabilities[KONTEXT], params(KONTEXT, { input_image: INPUT, aspect_ratio: "7:5" }))).toEqual([
      "aspect_ratio: Replicate's Kontext has no 7:5: sent as 4:3, the closest ratio it takes",
    ]);
  });

  it("covers every canonical parameter, and says the inline image is unconfirmed for Kontext", () => {
    expect(Object.keys(replicateAdapter.capabilities[KONTEXT]!).sort()).toEqual(Object.keys(getModel(KONTEXT).schema.shape).sort());
    expect(replicateAdapter.capabilities[KONTEXT]!.input_image!.note).toMatch(/unconfirmed/);
  });

  it("reads Kontext's one URI string", () => {
    expect(parseReplicatePrediction(prediction({ status: "succeeded", output: OUTPUT, input: { seed: 4 } }))).toEqual({ state: "ready", images: [{ url: OUTPUT, seed: 4 }], billedUsd: null });
  });
});

describe("FLUX.1 [dev] and [schnell] on Replicate", () => {
  it.each([
    [DEV, "https://api.replicate.com/v1/models/black-forest-labs/flux-dev/predictions"],
    [SCHNELL, "https://api.replicate.com/v1/models/black-forest-labs/flux-schnell/predictions"],
  ])("%s posts to %s", (model, url) => {
    expect(replicateAdapter.buildRequests(model, params(model), CTX)[0]!.url).toBe(url);
  });

  it("sends [dev] with aspect_ratio, num_inference_steps, guidance and the checker; no tolerance, upsampling or image prompt", () => {
    const [input] = inputs(DEV, { width: 1344, height: 768, steps: 40, guidance: 4.5, seed: 7, safety_tolerance: 6, prompt_upsampling: true, image_prompt: PNG_BASE64 });
    expect(input).toEqual({
      prompt: "a red fox in the snow",
      aspect_ratio: "16:9",
      num_inference_steps: 40,
      guidance: 4.5,
      disable_safety_checker: true,
      seed: 7,
      output_format: "jpg",
    });
  });

  it("sends [dev]'s defaults as 1:1 at 28 steps, guidance 3, checker on", () => {
    expect(inputs(DEV, { width: 1024, height: 1024 })[0]).toEqual({
      prompt: "a red fox in the snow",
      aspect_ratio: "1:1",
      num_inference_steps: 28,
      guidance: 3,
      disable_safety_checker: false,
      output_format: "jpg",
    });
  });

  it("sends [schnell] with steps, its checker inverted, and no guidance", () => {
    const [input] = inputs(SCHNELL, { width: 576, height: 1344, steps: 2, safety_checker: false, output_format: "png" });
    expect(input).toEqual({ prompt: "a red fox in the snow", aspect_ratio: "9:21", num_inference_steps: 2, disable_safety_checker: true, output_format: "png" });
    expect(inputs(SCHNELL)[0]).toMatchObject({ num_inference_steps: 4, disable_safety_checker: false });
  });

  it.each([
    [1440, 1440, "1:1"],
    [992, 800, "5:4"],
    [1440, 256, "21:9"],
    [256, 1440, "9:21"],
    [1216, 832, "3:2"],
    [896, 1152, "3:4"], [832, 1152, "2:3"],
  ])("%i x %i is sent as the closest ratio %s", (width, height, ratio) => {
    for (const model of [DEV, SCHNELL]) expect(inputs(model, { width, height })[0]!.aspect_ratio).toBe(ratio);
  });

  it.each([DEV, SCHNELL])("%s makes one prediction per image, image i with seed + i, never num_outputs", (model) => {
    const sent = inputs(model, { num_images: 3, seed: 50 });
    expect(sent.map((i) => i.seed)).toEqual([50, 51, 52]);
    expect(sent.every((i) => !("num_outputs" in i))).toBe(true);
  });

  it.each([DEV, SCHNELL])("%s covers every canonical parameter", (model) => {
    const names = Object.keys(getModel(model).schema.shape).sort();
    expect(Object.keys(replicateAdapter.capabilities[model]!).sort()).toEqual(names);
  });

  it.each([
    [DEV, { width: 1024, height: 1024 }, []],
    [SCHNELL, { width: 1344, height: 768 }, []],
    [DEV, { width: 992, height: 800 }, ["width: Replicate makes FLUX.1 only in fixed sizes, one per aspect ratio: 992x800 becomes 1088×896"]],
    [DEV, { width: 1024, height: 1024, safety_tolerance: 6 }, ["safety_tolerance: Replicate's FLUX.1 [dev] has only an on/off safety checker: 6 is sent as disable_safety_checker: true"]],
    [DEV, { width: 1024, height: 1024, safety_tolerance: 0 }, ["safety_tolerance: Replicate's FLUX.1 [dev] has only an on/off safety checker: 0 is sent as the checker on"]],
    [DEV, { width: 1024, height: 1024, prompt_upsampling: true }, ["prompt_upsampling: Replicate's FLUX.1 [dev] has no prompt upsampling"]],
    [DEV, { width: 1024, height: 1024, image_prompt: PNG_BASE64 }, ["image_prompt: Replicate's FLUX.1 [dev] has no image prompt"]],
  ] as const)("%s %j warns %j", (model, raw, expected) => {
    const warnings = paramWarnings(replicateAdapter.capabilities[model], params(model, raw));
    expect(warnings).toHaveLength(expected.length);
    expected.forEach((fragment, i) => expect(warnings[i]).toContain(fragment));
  });

  it("reads the array output of every kept image, with the seed sent", () => {
    const urls = ["https://replicate.delivery/xezq/a/out-0.webp", "https://replicate.delivery/xezq/a/out-1.webp"];
    expect(parseReplicatePrediction(prediction({ status: "succeeded", output: urls, input: { seed: 9 } }))).toEqual({
      state: "ready",
      images: urls.map((url) => ({ url, seed: 9 })),
      billedUsd: null,
    });
  });

  it("a prediction whose every output was NSFW is moderated_output, final, in Replicate's words", () => {
    const error = "All generated images contained NSFW content. Try running it again with a different prompt.";
    const update = parseReplicatePrediction(prediction({ status: "failed", error }));
    expect(update.state === "failed" && [update.error.code, update.error.retryable, update.error.message]).toEqual([
      "moderated_output",
      false,
      `Replicate reported the generation failed: ${error}`,
    ]);
  });
});

const prediction = (over: Partial<ReplicatePrediction>): ReplicatePrediction => ({ id: "gm3qorzdhgbfurvjtvhg6dckhu", status: "starting", ...over });

describe("parseReplicatePrediction", () => {
  it.each(["starting", "processing", "queued-later"])("%s is pending without progress", (status) => {
    expect(parseReplicatePrediction(prediction({ status }))).toEqual({ state: "pending", progress: null });
  });

  it("processing with files already listed is still pending until succeeded", () => {
    expect(parseReplicatePrediction(prediction({ status: "processing", output: OUTPUT })).state).toBe("pending");
  });

  it("succeeded gives the single output URL with the seed echoed in input", () => {
    expect(parseReplicatePrediction(prediction({ status: "succeeded", output: OUTPUT, input: { seed: 42 } }))).toEqual({
      state: "ready",
      images: [{ url: OUTPUT, seed: 42 }],
      billedUsd: null,
    });
  });

  it("succeeded without a sent seed reads it from the logs", () => {
    const update = parseReplicatePrediction(prediction({ status: "succeeded", output: OUTPUT, input: {}, logs: "Using seed: 31337\nGenerated\n" }));
    expect(update).toMatchObject({ state: "ready", images: [{ url: OUTPUT, seed: 31337 }] });
  });

  it("succeeded with an array output (other models) gives every URL", () => {
    const update = parseReplicatePrediction(prediction({ status: "succeeded", output: [OUTPUT, `${OUTPUT}?2`] }));
    expect(update.state === "ready" && update.images.map((i) => [i.url, i.seed])).toEqual([
      [OUTPUT, null],
      [`${OUTPUT}?2`, null],
    ]);
  });

  it.each([[null], [undefined], [""], [[]]])("succeeded with output %j fails as provider_error", (output) => {
    const update = parseReplicatePrediction(prediction({ status: "succeeded", output }));
    expect(update.state === "failed" && [update.error.code, update.error.retryable]).toEqual(["provider_error", false]);
  });

  it.each([
    ["The input or output was flagged as sensitive. Please try again with different inputs. (E005)", "moderated_output", false],
    ["NSFW content detected. Try running it again, or try a different prompt.", "moderated_output", false],
    ["Your prompt was flagged by the safety system", "moderated_request", false],
    ["Service is currently unavailable due to high demand. Please try again later. (E003)", "rate_limited", true],
    ["Service is temporarily unavailable. Please try again later. (E004)", "provider_error", true],
    ["You have insufficient credit (E001)", "insufficient_credits", false],
    ["CUDA out of memory", "provider_error", false],
  ])("failed %j -> %s (retryable %s), keeping the text", (error, code, retryable) => {
    const update = parseReplicatePrediction(prediction({ status: "failed", error }));
    expect(update.state).toBe("failed");
    if (update.state !== "failed") return;
    expect(update.error).toBeInstanceOf(ProviderError);
    expect([update.error.code, update.error.retryable]).toEqual([code, retryable]);
    expect(update.error.message).toContain(error);
  });

  it.each([
    [{ message: "boom" }, "boom"],
    [null, "no reason given"],
  ])("failed with error %j says %s", (error, text) => {
    const update = parseReplicatePrediction(prediction({ status: "failed", error }));
    expect(update.state === "failed" && update.error.message).toContain(text);
  });

  it.each([
    ["canceled", "canceled"],
    ["aborted", "timeout"],
  ])("%s -> failed %s", (status, code) => {
    const update = parseReplicatePrediction(prediction({ status }));
    expect(update.state === "failed" && update.error.code).toBe(code);
  });

  it("generationFailure names the host", () => {
    expect(generationFailure("Apiframe", "x").message).toBe("Apiframe reported the generation failed: x");
  });

  it("the schema accepts the documented prediction object", () => {
    const body = {
      id: "gm3qorzdhgbfurvjtvhg6dckhu",
      model: "black-forest-labs/flux-1.1-pro",
      version: "hidden",
      input: { prompt: "p", seed: 1 },
      output: null,
      logs: "",
      error: null,
      status: "starting",
      source: "api",
      data_removed: false,
      created_at: "2025-01-01T00:00:00Z",
      started_at: null,
      completed_at: null,
      metrics: { predict_time: 2.1, total_time: 2.6 },
      urls: {
        get: "https://api.replicate.com/v1/predictions/gm3q",
        cancel: "https://api.replicate.com/v1/predictions/gm3q/cancel",
        stream: "https://stream.replicate.com/x",
        web: "https://replicate.com/p/gm3q",
      },
      webhook: null,
      webhook_events_filter: null,
      deadline: null,
    };
    const parsed = replicatePrediction.parse(body);
    expect(parsed.urls?.get).toBe("https://api.replicate.com/v1/predictions/gm3q");
  });

  it.each([
    ["no id", { status: "starting" }],
    ["no status", { id: "x" }],
    ["relative urls.get", { id: "x", status: "starting", urls: { get: "/v1/predictions/x" } }],
  ])("the schema rejects %s", (_label, body) => {
    expect(replicatePrediction.safeParse(body).success).toBe(false);
  });
});

describe("replicateHttpError", () => {
  const err = (status: number, json: unknown, headers: Record<string, string> = {}, text?: string) =>
    replicateHttpError(status, json, text ?? (json === undefined ? "" : JSON.stringify(json)), new Headers(headers));

  it.each([
    [401, { title: "Unauthenticated", detail: "You did not pass a valid authentication token", status: 401 }, "auth", false, "Unauthenticated: You did not pass a valid authentication token"],
    [403, { title: "Forbidden", detail: "You do not have permission", status: 403 }, "auth", false, "You do not have permission"],
    [
      402,
      { title: "Insufficient credit", detail: "You have insufficient credit to run this model. Go to https://replicate.com/account/billing#billing to purchase credit.", status: 402 },
      "insufficient_credits",
      false,
      "You have insufficient credit to run this model",
    ],
    [402, { title: "Monthly spend limit reached", detail: "Monthly spend limit reached", status: 402 }, "insufficient_credits", false, "Monthly spend limit reached"],
    [404, { title: "Not found", detail: "The requested resource could not be found.", status: 404 }, "provider_error", false, "could not be found"],
    [
      422,
      { title: "Invalid version or not permitted", detail: "The specified version does not exist (or perhaps you don't have permission to use it?)", status: 422 },
      "invalid_params",
      false,
      "Invalid version or not permitted: The specified version does not exist",
    ],
    [500, { title: "Internal server error", detail: "Something went wrong", status: 500 }, "provider_error", true, "Something went wrong"],
    [503, { detail: "Service unavailable" }, "provider_error", true, "Service unavailable"],
  ])("HTTP %i -> %s", (status, json, code, retryable, fragment) => {
    const e = err(status, json);
    expect(e).toBeInstanceOf(ProviderError);
    expect([e.code, e.status, e.retryable]).toEqual([code, status, retryable]);
    expect(e.message).toContain(fragment);
    expect(e.message).toContain(`HTTP ${status}`);
  });

  it("401 points at the env variables", () => {
    expect(err(401, { title: "Unauthenticated", detail: "x", status: 401 }).message).toContain("REPLICATE_API_TOKEN");
  });

  it("422 input validation lists every invalid field", () => {
    const e = err(422, {
      title: "Input validation failed",
      detail: '- input.output_format: output_format must be one of the following: "webp", "jpg", "png"\n',
      status: 422,
      invalid_fields: [
        { type: "enum", field: "input.output_format", description: 'output_format must be one of the following: "webp", "jpg", "png"' },
        { type: "number_gte", field: "input.safety_tolerance", description: "Must be greater than or equal to 1" },
      ],
    });
    expect(e.code).toBe("invalid_params");
    expect(e.message).toContain('input.output_format: output_format must be one of the following: "webp", "jpg", "png"');
    expect(e.message).toContain("input.safety_tolerance: Must be greater than or equal to 1");
  });

  it("429 with the documented body takes Retry-After from the header", () => {
    const e = err(429, { detail: "Request was throttled. Expected available in 1 second." }, { "Retry-After": "1" });
    expect([e.code, e.retryable, e.retryAfterMs]).toEqual(["rate_limited", true, 1000]);
    expect(e.message).toContain("Request was throttled. Expected available in 1 second.");
  });

  it("429 low-credit variant takes retry_after from the body", () => {
    const e = err(429, { detail: "Request was throttled. Your rate limit for creating predictions is reduced to 6 requests per minute", status: 429, retry_after: 5 });
    expect([e.code, e.retryAfterMs]).toEqual(["rate_limited", 5000]);
    expect(e.message).toContain("reduced to 6 requests per minute");
  });

  it("the header wins over the body's retry_after", () => {
    expect(err(429, { detail: "x", retry_after: 5 }, { "retry-after": "2" }).retryAfterMs).toBe(2000);
  });

  it("a non-JSON 502 keeps the text and is retryable", () => {
    const e = err(502, undefined, {}, "<html>502 Bad Gateway</html>");
    expect([e.code, e.retryable]).toEqual(["provider_error", true]);
    expect(e.message).toContain("502 Bad Gateway");
  });

  it("an empty body falls back to the status", () => {
    expect(err(500, undefined, {}, "").message).toContain("HTTP 500");
  });
});
