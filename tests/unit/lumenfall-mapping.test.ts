import { describe, expect, it } from "vitest";
import { getModel, parseParams, type ParamsOf, type ModelId } from "@/lib/models";
import { paramWarnings } from "@/lib/providers/capabilities";
import { lumenfallAdapter } from "@/lib/providers/lumenfall";
import { LUMENFALL_PRO_SIZES, snapLumenfallSize } from "@/lib/providers/lumenfall/models";
import { lumenfallHttpError } from "@/lib/providers/lumenfall/wire";
import { pollImages } from "@/lib/providers/dialects/openai-images/sync";
import { base64ToDataUrl, imagesResponse, readyImagesOf } from "@/lib/providers/dialects/openai-images/wire";

const PRO = "flux-pro-1.1" as const;
const ULTRA = "flux-pro-1.1-ultra" as const;
const CTX = { baseUrl: "https://api.lumenfall.ai/openai/v1", apiKey: "lmnfl_test", requestKey: "gen-1" };
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const PNG_DATA_URL = `data:image/png;base64,${PNG_BASE64}`;

function params<M extends ModelId>(model: M, raw: Record<string, unknown> = {}): ParamsOf<M> {
  const result = parseParams(model, { prompt: "a red fox in the snow", ...raw });
  if (!result.ok) throw new Error(`bad test params: ${JSON.stringify(result.issues)}`);
  return result.data;
}

const requests = (model: ModelId, raw: Record<string, unknown> = {}) => lumenfallAdapter.buildRequests(model, params(model, raw), CTX);
const body = (model: ModelId, raw: Record<string, unknown> = {}) => requests(model, raw)[0].body as Record<string, unknown>;

describe("lumenfallAdapter.buildRequests", () => {
  it.each([
    [PRO, "https://api.lumenfall.ai/openai/v1", "https://api.lumenfall.ai/openai/v1/images/generations"],
    [ULTRA, "https://api.lumenfall.ai/openai/v1/", "https://api.lumenfall.ai/openai/v1/images/generations"],
    [PRO, "https://proxy.example/lf/openai/v1/", "https://proxy.example/lf/openai/v1/images/generations"],
    [ULTRA, "http://localhost:3000/api/sandbox/lumenfall", "http://localhost:3000/api/sandbox/lumenfall/images/generations"],
  ])("%s at %s posts to %s", (model, baseUrl, url) => {
    const [request] = lumenfallAdapter.buildRequests(model, params(model), { ...CTX, baseUrl });
    expect(request.method).toBe("POST");
    expect(request.url).toBe(url);
  });

  it.each([PRO, ULTRA])("%s sends the key as a Bearer token, with JSON headers", (model) => {
    const [request] = requests(model);
    expect(request.headers).toEqual({ Authorization: "Bearer lmnfl_test", "Content-Type": "application/json", accept: "application/json" });
    expect(lumenfallAdapter.secretHeaders).toEqual(["authorization"]);
  });

  it.each([PRO, ULTRA])("%s without a seed sends no seed key", (model) => {
    expect(body(model)).not.toHaveProperty("seed");
  });

  it("sends the FLUX 1.1 [pro] body: size snapped to a supported size, BFL parameters passed through", () => {
    expect(body(PRO, { width: 1024, height: 768, seed: 7, safety_tolerance: 5, output_format: "png", prompt_upsampling: true })).toEqual({
      model: "flux1.1-pro",
      prompt: "a red fox in the snow",
      n: 1,
      size: "1183x887",
      seed: 7,
      response_format: "url",
      output_format: "png",
      safety_tolerance: 5,
      prompt_upsampling: true,
    });
  });

  it("sends the Ultra body with aspect_ratio and raw, and no size", () => {
    expect(body(ULTRA, { aspect_ratio: "21:9", raw: true, seed: 7 })).toEqual({
      model: "flux1.1-pro-ultra",
      prompt: "a red fox in the snow",
      n: 1,
      aspect_ratio: "21:9",
      raw: true,
      seed: 7,
      response_format: "url",
      output_format: "jpeg",
      safety_tolerance: 2,
      prompt_upsampling: false,
    });
  });

  it.each([PRO, ULTRA])("%s sends the image prompt as the data: URL it arrives as", (model) => {
    expect(body(model, { image_prompt: PNG_DATA_URL }).image_prompt).toBe(PNG_DATA_URL);
    expect(body(model)).not.toHaveProperty("image_prompt");
  });

  it("sends image_prompt_strength only with an image prompt, and never for FLUX 1.1 [pro]", () => {
    expect(body(ULTRA, { image_prompt_strength: 0.7 })).not.toHaveProperty("image_prompt_strength");
    expect(body(ULTRA, { image_prompt: PNG_BASE64, image_prompt_strength: 0.7 }).image_prompt_strength).toBe(0.7);
    expect(body(PRO, { image_prompt: PNG_BASE64 })).not.toHaveProperty("image_prompt_strength");
  });
});

describe("FLUX.1 on Lumenfall", () => {
  it("sends [dev] as flux.1-dev: size snapped, steps, guidance and the checker under fal's names; no tolerance, upsampling or image prompt", () => {
    expect(body("flux-dev", { width: 1024, height: 768, steps: 40, guidance: 4, safety_tolerance: 6, prompt_upsampling: true, image_prompt: PNG_DATA_URL, seed: 3 })).toEqual({
      model: "flux.1-dev",
      prompt: "a red fox in the snow",
      n: 1,
      size: "1183x887",
      seed: 3,
      response_format: "url",
      output_format: "jpeg",
      num_inference_steps: 40,
      guidance_scale: 4,
      enable_safety_checker: false,
    });
    expect(body("flux-dev")).toMatchObject({ num_inference_steps: 28, guidance_scale: 3, enable_safety_checker: true });
  });

  it("sends [schnell] as flux.1-schnell with its steps and checker, and no guidance", () => {
    expect(body("flux-schnell", { width: 1024, height: 1024, steps: 2, safety_checker: false, num_images: 2 })).toEqual({
      model: "flux.1-schnell",
      prompt: "a red fox in the snow",
      n: 2,
      size: "1024x1024",
      response_format: "url",
      output_format: "jpeg",
      num_inference_steps: 2,
      enable_safety_checker: false,
    });
  });

  it.each(["flux-dev", "flux-schnell"] as const)("%s covers every parameter and has a per-image price", (model) => {
    expect(Object.keys(lumenfallAdapter.capabilities[model]!).sort()).toEqual(Object.keys(getModel(model).schema.shape).sort());
    expect(lumenfallAdapter.prices.find((r) => r.model === model)?.unit).toBe("image");
  });

  it.each([
    [{ width: 1024, height: 1024 }, []],
    [{ width: 1024, height: 768 }, ["width: Lumenfall only makes its supported sizes: 1024x768 becomes 1183x887"]],
    [{ width: 1024, height: 1024, safety_tolerance: 5 }, ["safety_tolerance: Lumenfall's FLUX.1 [dev] has only an on/off safety checker: 5 is sent as enable_safety_checker: false"]],
    [{ width: 1024, height: 1024, safety_tolerance: 1 }, ["safety_tolerance: Lumenfall's FLUX.1 [dev] has only an on/off safety checker: 1 is sent as the checker on (enable_safety_checker: true)"]],
    [{ width: 1024, height: 1024, image_prompt: PNG_DATA_URL }, ["image_prompt: Lumenfall's FLUX.1 [dev] has no image prompt"]],
  ])("[dev] %j warns %j", (raw, expected) => {
    const warnings = paramWarnings(lumenfallAdapter.capabilities["flux-dev"], params("flux-dev", raw));
    expect(warnings).toHaveLength(expected.length);
    expected.forEach((fragment, i) => expect(warnings[i]).toContain(fragment));
  });
});

describe("FLUX.1 Kontext [pro] on Lumenfall: OpenAI's images/edits, multipart", () => {
  const KONTEXT = "flux-kontext-pro" as const;

  it("posts to images/edits as multipart: the input image the `image` file part, no JSON content type", () => {
    const [request] = requests(KONTEXT, { input_image: PNG_DATA_URL });
    expect(request).toEqual({
      method: "POST",
      url: "https://api.lumenfall.ai/openai/v1/images/edits",
      headers: { Authorization: "Bearer lmnfl_test", accept: "application/json" },
      body: {
        model: "flux.1-kontext-pro",
        prompt: "a red fox in the snow",
        n: 1,
        response_format: "url",
        output_format: "jpeg",
        image: PNG_DATA_URL,
        safety_tolerance: 2,
        prompt_upsampling: false,
      },
      multipart: { files: ["image"] },
    });
  });

  it("with every field set: the ratio passed upstream, the seed, the tolerance at most 2 with a warning", () => {
    const raw = { input_image: PNG_DATA_URL, aspect_ratio: "7:5", seed: 3, num_images: 2, safety_tolerance: 5, prompt_upsampling: true, output_format: "png" };
    expect(body(KONTEXT, raw)).toEqual({
      model: "flux.1-kontext-pro",
      prompt: "a red fox in the snow",
      n: 2,
      response_format: "url",
      output_format: "png",
      seed: 3,
      image: PNG_DATA_URL,
      aspect_ratio: "7:5",
      safety_tolerance: 2,
      prompt_upsampling: true,
    });
    expect(paramWarnings(lumenfallAdapter.capabilities[KONTEXT], params(KONTEXT, raw))).toEqual([
      "seed: one seed is sent for the whole batch: only the first image is known to use it (not seed + n per image)",
      "safety_tolerance: Kontext applies at most 2 to an edit: 5 is sent as 2",
    ]);
  });

  it("covers every canonical parameter, priced $0.04 per image", () => {
    expect(Object.keys(lumenfallAdapter.capabilities[KONTEXT]!).sort()).toEqual(Object.keys(getModel(KONTEXT).schema.shape).sort());
    expect(lumenfallAdapter.prices.find((r) => r.model === KONTEXT)).toMatchObject({ unit: "image", usd: 0.04, asOf: "2026-12-05" });
  });
});

describe("FLUX.2 [pro] on Lumenfall: generations, or images/edits with references", () => {
  const F2 = "flux-2-pro" as const;

  it("without references posts JSON to images/generations with the listed size (1024x1024 by default)", () => {
    const [request, ...rest] = requests(F2);
    expect(rest).toEqual([]);
    expect(request).toEqual({
      method: "POST",
      url: "https://api.lumenfall.ai/openai/v1/images/generations",
      headers: { Authorization: "Bearer lmnfl_test", "Content-Type": "application/json", accept: "application/json" },
      body: { model: "flux.2-pro", prompt: "a red fox in the snow", n: 1, response_format: "url", output_format: "jpeg", size: "1024x1024", safety_tolerance: 2 },
    });
    expect(paramWarnings(lumenfallAdapter.capabilities[F2], params(F2))).toEqual([]);
  });

  it("with references posts multipart to images/edits, each reference an image[] file part, in order; other sizes snap with a warning", () => {
    const raw = { input_images: [PNG_DATA_URL, "data:image/jpeg;base64,QUFB"], width: 1920, height: 1088, seed: 4, num_images: 2, safety_tolerance: 0, prompt_upsampling: false, output_format: "png" };
    const [request, ...rest] = requests(F2, raw);
    expect(rest).toEqual([]);
    expect(request).toEqual({
      method: "POST",
      url: "https://api.lumenfall.ai/openai/v1/images/edits",
      headers: { Authorization: "Bearer lmnfl_test", accept: "application/json" },
      body: {
        model: "flux.2-pro",
        prompt: "a red fox in the snow",
        n: 2,
        response_format: "url",
        output_format: "png",
        seed: 4,
        size: "1365x768",
        safety_tolerance: 1,
        image: [PNG_DATA_URL, "data:image/jpeg;base64,QUFB"],
      },
      multipart: { files: ["image"] },
    });
    expect(paramWarnings(lumenfallAdapter.capabilities[F2], params(F2, raw))).toEqual([
      "seed: one seed is sent for the whole batch: only the first image is known to use it (not seed + n per image)",
      "width: Lumenfall only makes its supported sizes: 1920x1088 becomes 1365x768 (closest aspect ratio)",
      "safety_tolerance: Lumenfall's FLUX.2 upstreams take 1 to 5: 0 is sent as 1",
      "prompt_upsampling: Lumenfall's FLUX.2 cannot turn prompt upsampling off: not sent, the host's default applies",
    ]);
  });

  it("covers every canonical parameter, priced per megapixel at BFL's tiers (a guess)", () => {
    expect(Object.keys(lumenfallAdapter.capabilities[F2]!).sort()).toEqual(Object.keys(getModel(F2).schema.shape).sort());
    expect(lumenfallAdapter.prices.find((r) => r.model === F2)).toMatchObject({ unit: "megapixel", usd: 0.03, extraMpUsd: 0.015, inputMpUsd: 0.015, note: expect.stringMatching(/^Unconfirmed/) });
  });
});

describe("snapLumenfallSize", () => {
  it.each([
    [1024, 1024, "1024x1024"],
    [1024, 768, "1183x887"],
    [768, 1024, "887x1182"],
    [1344, 768, "1365x768"],
    [768, 1344, "768x1365"],
    [1216, 832, "1254x836"],
    [832, 1216, "836x1254"],
    [1152, 896, "1145x916"],
    [896, 1152, "916x1145"],
    [1440, 608, "1365x768"],
    [256, 1440, "768x1365"],
    [512, 512, "1024x1024"],
  ])("%ix%i -> %s", (width, height, expected) => {
    const size = snapLumenfallSize(width, height);
    expect(`${size.width}x${size.height}`).toBe(expected);
  });

  it("keeps every documented size as it is", () => {
    for (const size of LUMENFALL_PRO_SIZES) expect(snapLumenfallSize(size.width, size.height)).toEqual(size);
  });
});

describe("Lumenfall capabilities", () => {
  it.each([
    [PRO, getModel(PRO).schema.shape],
    [ULTRA, getModel(ULTRA).schema.shape],
  ] as const)("%s covers every canonical parameter", (model, shape) => {
    expect(Object.keys(lumenfallAdapter.capabilities[model]!).sort()).toEqual(Object.keys(shape).sort());
  });

  it("warns when the size will be snapped, naming the size that will arrive", () => {
    expect(paramWarnings(lumenfallAdapter.capabilities[PRO], params(PRO, { width: 1024, height: 768 }))).toEqual([
      "width: Lumenfall only makes its supported sizes: 1024x768 becomes 1183x887 (closest aspect ratio)",
    ]);
    expect(paramWarnings(lumenfallAdapter.capabilities[PRO], params(PRO, { width: 1024, height: 1024 }))).toEqual([]);
  });

  it("warns that a batch shares one seed, only when both are set", () => {
    const caps = lumenfallAdapter.capabilities[ULTRA];
    expect(paramWarnings(caps, params(ULTRA, { seed: 5, num_images: 2 }))).toEqual([
      "seed: one seed is sent for the whole batch: only the first image is known to use it (not seed + n per image)",
    ]);
    expect(paramWarnings(caps, params(ULTRA, { seed: 5 }))).toEqual([]);
    expect(paramWarnings(caps, params(ULTRA, { num_images: 3 }))).toEqual([]);
  });

  it("has no warning for the BFL parameters it passes through", () => {
    expect(paramWarnings(lumenfallAdapter.capabilities[ULTRA], params(ULTRA, { raw: true, safety_tolerance: 6, prompt_upsampling: true }))).toEqual([]);
  });
});

describe("Lumenfall answers (E.3)", () => {
  const URL_A = "https://media.lumenfall.ai/gen/abc.jpeg?exp=1";
  const URL_B = "https://media.lumenfall.ai/gen/def.jpeg?exp=1";

  it("reads the documented body: the URLs, the seed for the first image only", () => {
    const parsed = imagesResponse.parse({ created: 1735689600, data: [{ url: URL_A, revised_prompt: "p" }, { url: URL_B }] });
    expect(readyImagesOf(parsed, { seed: 9 })).toEqual([
      { url: URL_A, seed: 9 },
      { url: URL_B, seed: null },
    ]);
  });

  it("makes b64_json a data: URL typed from its bytes", () => {
    const parsed = imagesResponse.parse({ created: 1, data: [{ b64_json: PNG_BASE64 }] });
    expect(readyImagesOf(parsed, { output_format: "jpeg" })).toEqual([{ url: PNG_DATA_URL, seed: null }]);
  });

  it.each([
    [PNG_BASE64, "jpeg", "data:image/png;base64,"],
    ["/9j/4AAQSkZJRg", "png", "data:image/jpeg;base64,"],
    ["UklGRiQAAABXRUJQ", "png", "data:image/webp;base64,"],
    ["AAAA", "png", "data:image/png;base64,"],
  ])("base64ToDataUrl(%s…, fallback %s) starts with %s", (b64, fallback, prefix) => {
    expect(base64ToDataUrl(b64, fallback).startsWith(prefix)).toBe(true);
  });

  it.each([
    ["no data", { created: 1 }],
    ["empty data", { created: 1, data: [] }],
    ["an error body", { error: { message: "x" } }],
  ])("rejects %s", (_label, json) => {
    expect(imagesResponse.safeParse(json).success).toBe(false);
  });

  it("gives no images when an item has neither url nor b64_json", () => {
    expect(readyImagesOf(imagesResponse.parse({ data: [{ url: URL_A }, { revised_prompt: "p" }] }), {})).toBeNull();
  });

  it("polling a handle that kept its URLs gives them again; one that did not fails for good", async () => {
    const images = [{ url: URL_A, seed: 1 }];
    expect(await pollImages({ name: "Lumenfall" }, { taskId: "req_1", images })).toEqual({ state: "ready", images, billedUsd: null });
    const update = await pollImages({ name: "Lumenfall" }, { taskId: "req_1" });
    expect(update.state === "failed" && [update.error.code, update.error.retryable]).toEqual(["provider_error", false]);
  });
});

describe("lumenfallHttpError (E.4)", () => {
  const lf = (message: string, type: string | null, code: string | null) => ({ error: { message, type, code, param: null } });
  const err = (status: number, json: unknown, headers: Record<string, string> = {}, text?: string) =>
    lumenfallHttpError(status, json, text ?? JSON.stringify(json ?? ""), new Headers(headers));

  it.each([
    [401, lf("Invalid API key", "authentication_error", "AUTHENTICATION_FAILED"), "auth", false, "Invalid API key"],
    [402, lf("Insufficient balance: $0.05 required, $0.02 available", "insufficient_quota", "INSUFFICIENT_BALANCE"), "insufficient_credits", false, "$0.05 required, $0.02 available"],
    [400, lf("size must be WxH", "invalid_request_error", "INVALID_REQUEST"), "invalid_params", false, "size must be WxH"],
    [400, lf("Prompt rejected", "invalid_request_error", "content_policy_violation"), "moderated_request", false, "content_policy_violation"],
    [404, lf("Model 'flux9' not found", "invalid_request_error", "MODEL_NOT_FOUND"), "provider_error", false, "MODEL_NOT_FOUND"],
    [404, lf("Model is disabled", "invalid_request_error", "MODEL_DISABLED"), "provider_error", false, "MODEL_DISABLED"],
    [429, lf("Rate limit exceeded", "rate_limit_error", "RATE_LIMITED"), "rate_limited", true, "Rate limit exceeded"],
    [502, lf("All providers failed", "api_error", "ALL_PROVIDERS_EXHAUSTED"), "provider_error", true, "ALL_PROVIDERS_EXHAUSTED"],
    [503, lf("Upstream unavailable", null, "UPSTREAM_ERROR"), "provider_error", true, "UPSTREAM_ERROR"],
    [422, lf("image_prompt_strength must be <= 1", null, "UPSTREAM_ERROR"), "invalid_params", false, "image_prompt_strength"],
  ])("HTTP %i %j -> %s", (status, json, code, retryable, fragment) => {
    const e = err(status, json);
    expect([e.code, e.status, e.retryable]).toEqual([code, status, retryable]);
    expect(e.message).toContain(fragment);
    expect(e.message).toContain(`HTTP ${status}`);
  });

  it("points an auth failure at LUMENFALL_API_KEY and keeps OpenAI's own 401 body", () => {
    const e = err(401, { error: { message: "Incorrect API key provided: sk-…", type: "invalid_request_error", param: null, code: "invalid_api_key" } });
    expect(e.code).toBe("auth");
    expect(e.message).toContain("Incorrect API key provided");
    expect(e.message).toContain("LUMENFALL_API_KEY");
  });

  it("names the parameter Lumenfall blames", () => {
    expect(err(400, { error: { message: "Invalid size", type: "invalid_request_error", code: "INVALID_REQUEST", param: "size" } }).message).toContain(
      "Invalid size (INVALID_REQUEST, param size)",
    );
  });

  it("takes Retry-After from a 429", () => {
    expect(err(429, lf("slow down", "rate_limit_error", "RATE_LIMITED"), { "Retry-After": "3" }).retryAfterMs).toBe(3000);
    expect(err(429, lf("slow down", "rate_limit_error", "RATE_LIMITED")).retryAfterMs).toBeNull();
  });

  it("keeps the start of a non-JSON body", () => {
    const e = err(502, undefined, {}, "<html>502 Bad Gateway</html>");
    expect([e.code, e.retryable]).toEqual(["provider_error", true]);
    expect(e.message).toContain("502 Bad Gateway");
  });

  it("falls back to the status for an empty body, and truncates a huge one", () => {
    expect(err(500, undefined, {}, "").message).toContain("HTTP 500");
    expect(err(500, undefined, {}, "x".repeat(5000)).message.length).toBeLessThan(500);
  });
});
