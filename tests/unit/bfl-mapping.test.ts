import { describe, expect, it } from "vitest";
import { parseParams, type ParamsOf, type ModelId } from "@/lib/models";
import { evaluateCapabilities } from "@/lib/providers/capabilities";
import { ProviderError } from "@/lib/providers/errors";
import { bflAdapter } from "@/lib/providers/bfl";
import { seedForImage, toBareBase64, toBflBody } from "@/lib/providers/bfl/request";
import { bflHttpError, bflResultResponse, bflSubmitResponse, parseBflResult, type BflResultResponse } from "@/lib/providers/bfl/wire";

const PRO = "flux-pro-1.1" as const;
const ULTRA = "flux-pro-1.1-ultra" as const;
const DEV = "flux-dev" as const;
const KONTEXT = "flux-kontext-pro" as const;
const CTX = { baseUrl: "https://api.bfl.ai", apiKey: "bfl-test-key", requestKey: "gen-1" };
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

function params<M extends ModelId>(model: M, raw: Record<string, unknown> = {}): ParamsOf<M> {
  const result = parseParams(model, { prompt: "a red fox in the snow", ...raw });
  if (!result.ok) throw new Error(`bad test params: ${JSON.stringify(result.issues)}`);
  return result.data;
}

const bodies = (model: ModelId, raw: Record<string, unknown> = {}) =>
  bflAdapter.buildRequests(model, params(model, raw), CTX).map((r) => r.body as Record<string, unknown>);

describe("bflAdapter.buildRequests", () => {
  it.each([
    [PRO, "https://api.bfl.ai", "https://api.bfl.ai/v1/flux-pro-1.1"],
    [PRO, "https://api.bfl.ai/", "https://api.bfl.ai/v1/flux-pro-1.1"],
    [ULTRA, "https://api.bfl.ai", "https://api.bfl.ai/v1/flux-pro-1.1-ultra"],
    [ULTRA, "https://api.eu.bfl.ai/", "https://api.eu.bfl.ai/v1/flux-pro-1.1-ultra"],
    [PRO, "http://localhost:3000/api/sandbox/bfl", "http://localhost:3000/api/sandbox/bfl/v1/flux-pro-1.1"],
    [ULTRA, "http://localhost:3000/api/sandbox/bfl/", "http://localhost:3000/api/sandbox/bfl/v1/flux-pro-1.1-ultra"],
  ])("%s at %s posts to %s", (model, baseUrl, url) => {
    const [request] = bflAdapter.buildRequests(model, params(model), { baseUrl, apiKey: "k", requestKey: "gen-1" });
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe(url);
  });

  it.each([PRO, ULTRA])("%s sends the key as a lowercase x-key header, without a scheme, plus JSON headers", (model) => {
    const [request] = bflAdapter.buildRequests(model, params(model), CTX);
    expect(request!.headers).toEqual({
      "x-key": "bfl-test-key",
      "Content-Type": "application/json",
      accept: "application/json",
    });
    expect(Object.keys(request!.headers)).not.toContain("Authorization");
    expect(bflAdapter.secretHeaders).toContain("x-key");
  });

  it("wraps seed + n past 4294967295 to 0", () => {
    expect(bodies(PRO, { num_images: 3, seed: 4294967295 }).map((b) => b.seed)).toEqual([4294967295, 0, 1]);
  });

  it.each([PRO, ULTRA])("%s without a seed sends no seed key at all", (model) => {
    for (const body of bodies(model, { num_images: 2 })) expect(body).not.toHaveProperty("seed");
  });

  it("sends the FLUX 1.1 [pro] body with width/height and nothing Ultra-only", () => {
    const [body] = bodies(PRO, { width: 1440, height: 608, seed: 7, safety_tolerance: 5, output_format: "png", prompt_upsampling: true });
    expect(body).toEqual({
      prompt: "a red fox in the snow",
      width: 1440,
      height: 608,
      seed: 7,
      safety_tolerance: 5,
      output_format: "png",
      prompt_upsampling: true,
    });
  });

  it("sends the Ultra body with aspect_ratio and raw and no width/height", () => {
    const [body] = bodies(ULTRA, { aspect_ratio: "21:9", raw: true, seed: 7 });
    expect(body).toEqual({
      prompt: "a red fox in the snow",
      aspect_ratio: "21:9",
      raw: true,
      seed: 7,
      safety_tolerance: 2,
      output_format: "jpeg",
      prompt_upsampling: false,
    });
  });

  it.each([
    [PRO, `data:image/png;base64,${PNG_BASE64}`],
    [PRO, PNG_BASE64],
    [ULTRA, `data:image/jpeg;base64,${PNG_BASE64}`],
    [ULTRA, PNG_BASE64],
  ])("%s sends image_prompt %s… as bare base64", (model, imagePrompt) => {
    const [body] = bodies(model, { image_prompt: imagePrompt });
    expect(body!.image_prompt).toBe(PNG_BASE64);
  });

  it("sends image_prompt_strength only when an image prompt is set", () => {
    const [without] = bodies(ULTRA, { image_prompt_strength: 0.7 });
    expect(without).not.toHaveProperty("image_prompt_strength");
    expect(without).not.toHaveProperty("image_prompt");

    const [withImage] = bodies(ULTRA, { image_prompt: PNG_BASE64, image_prompt_strength: 0.7 });
    expect(withImage!.image_prompt_strength).toBe(0.7);

    const [withDefault] = bodies(ULTRA, { image_prompt: PNG_BASE64 });
    expect(withDefault!.image_prompt_strength).toBe(0.1);
  });

  it("never sends image_prompt_strength for FLUX 1.1 [pro]", () => {
    const [body] = bodies(PRO, { image_prompt: PNG_BASE64 });
    expect(body).not.toHaveProperty("image_prompt_strength");
  });
});

describe("bflAdapter: FLUX.1 [dev]", () => {
  it("serves [dev] at /v1/flux-dev, and not [schnell] (BFL has no endpoint for it)", () => {
    expect(bflAdapter.models).toEqual([PRO, ULTRA, DEV, KONTEXT, "flux-2-pro"]);
    expect(bflAdapter.buildRequests(DEV, params(DEV), CTX)[0]!.url).toBe("https://api.bfl.ai/v1/flux-dev");
  });

  it("sends BFL's own [dev] body: steps and guidance by their names, with the defaults", () => {
    expect(bodies(DEV)).toEqual([
      { prompt: "a red fox in the snow", width: 1024, height: 768, steps: 28, guidance: 3, safety_tolerance: 2, output_format: "jpeg", prompt_upsampling: false },
    ]);
  });

  it("sends every [dev] field as given, one task per image with seed + n, the image prompt as bare base64", () => {
    const sent = bodies(DEV, { width: 1440, height: 256, steps: 1, guidance: 5, seed: 7, num_images: 2, safety_tolerance: 6, output_format: "png", prompt_upsampling: true, image_prompt: `data:image/png;base64,${PNG_BASE64}` });
    const common = { prompt: "a red fox in the snow", width: 1440, height: 256, steps: 1, guidance: 5, safety_tolerance: 6, output_format: "png", prompt_upsampling: true, image_prompt: PNG_BASE64 };
    expect(sent).toEqual([{ ...common, seed: 7 }, { ...common, seed: 8 }]);
  });

  it("passes every [dev] parameter through and prices it per image, unconfirmed", () => {
    const caps = bflAdapter.capabilities[DEV]!;
    expect(Object.keys(caps).sort()).toEqual(["guidance", "height", "image_prompt", "num_images", "output_format", "prompt", "prompt_upsampling", "safety_tolerance", "seed", "steps", "width"]);
    expect([caps.steps!.treatment, caps.guidance!.treatment]).toEqual(["passthrough", "passthrough"]);
    const price = bflAdapter.prices.find((r) => r.model === DEV)!;
    expect([price.unit, price.usd, price.asOf]).toEqual(["image", 0.025, "2026-12-05"]);
    expect(price.note).toMatch(/^Unconfirmed/);
  });
});

describe("bflAdapter: FLUX.1 Kontext [pro]", () => {
  const edit = (raw: Record<string, unknown> = {}) => bodies(KONTEXT, { input_image: `data:image/png;base64,${PNG_BASE64}`, ...raw });

  it("posts an edit to /v1/flux-kontext-pro", () => {
    const [request] = bflAdapter.buildRequests(KONTEXT, params(KONTEXT, { input_image: PNG_BASE64 }), CTX);
    expect([request!.method, request!.url]).toEqual(["POST", "https://api.bfl.ai/v1/flux-kontext-pro"]);
  });

  it("sends the input image as bare base64 and no aspect_ratio when none is set (BFL keeps the input's shape)", () => {
    expect(edit()).toEqual([
      { prompt: "a red fox in the snow", input_image: PNG_BASE64, safety_tolerance: 2, output_format: "jpeg", prompt_upsampling: false },
    ]);
  });

  it("sends every field as given, one task per image with seed + n", () => {
    const sent = edit({ aspect_ratio: "21:9", seed: 9, num_images: 2, safety_tolerance: 1, output_format: "png", prompt_upsampling: true });
    const common = { prompt: "a red fox in the snow", input_image: PNG_BASE64, aspect_ratio: "21:9", safety_tolerance: 1, output_format: "png", prompt_upsampling: true };
    expect(sent).toEqual([{ ...common, seed: 9 }, { ...common, seed: 10 }]);
  });

  it.each([
    [0, 0, undefined],
    [2, 2, undefined],
    [3, 2, "safety_tolerance: BFL applies at most 2 to an edit of an image: 3 is sent as 2"],
    [6, 2, "safety_tolerance: BFL applies at most 2 to an edit of an image: 6 is sent as 2"],
  ])("tolerance %i is sent as %i, and the run says so when it changes", (asked, sent, warning) => {
    expect(edit({ safety_tolerance: asked })[0]!.safety_tolerance).toBe(sent);
    const { warnings } = evaluateCapabilities(bflAdapter.capabilities[KONTEXT], params(KONTEXT, { input_image: PNG_BASE64, safety_tolerance: asked }));
    expect(warnings).toEqual(warning ? [warning] : []);
  });

  it("has a capability row per field of the model and prices an edit at $0.04 with its source", () => {
    const caps = bflAdapter.capabilities[KONTEXT]!;
    expect(Object.keys(caps).sort()).toEqual(["aspect_ratio", "input_image", "num_images", "output_format", "prompt", "prompt_upsampling", "safety_tolerance", "seed"]);
    expect(caps.safety_tolerance!.treatment).toBe("clamped");
    const price = bflAdapter.prices.find((r) => r.model === KONTEXT)!;
    expect([price.unit, price.usd, price.asOf]).toEqual(["image", 0.04, "2026-12-05"]);
    expect(price.source).toContain("docs.bfl.ai");
  });
});

describe("bflAdapter: FLUX.2 [pro]", () => {
  const F2 = "flux-2-pro" as const;

  it("serves it at /v1/flux-2-pro (the fixed snapshot, not -preview)", () => {
    expect(bflAdapter.buildRequests(F2, params(F2), CTX)[0]!.url).toBe("https://api.bfl.ai/v1/flux-2-pro");
  });

  it("sends BFL's FLUX.2 body with the defaults: 1024², tolerance 2, upsampling on, no references", () => {
    expect(bodies(F2)).toEqual([
      { prompt: "a red fox in the snow", width: 1024, height: 1024, safety_tolerance: 2, output_format: "jpeg", prompt_upsampling: true },
    ]);
  });

  it("sends the references as input_image, input_image_2… in order, bare base64, one task per image with seed + n", () => {
    const refs = ["QUFB", `data:image/png;base64,${PNG_BASE64}`, "Q0ND"];
    const sent = bodies(F2, { input_images: refs, width: 1440, height: 1088, seed: 9, num_images: 2, safety_tolerance: 5, prompt_upsampling: false, output_format: "png" });
    const common = { prompt: "a red fox in the snow", width: 1440, height: 1088, safety_tolerance: 5, output_format: "png", prompt_upsampling: false, input_image: "QUFB", input_image_2: PNG_BASE64, input_image_3: "Q0ND" };
    expect(sent).toEqual([{ ...common, seed: 9 }, { ...common, seed: 10 }]);
  });

  it("names all eight reference fields as BFL does", () => {
    const sent = bodies(F2, { input_images: Array(8).fill("QUFB") })[0]!;
    expect(Object.keys(sent).filter((k) => k.startsWith("input_image"))).toEqual(["input_image", ...[2, 3, 4, 5, 6, 7, 8].map((n) => `input_image_${n}`)]);
  });

  it("has a capability row per field and prices per MP: $0.03 first, $0.015 further and per input MP, of 1024² pixels", () => {
    expect(Object.keys(bflAdapter.capabilities[F2]!).sort()).toEqual(["height", "input_images", "num_images", "output_format", "prompt", "prompt_upsampling", "safety_tolerance", "seed", "width"]);
    expect(bflAdapter.capabilities[F2]!.input_images!.treatment).toBe("converted");
    const price = bflAdapter.prices.find((r) => r.model === F2)!;
    expect(price).toMatchObject({ unit: "megapixel", usd: 0.03, extraMpUsd: 0.015, inputMpUsd: 0.015, mpPixels: 1024 * 1024, asOf: "2026-12-05" });
  });
});

describe("request helpers", () => {
  it.each([
    [undefined, 0, undefined],
    [0, 0, 0],
    [10, 3, 13],
    [4294967295, 1, 0],
    [4294967294, 3, 1],
  ])("seedForImage(%s, %i) = %s", (seed, index, expected) => {
    expect(seedForImage(seed, index)).toBe(expected);
  });

  it.each([
    [`data:image/png;base64,${PNG_BASE64}`, PNG_BASE64],
    [`data:image/webp;base64,AAAA`, "AAAA"],
    [PNG_BASE64, PNG_BASE64],
  ])("toBareBase64(%s…)", (input, expected) => {
    expect(toBareBase64(input)).toBe(expected);
  });

  it("toBflBody of index 2 uses seed + 2", () => {
    expect(toBflBody(PRO, params(PRO, { seed: 5 }), 2).seed).toBe(7);
  });
});

describe("parseBflResult", () => {
  const SAMPLE = "https://bfldeliveryprodeu4.blob.core.windows.net/results/abc/sample.jpeg?se=2025-01-01&sig=x";

  it.each([0.1, 0.55, null])("Pending passes progress %s through", (progress) => {
    expect(parseBflResult({ id: "t", status: "Pending", progress })).toEqual({ state: "pending", progress });
  });

  it("Pending without a progress field gives progress null", () => {
    expect(parseBflResult({ status: "Pending" })).toEqual({ state: "pending", progress: null });
  });

  it("Ready gives the image at result.sample with result.seed", () => {
    expect(parseBflResult({ id: "t", status: "Ready", result: { sample: SAMPLE, seed: 42, prompt: "p" }, progress: null })).toEqual({
      state: "ready",
      images: [{ url: SAMPLE, seed: 42 }],
      billedUsd: null,
    });
  });

  it("Ready without a seed gives seed null", () => {
    const update = parseBflResult({ status: "Ready", result: { sample: SAMPLE } });
    expect(update).toMatchObject({ state: "ready", images: [{ url: SAMPLE, seed: null }] });
  });

  it.each([
    ["result null", { status: "Ready", result: null }],
    ["no result", { status: "Ready" }],
    ["empty sample", { status: "Ready", result: { sample: "" } }],
  ])("Ready with %s fails as a non-retryable provider_error", (_label, body) => {
    const update = parseBflResult(body as BflResultResponse);
    expect(update.state).toBe("failed");
    if (update.state !== "failed") return;
    expect(update.error).toBeInstanceOf(ProviderError);
    expect(update.error.code).toBe("provider_error");
    expect(update.error.retryable).toBe(false);
    expect(update.error.message).toContain("result.sample");
  });

  it.each([
    ["Content Moderated", "moderated_output", false, "Content Moderated"],
    ["Request Moderated", "moderated_request", false, "Request Moderated"],
    ["Task not found", "provider_error", false, "Task not found"],
    ["Error", "provider_error", false, "(Error)"],
    ["Failed", "provider_error", false, "(Failed)"],
  ])("%s -> failed %s (retryable %s)", (status, code, retryable, fragment) => {
    const update = parseBflResult({ id: "t", status, result: null, progress: null });
    expect(update.state).toBe("failed");
    if (update.state !== "failed") return;
    expect(update.error.code).toBe(code);
    expect(update.error.retryable).toBe(retryable);
    expect(update.error.message).toContain(fragment);
  });

  it("keeps BFL's details in a moderation message", () => {
    const update = parseBflResult({ status: "Content Moderated", details: { "Moderation Reasons": ["Derivative Works Filter"] } });
    if (update.state !== "failed") throw new Error("expected failed");
    expect(update.error.message).toContain("Derivative Works Filter");
    expect(update.error.message).toContain("not charged");
  });

  it.each(["Queued", "Processing", "pending", ""])("unknown status %j is treated as still pending", (status) => {
    expect(parseBflResult({ status, progress: 0.3 })).toEqual({ state: "pending", progress: 0.3 });
  });

  it("the result schema accepts the recorded Ready body", () => {
    const body = {
      id: "d177c3f2-0000-4000-8000-000000000000",
      status: "Ready",
      result: { sample: SAMPLE, prompt: "p", seed: 42, start_time: 1.75e9, end_time: 1.75e9, duration: 2.49 },
      progress: null,
      details: null,
      preview: null,
    };
    const parsed = bflResultResponse.parse(body);
    expect(parseBflResult(parsed)).toMatchObject({ state: "ready", images: [{ url: SAMPLE, seed: 42 }] });
  });
});

describe("bflHttpError", () => {
  const headers = (init: Record<string, string> = {}) => new Headers(init);
  const err = (status: number, json: unknown, h: Record<string, string> = {}, text?: string) =>
    bflHttpError(status, json, text ?? (json === undefined ? "" : JSON.stringify(json)), headers(h));

  it.each([
    [400, { detail: "Malformed body" }, "invalid_params", false, "Malformed body"],
    [401, { detail: "Not authenticated" }, "auth", false, "Not authenticated"],
    [403, { detail: "Not authenticated - Invalid Authentication" }, "auth", false, "Not authenticated - Invalid Authentication"],
    [402, { detail: "Insufficient credits" }, "insufficient_credits", false, "Insufficient credits"],
    [404, { detail: "Not Found" }, "provider_error", false, "Not Found"],
    [429, { detail: "Too many active tasks" }, "rate_limited", true, "Too many active tasks"],
    [500, { detail: "Internal Server Error" }, "provider_error", true, "Internal Server Error"],
    [503, { detail: "Service Unavailable" }, "provider_error", true, "Service Unavailable"],
  ])("HTTP %i -> %s", (status, json, code, retryable, fragment) => {
    const e = err(status, json);
    expect(e).toBeInstanceOf(ProviderError);
    expect(e.code).toBe(code);
    expect(e.status).toBe(status);
    expect(e.retryable).toBe(retryable);
    expect(e.message).toContain(fragment);
    expect(e.message).toContain(`HTTP ${status}`);
  });

  it("403 points at BFL_API_KEY", () => {
    expect(err(403, { detail: "Not authenticated - Invalid Authentication" }).message).toContain("BFL_API_KEY");
  });

  it("422 with a FastAPI detail array names the field", () => {
    const e = err(422, {
      detail: [
        { loc: ["body", "width"], msg: "Input should be a multiple of 32", type: "value_error" },
        { loc: ["body", "height"], msg: "Input should be less than or equal to 1440", type: "less_than_equal" },
      ],
    });
    expect(e.code).toBe("invalid_params");
    expect(e.retryable).toBe(false);
    expect(e.message).toContain("width: Input should be a multiple of 32");
    expect(e.message).toContain("height: Input should be less than or equal to 1440");
  });

  it("422 detail entry without loc keeps just its msg", () => {
    expect(err(422, { detail: [{ msg: "Aspect ratio out of range", type: "value_error" }] }).message).toContain("Aspect ratio out of range");
  });

  it("429 with Retry-After: 2 is rate_limited, retryable, retryAfterMs 2000", () => {
    const e = err(429, { detail: "Too many active tasks" }, { "Retry-After": "2" });
    expect(e.code).toBe("rate_limited");
    expect(e.retryable).toBe(true);
    expect(e.retryAfterMs).toBe(2000);
  });

  it("no Retry-After gives retryAfterMs null", () => {
    expect(err(503, { detail: "x" }).retryAfterMs).toBeNull();
  });

  it("a {message} body (bfl-skills' 429 shape) is kept", () => {
    expect(err(429, { error: "rate_limit_exceeded", message: "Slow down", retry_after: 5 }).message).toContain("Slow down");
  });

  it("a non-JSON body keeps the beginning of the text", () => {
    const e = err(502, undefined, {}, "<html><body>502 Bad Gateway</body></html>");
    expect(e.code).toBe("provider_error");
    expect(e.retryable).toBe(true);
    expect(e.message).toContain("502 Bad Gateway");
  });

  it("an empty body falls back to the status", () => {
    const e = err(500, undefined, {}, "");
    expect(e.message).toContain("HTTP 500");
  });

  it("truncates a very long body", () => {
    const e = err(500, undefined, {}, "x".repeat(5000));
    expect(e.message.length).toBeLessThan(500);
  });
});

describe("bflSubmitResponse", () => {
  it("accepts the real recorded submit body", () => {
    const body = JSON.parse(
      '{"id":"d177c3f2-...","polling_url":"https://api.eu4.bfl.ai/v1/get_result?id=d177c3f2-...","cost":null,"input_mp":null,"output_mp":null}',
    );
    const parsed = bflSubmitResponse.safeParse(body);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual({
      id: "d177c3f2-...",
      polling_url: "https://api.eu4.bfl.ai/v1/get_result?id=d177c3f2-...",
      cost: null,
      input_mp: null,
      output_mp: null,
    });
  });

  it("accepts numeric cost (flux-2 recording) and a missing polling_url", () => {
    expect(bflSubmitResponse.safeParse({ id: "abc", cost: 3.0, output_mp: 0.06 }).success).toBe(true);
  });

  it.each([
    ["no id", { polling_url: "https://api.bfl.ai/v1/get_result?id=x" }],
    ["empty id", { id: "" }],
    ["relative polling_url", { id: "x", polling_url: "/v1/get_result?id=x" }],
  ])("rejects %s", (_label, body) => {
    expect(bflSubmitResponse.safeParse(body).success).toBe(false);
  });
});
