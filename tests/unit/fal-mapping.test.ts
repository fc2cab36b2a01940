import { getAdapter } from "@/lib/providers/registry";
import { describe, expect, it } from "vitest";
import { getModel, parseParams, type CanonicalParams, type ModelId } from "@/lib/models";
import { paramWarnings } from "@/lib/providers/capabilities";
import { ProviderError } from "@/lib/providers/errors";
import { falAdapter, falQueueUrls } from "@/lib/providers/fal";
import { falOutput, falOutputImages, toDataUri, toFalImageSize, toFalSafetyTolerance } from "@/lib/providers/dialects/fal-flux";
import { falHttpError, falStatusResponse, falSubmitResponse, isFalRequestOutcome, parseFalResult, parseFalStatus } from "@/lib/providers/fal/wire";

const FAL_PRICES = getAdapter("fal").prices;

const PRO = "flux-pro-1.1" as const;
const ULTRA = "flux-pro-1.1-ultra" as const;
const DEV = "flux-dev" as const;
const SCHNELL = "flux-schnell" as const;
const KONTEXT = "flux-kontext-pro" as const;
const CTX = { baseUrl: "https://queue.fal.run", apiKey: "fal-key-id:secret", requestKey: "gen-1" };
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const ID = "764cabcf-b745-4b3e-ae38-1200304cf45b";

function params(model: ModelId, raw: Record<string, unknown> = {}): CanonicalParams {
  const result = parseParams(model, { prompt: "a red fox in the snow", ...raw });
  if (!result.ok) throw new Error(`bad test params: ${JSON.stringify(result.issues)}`);
  return result.data;
}

const requests = (model: ModelId, raw: Record<string, unknown> = {}) => falAdapter.buildRequests(model, params(model, raw), CTX);
const body = (model: ModelId, raw: Record<string, unknown> = {}) => requests(model, raw)[0]!.body as Record<string, unknown>;

describe("falAdapter.buildRequests", () => {
  it.each([
    [PRO, "https://queue.fal.run", "https://queue.fal.run/fal-ai/flux-pro/v1.1"],
    [PRO, "https://queue.fal.run/", "https://queue.fal.run/fal-ai/flux-pro/v1.1"],
    [ULTRA, "https://queue.fal.run", "https://queue.fal.run/fal-ai/flux-pro/v1.1-ultra"],
    [ULTRA, "https://queue.fal.run/", "https://queue.fal.run/fal-ai/flux-pro/v1.1-ultra"],
    [PRO, "http://localhost:3000/api/sandbox/fal/", "http://localhost:3000/api/sandbox/fal/fal-ai/flux-pro/v1.1"],
    [ULTRA, "http://localhost:3000/api/sandbox/fal", "http://localhost:3000/api/sandbox/fal/fal-ai/flux-pro/v1.1-ultra"],
  ])("%s at %s posts to %s", (model, baseUrl, url) => {
    const [request] = falAdapter.buildRequests(model, params(model), { baseUrl, apiKey: "k", requestKey: "gen-1" });
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe(url);
  });

  it.each([PRO, ULTRA])("%s sends the key as `Authorization: Key <key>`, never Bearer or x-key", (model) => {
    const [request] = requests(model);
    expect(request!.headers).toEqual({ Authorization: "Key fal-key-id:secret", "Content-Type": "application/json", Accept: "application/json" });
    expect(falAdapter.secretHeaders).toEqual(["authorization"]);
  });

  it.each([PRO, ULTRA])("%s without a seed sends no seed key", (model) => {
    expect(body(model)).not.toHaveProperty("seed");
  });

  it("sends the FLUX 1.1 [pro] input as the whole body, with a custom image_size and renamed fields", () => {
    expect(body(PRO, { width: 1440, height: 608, seed: 7, safety_tolerance: 5, output_format: "png", prompt_upsampling: true, num_images: 2 })).toEqual({
      prompt: "a red fox in the snow",
      image_size: { width: 1440, height: 608 },
      num_images: 2,
      seed: 7,
      safety_tolerance: "5",
      output_format: "png",
      enhance_prompt: true,
    });
  });

  it.each([
    [1024, 1024, "square_hd"],
    [512, 512, "square"],
    [768, 1024, "portrait_4_3"],
    [576, 1024, "portrait_16_9"],
    [1024, 768, "landscape_4_3"],
    [1024, 576, "landscape_16_9"],
  ])("sends %ix%i as fal's preset %s", (width, height, preset) => {
    expect(body(PRO, { width, height }).image_size).toBe(preset);
    expect(toFalImageSize(width, height)).toBe(preset);
  });

  it.each([
    [1344, 768],
    [256, 1440],
    [1024, 800],
  ])("sends %ix%i, not a preset, as {width, height}", (width, height) => {
    expect(body(PRO, { width, height }).image_size).toEqual({ width, height });
  });

  it("sends the Ultra input with aspect_ratio and raw, and no image_size", () => {
    expect(body(ULTRA, { aspect_ratio: "21:9", raw: true, seed: 7 })).toEqual({
      prompt: "a red fox in the snow",
      aspect_ratio: "21:9",
      raw: true,
      num_images: 1,
      seed: 7,
      safety_tolerance: "2",
      output_format: "jpeg",
      enhance_prompt: false,
    });
  });

  it.each([
    [0, "1"],
    [1, "1"],
    [2, "2"],
    [3, "3"],
    [4, "4"],
    [5, "5"],
    [6, "6"],
  ])("safety_tolerance %i is sent as the string %j", (value, sent) => {
    expect(body(PRO, { safety_tolerance: value }).safety_tolerance).toBe(sent);
    expect(body(ULTRA, { safety_tolerance: value }).safety_tolerance).toBe(sent);
    expect(toFalSafetyTolerance(value)).toBe(sent);
  });

  it.each([
    [`data:image/png;base64,${PNG_BASE64}`, `data:image/png;base64,${PNG_BASE64}`],
    [`data:image/webp;base64,UklGRgAA`, `data:image/webp;base64,UklGRgAA`],
    [PNG_BASE64, `data:image/png;base64,${PNG_BASE64}`],
    ["/9j/4AAQSkZJRg==", "data:image/jpeg;base64,/9j/4AAQSkZJRg=="],
  ])("Ultra sends image_prompt %s… as image_url %s…", (imagePrompt, imageUrl) => {
    const sent = body(ULTRA, { image_prompt: imagePrompt, image_prompt_strength: 0.7 });
    expect(sent.image_url).toBe(imageUrl);
    expect(sent.image_prompt_strength).toBe(0.7);
    expect(sent).not.toHaveProperty("image_prompt");
    expect(toDataUri(imagePrompt)).toBe(imageUrl);
  });

  it("Ultra sends image_prompt_strength only with an image prompt", () => {
    expect(body(ULTRA, { image_prompt_strength: 0.7 })).not.toHaveProperty("image_prompt_strength");
    expect(body(ULTRA, { image_prompt: PNG_BASE64 }).image_prompt_strength).toBe(0.1);
  });

  it("FLUX 1.1 [pro] drops the image prompt: fal's endpoint has no image input", () => {
    const sent = body(PRO, { image_prompt: PNG_BASE64 });
    expect(sent).not.toHaveProperty("image_url");
    expect(sent).not.toHaveProperty("image_prompt");
  });
});

describe("falAdapter: FLUX.1 [dev] and [schnell]", () => {
  it.each([
    [DEV, "https://queue.fal.run/fal-ai/flux/dev"],
    [SCHNELL, "https://queue.fal.run/fal-ai/flux/schnell"],
  ])("%s posts to %s", (model, url) => {
    expect(requests(model)[0]!.url).toBe(url);
  });

  it("[dev] sends steps, guidance and the checker on by default, and nothing fal's [dev] lacks", () => {
    expect(body(DEV)).toEqual({
      prompt: "a red fox in the snow",
      image_size: "landscape_4_3",
      num_images: 1,
      output_format: "jpeg",
      num_inference_steps: 28,
      guidance_scale: 3,
      enable_safety_checker: true,
    });
  });

  it("[dev] with every field set: custom size, seed, and a permissive tolerance turning the checker off", () => {
    const sent = body(DEV, { width: 1440, height: 608, seed: 9, num_images: 4, steps: 50, guidance: 1.5, safety_tolerance: 5, output_format: "png", prompt_upsampling: true, image_prompt: PNG_BASE64 });
    expect(sent).toEqual({
      prompt: "a red fox in the snow",
      image_size: { width: 1440, height: 608 },
      num_images: 4,
      seed: 9,
      output_format: "png",
      num_inference_steps: 50,
      guidance_scale: 1.5,
      enable_safety_checker: false,
    });
  });

  it.each([
    [0, true],
    [4, true],
    [5, false],
    [6, false],
  ])("[dev] safety_tolerance %i sends enable_safety_checker: %s", (safety_tolerance, on) => {
    expect(body(DEV, { safety_tolerance }).enable_safety_checker).toBe(on);
  });

  it("[dev] warns of the checker's two states, and of what it does not send", () => {
    expect(paramWarnings(falAdapter.capabilities[DEV], params(DEV))).toEqual([]);
    expect(paramWarnings(falAdapter.capabilities[DEV], params(DEV, { safety_tolerance: 6, prompt_upsampling: true, image_prompt: PNG_BASE64 }))).toEqual([
      "safety_tolerance: fal has only an on/off safety checker: 6 is sent as enable_safety_checker: false",
      "prompt_upsampling: fal's FLUX.1 [dev] has no prompt upsampling: not sent",
      "image_prompt: fal's FLUX.1 [dev] takes no image prompt (its image input is img2img, another thing): not sent",
    ]);
    expect(paramWarnings(falAdapter.capabilities[DEV], params(DEV, { safety_tolerance: 0 }))).toEqual([
      "safety_tolerance: fal has only an on/off safety checker: 0 is sent as the checker on (enable_safety_checker: true)",
    ]);
  });

  it("[schnell] sends its steps and the checker as the user set it", () => {
    expect(body(SCHNELL)).toEqual({
      prompt: "a red fox in the snow",
      image_size: "landscape_4_3",
      num_images: 1,
      output_format: "jpeg",
      num_inference_steps: 4,
      enable_safety_checker: true,
    });
    expect(body(SCHNELL, { steps: 1, safety_checker: false, width: 512, height: 512, seed: 3 })).toEqual({
      prompt: "a red fox in the snow",
      image_size: "square",
      num_images: 1,
      seed: 3,
      output_format: "jpeg",
      num_inference_steps: 1,
      enable_safety_checker: false,
    });
    expect(paramWarnings(falAdapter.capabilities[SCHNELL], params(SCHNELL, { steps: 1, safety_checker: false }))).toEqual([]);
  });

  it.each([DEV, SCHNELL])("%s queue URLs live under fal-ai/flux/requests/{id}, without the variant", (model) => {
    expect(falQueueUrls(requests(model)[0]!.url, ID)).toEqual({
      statusUrl: `https://queue.fal.run/fal-ai/flux/requests/${ID}/status`,
      responseUrl: `https://queue.fal.run/fal-ai/flux/requests/${ID}`,
      cancelUrl: `https://queue.fal.run/fal-ai/flux/requests/${ID}/cancel`,
    });
  });
});

describe("falAdapter: FLUX.1 Kontext [pro]", () => {
  const INPUT = `data:image/png;base64,${PNG_BASE64}`;

  it("posts to fal-ai/flux-pro/kontext, queued under fal-ai/flux-pro/requests/{id}", () => {
    const [request] = requests(KONTEXT, { input_image: INPUT });
    expect(request!.url).toBe("https://queue.fal.run/fal-ai/flux-pro/kontext");
    expect(falQueueUrls(request!.url, ID).statusUrl).toBe(`https://queue.fal.run/fal-ai/flux-pro/requests/${ID}/status`);
  });

  it("sends the input image inline as image_url and no aspect_ratio when none is asked (the edit keeps the input's shape)", () => {
    expect(body(KONTEXT, { input_image: INPUT })).toEqual({
      prompt: "a red fox in the snow",
      num_images: 1,
      output_format: "jpeg",
      image_url: INPUT,
      safety_tolerance: "2",
      enhance_prompt: false,
    });
  });

  it("with every field set: a ratio fal takes as is, the seed, upsampling as enhance_prompt, tolerance as a string", () => {
    expect(body(KONTEXT, { input_image: PNG_BASE64, aspect_ratio: "9:16", seed: 11, num_images: 3, safety_tolerance: 1, prompt_upsampling: true, output_format: "png" })).toEqual({
      prompt: "a red fox in the snow",
      num_images: 3,
      seed: 11,
      output_format: "png",
      image_url: INPUT,
      aspect_ratio: "9:16",
      safety_tolerance: "1",
      enhance_prompt: true,
    });
  });

  it.each([
    ["5:4", "4:3"],
    ["2:1", "16:9"],
    ["4:5", "3:4"],
    ["1:2", "9:16"],
  ])("aspect ratio %s, which fal lacks, is sent as %s and said so", (aspect_ratio, sent) => {
    const run = params(KONTEXT, { input_image: INPUT, aspect_ratio });
    expect(body(KONTEXT, { input_image: INPUT, aspect_ratio }).aspect_ratio).toBe(sent);
    expect(paramWarnings(falAdapter.capabilities[KONTEXT], run)).toEqual([`aspect_ratio: fal's Kontext has no ${aspect_ratio}: sent as ${sent}, the closest ratio it takes`]);
  });

  it.each([
    [0, "1"],
    [2, "2"],
    [3, "2"],
    [6, "2"],
  ])("safety_tolerance %i is sent as %s: no 0 at fal, and at most 2 applies to an edit", (safety_tolerance, sent) => {
    expect(body(KONTEXT, { input_image: INPUT, safety_tolerance }).safety_tolerance).toBe(sent);
    const warnings = paramWarnings(falAdapter.capabilities[KONTEXT], params(KONTEXT, { input_image: INPUT, safety_tolerance }));
    expect(warnings).toEqual(String(safety_tolerance) === sent ? [] : [`safety_tolerance: fal's Kontext takes 1 to 2 for an edit: ${safety_tolerance} is sent as "${sent}"`]);
  });

  it("is priced $0.04 per image, with its source and date", () => {
    expect(FAL_PRICES.find((r) => r.model === KONTEXT)).toMatchObject({ unit: "image", usd: 0.04, asOf: "2026-12-05", source: expect.stringContaining("fal.ai/models/fal-ai/flux-pro/kontext") });
  });
});

describe("falAdapter identity", () => {
  it("uses the cheat sheet's base URL and both key variable names", () => {
    expect(falAdapter.defaultBaseUrl).toBe("https://queue.fal.run");
    expect(falAdapter.env).toEqual({ apiKey: ["FAL_API_KEY", "FAL_KEY"], baseUrl: "FAL_BASE_URL" });
    expect(falAdapter.models).toEqual([PRO, ULTRA, DEV, SCHNELL, KONTEXT, "flux-2-pro"]);
  });

  it("prices Ultra per image, the others per started megapixel ([schnell]'s read off other hosts: unconfirmed)", () => {
    expect(FAL_PRICES.map((r) => [r.model, r.unit, r.usd])).toEqual([
      [PRO, "megapixel", 0.04],
      [ULTRA, "image", 0.06],
      [DEV, "megapixel", 0.025],
      [SCHNELL, "megapixel", 0.003],
      [KONTEXT, "image", 0.04],
      ["flux-2-pro", "megapixel", 0.03],
    ]);
    expect(FAL_PRICES[0]!.note).toMatch(/^Unconfirmed/);
    expect(FAL_PRICES[3]!.note).toMatch(/^Unconfirmed/);
    expect(FAL_PRICES.every((r) => r.asOf && r.source.startsWith("https://fal.ai/"))).toBe(true);
  });
});

describe("falAdapter.capabilities", () => {
  it.each([PRO, ULTRA, DEV, SCHNELL])("%s covers every canonical parameter", (model) => {
    const names = Object.keys(getModel(model).schema.shape).sort();
    expect(Object.keys(falAdapter.capabilities[model]!).sort()).toEqual(names);
  });

  it.each([
    [PRO, "width", "converted", "image_size"],
    [PRO, "image_prompt", "dropped", undefined],
    [ULTRA, "image_prompt", "renamed", "image_url"],
    [ULTRA, "prompt_upsampling", "renamed", "enhance_prompt"],
    [PRO, "safety_tolerance", "clamped", "safety_tolerance"],
    [ULTRA, "num_images", "passthrough", "num_images"],
  ] as const)("%s %s is %s to %s", (model, name, treatment, wire) => {
    const capability = falAdapter.capabilities[model]![name]!;
    expect(capability.treatment).toBe(treatment);
    expect(capability.wire).toBe(wire);
  });

  it.each([
    [PRO, {}, []],
    [PRO, { safety_tolerance: 0 }, ['safety_tolerance: fal\'s strictest level is 1: 0 is sent as "1"']],
    [PRO, { safety_tolerance: 1 }, []],
    [PRO, { image_prompt: PNG_BASE64 }, ["image_prompt: fal's FLUX 1.1 [pro] endpoint takes no image prompt: not sent"]],
    [ULTRA, { image_prompt: PNG_BASE64, safety_tolerance: 6, raw: true }, []],
    [ULTRA, { safety_tolerance: 0 }, ['safety_tolerance: fal\'s strictest level is 1: 0 is sent as "1"']],
  ] as const)("%s with %j warns %j", (model, raw, warnings) => {
    expect(paramWarnings(falAdapter.capabilities[model], params(model, raw))).toEqual(warnings);
  });
});

describe("falAdapter: FLUX.2 [pro]", () => {
  const F2 = "flux-2-pro" as const;

  it("text-to-image: one request per image to fal-ai/flux-2-pro, seed + n, no num_images, image_size as fal names it", () => {
    const sent = requests(F2, { num_images: 2, seed: 41, width: 1440, height: 1088, safety_tolerance: 4, output_format: "png" });
    expect(sent.map((r) => r.url)).toEqual(["https://queue.fal.run/fal-ai/flux-2-pro", "https://queue.fal.run/fal-ai/flux-2-pro"]);
    const common = { prompt: "a red fox in the snow", output_format: "png", image_size: { width: 1440, height: 1088 }, safety_tolerance: "4" };
    expect(sent.map((r) => r.body)).toEqual([{ ...common, seed: 41 }, { ...common, seed: 42 }]);
  });

  it("with references: the /edit endpoint, image_urls as data: URIs in order, defaults as fal takes them", () => {
    const sent = requests(F2, { input_images: [PNG_BASE64, "data:image/jpeg;base64,/9j/AAAA"] });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe("https://queue.fal.run/fal-ai/flux-2-pro/edit");
    expect(sent[0]!.body).toEqual({
      prompt: "a red fox in the snow",
      output_format: "jpeg",
      image_size: "square_hd",
      safety_tolerance: "2",
      image_urls: [`data:image/png;base64,${PNG_BASE64}`, "data:image/jpeg;base64,/9j/AAAA"],
    });
  });

  it("tolerance 0 is sent as \"1\", with a warning; upsampling is not sent, and turning it off warns", () => {
    expect(body(F2, { safety_tolerance: 0 }).safety_tolerance).toBe("1");
    const warnings = paramWarnings(falAdapter.capabilities[F2], params(F2, { safety_tolerance: 0, prompt_upsampling: false }));
    expect(warnings.join(" | ")).toContain('fal\'s FLUX.2 levels are 1 to 5: 0 is sent as "1"');
    expect(warnings.join(" | ")).toContain("fal's FLUX.2 cannot turn prompt upsampling off");
    expect(paramWarnings(falAdapter.capabilities[F2], params(F2, {}))).toEqual([]);
    expect("enhance_prompt" in body(F2, { prompt_upsampling: false })).toBe(false);
  });

  it("prices per MP of 1024²: $0.03 first, $0.015 further and per input MP, unconfirmed", () => {
    expect(FAL_PRICES.find((r) => r.model === F2)).toMatchObject({ unit: "megapixel", usd: 0.03, extraMpUsd: 0.015, inputMpUsd: 0.015, mpPixels: 1024 * 1024 });
    expect(FAL_PRICES.find((r) => r.model === F2)!.note).toMatch(/^Unconfirmed/);
  });
});

describe("fal queue URLs", () => {
  it("keep owner/app after the base URL, so an endpoint without a variant keeps its app", () => {
    expect(falQueueUrls("https://queue.fal.run/fal-ai/flux-2-pro", ID, "https://queue.fal.run").statusUrl).toBe(`https://queue.fal.run/fal-ai/flux-2-pro/requests/${ID}/status`);
    expect(falQueueUrls("https://queue.fal.run/fal-ai/flux-2-pro/edit", ID, "https://queue.fal.run/").responseUrl).toBe(`https://queue.fal.run/fal-ai/flux-2-pro/requests/${ID}`);
    expect(falQueueUrls("https://queue.fal.run/fal-ai/flux/dev", ID, "https://queue.fal.run").cancelUrl).toBe(`https://queue.fal.run/fal-ai/flux/requests/${ID}/cancel`);
  });

  it("are built without the variant segment", () => {
    expect(falQueueUrls("https://queue.fal.run/fal-ai/flux-pro/v1.1-ultra", ID)).toEqual({
      statusUrl: `https://queue.fal.run/fal-ai/flux-pro/requests/${ID}/status`,
      responseUrl: `https://queue.fal.run/fal-ai/flux-pro/requests/${ID}`,
      cancelUrl: `https://queue.fal.run/fal-ai/flux-pro/requests/${ID}/cancel`,
    });
    expect(falQueueUrls("http://127.0.0.1:4000/api/sandbox/fal/fal-ai/flux-pro/v1.1", "r").statusUrl).toBe("http://127.0.0.1:4000/api/sandbox/fal/fal-ai/flux-pro/requests/r/status");
  });

  it("the documented submit answer parses, with its own URLs", () => {
    const submitted = {
      request_id: ID,
      response_url: `https://queue.fal.run/fal-ai/flux-pro/requests/${ID}`,
      status_url: `https://queue.fal.run/fal-ai/flux-pro/requests/${ID}/status`,
      cancel_url: `https://queue.fal.run/fal-ai/flux-pro/requests/${ID}/cancel`,
      queue_position: 0,
      status: "IN_QUEUE",
    };
    expect(falSubmitResponse.parse(submitted)).toMatchObject({ request_id: ID, status_url: submitted.status_url });
    expect(falSubmitResponse.safeParse({ request_id: ID, gateway_request_id: ID }).success).toBe(true);
    expect(falSubmitResponse.safeParse({ status: "IN_QUEUE" }).success).toBe(false);
    expect(falSubmitResponse.safeParse({ request_id: "" }).success).toBe(false);
  });
});

describe("parseFalStatus", () => {
  it.each([
    [{ status: "IN_QUEUE", queue_position: 3 }, { state: "pending", progress: null }],
    [{ status: "IN_PROGRESS", logs: [{ message: "step 1", level: "INFO" }] }, { state: "pending", progress: null }],
    [{ status: "COMPLETED", logs: [], metrics: { inference_time: 1.23 } }, { state: "completed" }],
    [{ status: "SOMETHING_NEW" }, { state: "pending", progress: null }],
  ])("%j -> %j", (raw, expected) => {
    expect(parseFalStatus(falStatusResponse.parse(raw))).toEqual(expected);
  });
});

describe("parseFalResult", () => {
  const url = (n: number) => `https://fal.media/files/lion/abc_${n}.jpg`;

  const flagged = (flags: boolean[]) => ({ images: flags.map((_, n) => ({ url: url(n) })), seed: 5, has_nsfw_concepts: flags, prompt: "p" });

  it("drops the images the safety checker flagged (they come back blanked)", () => {
    const output = flagged([true, false]);
    expect(parseFalResult(output, JSON.stringify(output))).toEqual({ state: "ready", images: [{ url: url(1), seed: null }], billedUsd: null });
  });

  it("every image flagged ends the run as moderated_output, final", () => {
    const output = flagged([true, true]);
    const update = parseFalResult(output, JSON.stringify(output));
    if (update.state !== "failed") throw new Error(`expected failed, got ${update.state}`);
    expect([update.error.code, update.error.retryable]).toEqual(["moderated_output", false]);
    expect(update.error.message).toMatch(/safety checker/);
  });

  it("gives every image, with the reported seed on the first only", () => {
    const output = {
      images: [1, 2].map((n) => ({ url: url(n), width: 1024, height: 768, content_type: "image/jpeg" })),
      timings: { inference: 2.1 },
      seed: 123456,
      has_nsfw_concepts: [false, false],
      prompt: "p",
    };
    expect(parseFalResult(output, JSON.stringify(output))).toEqual({
      state: "ready",
      images: [
        { url: url(1), seed: 123456 },
        { url: url(2), seed: null },
      ],
      billedUsd: null,
    });
  });

  it("accepts sync_mode data URIs and a missing seed", () => {
    const update = parseFalResult({ images: [{ url: `data:image/png;base64,${PNG_BASE64}` }] }, "");
    expect(update).toEqual({ state: "ready", images: [{ url: `data:image/png;base64,${PNG_BASE64}`, seed: null }], billedUsd: null });
  });

  it("accepts Runflow's image_urls form, with a fallback seed", () => {
    expect(falOutputImages(falOutput.parse({ image_urls: [url(1), url(2)] }), 9)).toEqual([
      { url: url(1), seed: 9 },
      { url: url(2), seed: null },
    ]);
  });

  it.each([
    ["no images", { images: [] }],
    ["no images key", { seed: 1 }],
    ["not an object", "oops"],
  ])("fails with %s as a non-retryable provider_error", (_label, output) => {
    const update = parseFalResult(output, JSON.stringify(output));
    expect(update.state).toBe("failed");
    if (update.state !== "failed") return;
    expect(update.error.code).toBe("provider_error");
    expect(update.error.retryable).toBe(false);
  });
});

describe("falHttpError", () => {
  const err = (status: number, json: unknown, headers: Record<string, string> = {}, text?: string) =>
    falHttpError(status, json, text ?? (json === undefined ? "" : JSON.stringify(json)), new Headers(headers));
  const MODERATION_MSG = "The content could not be processed because it contained material flagged by a content checker.";

  it.each([
    [401, { detail: "No user found for Key ID and Secret" }, {}, "auth", false, "No user found for Key ID and Secret"],
    [403, { detail: "User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing." }, {}, "insufficient_credits", false, "User is locked"],
    [403, { detail: "Forbidden: this app is private" }, {}, "auth", false, "this app is private"],
    [404, { detail: "Request not found" }, {}, "provider_error", false, "Request not found"],
    [429, { detail: "Concurrent requests limit exceeded", error_type: "concurrent_requests_limit" }, {}, "rate_limited", true, "concurrent_requests_limit"],
    [500, { detail: "Internal server error", error_type: "internal_error" }, {}, "provider_error", true, "Internal server error"],
    [500, { detail: "Internal server error" }, { "x-fal-retryable": "false" }, "provider_error", false, "Internal server error"],
    [504, { detail: [{ loc: ["body"], msg: "Generation timed out", type: "generation_timeout" }] }, {}, "timeout", false, "generation_timeout"],
    [504, { detail: "Request timed out", error_type: "request_timeout" }, {}, "timeout", false, "Request timed out"],
    [400, { detail: [{ loc: ["body"], msg: "BFL answered 500", type: "downstream_service_error" }] }, {}, "provider_error", false, "downstream_service_error"],
    [400, { detail: "Request was cancelled", error_type: "client_cancelled" }, {}, "canceled", false, "cancelled"],
    [422, { detail: [{ loc: ["body", "image_url"], msg: "Failed to load the image", type: "image_load_error" }] }, {}, "invalid_params", false, "image_url: Failed to load the image (image_load_error)"],
  ] as const)("HTTP %i %j -> %s", (status, json, headers, code, retryable, fragment) => {
    const e = err(status, json, headers);
    expect(e).toBeInstanceOf(ProviderError);
    expect(e.code).toBe(code);
    expect(e.status).toBe(status);
    expect(e.retryable).toBe(retryable);
    expect(e.message).toContain(fragment);
    expect(e.message).toMatch(/^fal/);
    expect(e.message).toContain(`HTTP ${status}`);
  });

  it("422 with fal's FastAPI detail array names every field", () => {
    const e = err(422, {
      detail: [
        { loc: ["body", "image_size", "width"], msg: "Input should be a multiple of 32", type: "multiple_of" },
        { loc: ["body", "safety_tolerance"], msg: "Input should be '1', '2', '3', '4', '5' or '6'", type: "enum" },
      ],
    });
    expect(e.code).toBe("invalid_params");
    expect(e.message).toContain("image_size.width: Input should be a multiple of 32 (multiple_of)");
    expect(e.message).toContain("safety_tolerance: Input should be '1'");
  });

  it.each([
    [["body", "prompt"], "moderated_request"],
    [["body", "image_url"], "moderated_request"],
    [["body"], "moderated_output"],
    [undefined, "moderated_output"],
  ])("content_policy_violation at %j is %s, with fal's words", (loc, code) => {
    const e = err(422, { detail: [{ loc, msg: MODERATION_MSG, type: "content_policy_violation", url: "https://docs.fal.ai/errors#content_policy_violation", input: "x", ctx: {} }] });
    expect(e.code).toBe(code);
    expect(e.retryable).toBe(false);
    expect(e.message).toContain(MODERATION_MSG);
  });

  it("429 with Retry-After: 2 gives retryAfterMs 2000", () => {
    expect(err(429, { detail: "slow down" }, { "Retry-After": "2" }).retryAfterMs).toBe(2000);
    expect(err(429, { detail: "slow down" }).retryAfterMs).toBeNull();
  });

  it("401 and 403 point at the key variables", () => {
    expect(err(401, { detail: "Invalid Key" }).message).toContain("FAL_API_KEY");
  });

  it("a non-JSON body keeps the beginning of the text, and a 502 is retryable", () => {
    const e = err(502, undefined, {}, "<html>502 Bad Gateway</html>");
    expect(e.code).toBe("provider_error");
    expect(e.retryable).toBe(true);
    expect(e.message).toContain("502 Bad Gateway");
  });

  it("truncates a very long body and falls back to the status for an empty one", () => {
    expect(err(500, undefined, {}, "x".repeat(5000)).message.length).toBeLessThan(500);
    expect(err(500, undefined, {}, "").message).toContain("HTTP 500");
  });
});

describe("isFalRequestOutcome", () => {
  it.each([
    [{ detail: [{ loc: ["body"], msg: "x", type: "internal_server_error" }] }, {}, true],
    [{ detail: "Request timed out", error_type: "request_timeout" }, {}, true],
    [{ detail: "Internal server error" }, { "x-fal-error-type": "runner_server_error" }, true],
    [{ detail: "Bad Gateway" }, {}, false],
    [undefined, {}, false],
  ])("%j (headers %j) -> %s", (json, headers, expected) => {
    expect(isFalRequestOutcome(json, new Headers(headers))).toBe(expected);
  });
});
