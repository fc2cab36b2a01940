import { getAdapter } from "@/lib/providers/registry";
import { describe, expect, it } from "vitest";
import { getModel, parseParams, type ParamsOf, type ModelId } from "@/lib/models";
import { paramWarnings } from "@/lib/providers/capabilities";
import { ProviderError } from "@/lib/providers/errors";
import { apiframeAdapter } from "@/lib/providers/apiframe";
import { idempotencyKey, toApiframeBody } from "@/lib/providers/apiframe/request";
import { APIFRAME_CREDIT_USD, apiframeHttpError, apiframeJob, apiframeSubmitResponse, parseApiframeJob, resultUrls, type ApiframeJob } from "@/lib/providers/apiframe/wire";

const APIFRAME_PRICES = getAdapter("apiframe").prices;

const PRO = "flux-pro-1.1" as const;
const ULTRA = "flux-pro-1.1-ultra" as const;
const CTX = { baseUrl: "https://api.apiframe.ai", apiKey: "afk_test", requestKey: "gen-1" };
const URL_A = "https://cdn.apiframe.ai/images/a.jpg";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function params<M extends ModelId>(model: M, raw: Record<string, unknown> = {}): ParamsOf<M> {
  const result = parseParams(model, { prompt: "a red fox in the snow", ...raw });
  if (!result.ok) throw new Error(`bad test params: ${JSON.stringify(result.issues)}`);
  return result.data;
}

const bodies = (model: ModelId, raw: Record<string, unknown> = {}) =>
  apiframeAdapter.buildRequests(model, params(model, raw), CTX).map((r) => r.body as { model: string; prompt: string; fluxParams: Record<string, unknown> });

describe("apiframeAdapter.buildRequests", () => {
  it.each([
    ["https://api.apiframe.ai", "https://api.apiframe.ai/v2/images/generate"],
    ["https://api.apiframe.ai/", "https://api.apiframe.ai/v2/images/generate"],
    ["http://localhost:3000/api/sandbox/apiframe/", "http://localhost:3000/api/sandbox/apiframe/v2/images/generate"],
  ])("at %s posts to %s", (baseUrl, url) => {
    for (const model of [PRO, ULTRA]) {
      const [request] = apiframeAdapter.buildRequests(model, params(model), { ...CTX, baseUrl });
      expect([request!.method, request!.url]).toEqual(["POST", url]);
    }
  });

  it("keeps the cheat sheet's base URL and env names", () => {
    expect(apiframeAdapter.defaultBaseUrl).toBe("https://api.apiframe.ai");
    expect(apiframeAdapter.env).toEqual({ apiKey: ["APIFRAME_API_KEY"], baseUrl: "APIFRAME_BASE_URL" });
  });

  it("sends X-API-Key, JSON and a per-image Idempotency-Key derived from the generation", () => {
    const requests = apiframeAdapter.buildRequests(PRO, params(PRO, { num_images: 2 }), CTX);
    expect(requests[0]!.headers).toEqual({
      "X-API-Key": "afk_test",
      accept: "application/json",
      "Content-Type": "application/json",
      "Idempotency-Key": idempotencyKey("gen-1", 0),
    });
    expect(requests[1]!.headers["Idempotency-Key"]).toBe(idempotencyKey("gen-1", 1));
    expect(apiframeAdapter.secretHeaders).toEqual(["x-api-key"]);
  });

  it("derives idempotency keys deterministically, as UUIDs, distinct per image and per generation", () => {
    expect(idempotencyKey("gen-1", 0)).toMatch(UUID);
    expect(idempotencyKey("gen-1", 0)).toBe(idempotencyKey("gen-1", 0));
    const keys = new Set([idempotencyKey("gen-1", 0), idempotencyKey("gen-1", 1), idempotencyKey("gen-2", 0), idempotencyKey("gen-10", 0)]);
    expect(keys.size).toBe(4);
  });

  it("sends FLUX 1.1 [pro] as {model, prompt, fluxParams} with Replicate's field names", () => {
    const [body] = bodies(PRO, { width: 1440, height: 608, seed: 7, safety_tolerance: 0, prompt_upsampling: true, output_format: "png" });
    expect(body).toEqual({
      model: "flux-1.1-pro",
      prompt: "a red fox in the snow",
      fluxParams: { aspect_ratio: "custom", width: 1440, height: 608, prompt_upsampling: true, seed: 7, safety_tolerance: 1, output_format: "png" },
    });
  });

  it("sends Ultra with aspect_ratio (snapped), raw, jpg, and no prompt_upsampling", () => {
    const [body] = bodies(ULTRA, { aspect_ratio: "2:1", raw: true, prompt_upsampling: true });
    expect(body).toEqual({
      model: "flux-1.1-pro-ultra",
      prompt: "a red fox in the snow",
      fluxParams: { aspect_ratio: "16:9", raw: true, safety_tolerance: 2, output_format: "jpg" },
    });
  });

  it("sends the image prompt as a data: URL with its strength on Ultra", () => {
    const image = "data:image/png;base64,iVBORw0KGgo=";
    expect(toApiframeBody(ULTRA, params(ULTRA, { image_prompt: image, image_prompt_strength: 0.4 }), 0).fluxParams).toMatchObject({ image_prompt: image, image_prompt_strength: 0.4 });
  });

  it.each([PRO, ULTRA])("%s makes one job per image, image i with seed + i", (model) => {
    const sent = bodies(model, { num_images: 3, seed: 10 });
    expect(sent.map((b) => b.fluxParams.seed)).toEqual([10, 11, 12]);
    expect(sent.every((b) => b.prompt === "a red fox in the snow" && !("prompt" in b.fluxParams))).toBe(true);
  });

  it("sends no seed when none was given", () => {
    expect(bodies(PRO, { num_images: 2 }).every((b) => !("seed" in b.fluxParams))).toBe(true);
  });
});

describe("apiframeAdapter.capabilities", () => {
  it.each([PRO, ULTRA])("%s covers every canonical parameter", (model) => {
    expect(Object.keys(apiframeAdapter.capabilities[model]!).sort()).toEqual(Object.keys(getModel(model).schema.shape).sort());
  });

  it.each([
    [PRO, { prompt: "x".repeat(2001) }, "prompt: Apiframe accepts at most 2000 characters"],
    [PRO, { safety_tolerance: 0 }, "safety_tolerance: Apiframe accepts 1 to 6: 0 is sent as 1"],
    [ULTRA, { aspect_ratio: "2:1" }, "aspect_ratio: Apiframe has no 2:1: sent as 16:9"],
    [ULTRA, { prompt_upsampling: true }, "prompt_upsampling: Apiframe's Ultra mirrors Replicate's, which has no prompt upsampling"],
  ] as const)("%s %j warns %s", (model, raw, warning) => {
    const warnings = paramWarnings(apiframeAdapter.capabilities[model], params(model, raw));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(warning);
  });

  it("says nothing for defaults or a 2000-character prompt", () => {
    expect(paramWarnings(apiframeAdapter.capabilities[PRO], params(PRO, { prompt: "x".repeat(2000) }))).toEqual([]);
    expect(paramWarnings(apiframeAdapter.capabilities[ULTRA], params(ULTRA))).toEqual([]);
  });

  it("names fluxParams fields on the wire and marks the undocumented ones unconfirmed", () => {
    const ultra = apiframeAdapter.capabilities[ULTRA]!;
    expect(ultra.aspect_ratio!.wire).toBe("fluxParams.aspect_ratio");
    expect(ultra.prompt!.wire).toBe("prompt");
    expect(ultra.raw!.note).toContain("unconfirmed");
    expect(ultra.safety_tolerance!.note).toContain("unconfirmed");
  });

  it("lists $0.04 and $0.06 per image, FLUX.2 per MP, each with an unconfirmed note", () => {
    expect(APIFRAME_PRICES.map((r) => [r.provider, r.model, r.unit, r.usd])).toEqual([
      ["apiframe", PRO, "image", 0.04],
      ["apiframe", ULTRA, "image", 0.06],
      ["apiframe", "flux-2-pro", "megapixel", 0.03],
    ]);
    expect(APIFRAME_PRICES.every((r) => r.note?.startsWith("Unconfirmed"))).toBe(true);
  });
});

describe("FLUX.2 [pro] on Apiframe", () => {
  const F2 = "flux-2-pro" as const;

  it("one job per image, model flux-2-pro, Replicate's FLUX.2 fluxParams plus its prompt_upsampling switch", () => {
    const sent = bodies(F2, { num_images: 2, seed: 3, width: 1024, height: 768, prompt_upsampling: false, input_images: ["QUFB"] });
    const fluxParams = { aspect_ratio: "custom", width: 1024, height: 768, safety_tolerance: 2, prompt_upsampling: false, input_images: ["data:image/png;base64,QUFB"], output_format: "jpg" };
    expect(sent).toEqual([
      { model: "flux-2-pro", prompt: "a red fox in the snow", fluxParams: { ...fluxParams, seed: 3 } },
      { model: "flux-2-pro", prompt: "a red fox in the snow", fluxParams: { ...fluxParams, seed: 4 } },
    ]);
  });

  it("passes upsampling through (no warning either way) and says what is unconfirmed", () => {
    const caps = apiframeAdapter.capabilities[F2]!;
    expect(caps.prompt_upsampling).toMatchObject({ treatment: "passthrough", wire: "fluxParams.prompt_upsampling" });
    expect(caps.input_images!.note).toContain("unconfirmed");
    expect(paramWarnings(caps, params(F2, { prompt_upsampling: false }))).toEqual([]);
  });
});

describe("resultUrls", () => {
  it.each<[string, unknown, string[]]>([
    ["a bare URL", URL_A, [URL_A]],
    ["{images: [url]}", { images: [URL_A] }, [URL_A]],
    ["{images: [{url}]}", { images: [{ url: URL_A }, { url: `${URL_A}?2` }] }, [URL_A, `${URL_A}?2`]],
    ["{imageUrl}", { imageUrl: URL_A }, [URL_A]],
    ["{url}", { url: URL_A }, [URL_A]],
    ["[url]", [URL_A], [URL_A]],
    ["null", null, []],
    ["{}", {}, []],
    ["an empty string", "", []],
  ])("accepts %s", (_label, result, urls) => {
    expect(resultUrls(result)).toEqual(urls);
  });
});

const job = (over: Partial<ApiframeJob>): ApiframeJob => ({ id: "job-1", status: "QUEUED", ...over });

describe("parseApiframeJob", () => {
  it.each([
    [job({ status: "QUEUED", progress: 0 }), 0],
    [job({ status: "PROCESSING", progress: 40 }), 0.4],
    [job({ status: "PROCESSING", progress: 100 }), 1],
    [job({ status: "PROCESSING", progress: null }), null],
    [job({ status: "SOMETHING_NEW", progress: 10 }), 0.1],
  ])("%j is pending with progress %s", (body, progress) => {
    expect(parseApiframeJob(body, null)).toEqual({ state: "pending", progress });
  });

  it("COMPLETED gives the images, the seed we sent and creditCost in USD", () => {
    expect(parseApiframeJob(job({ status: "COMPLETED", progress: 100, result: { images: [URL_A] }, creditCost: 1 }), 42)).toEqual({
      state: "ready",
      images: [{ url: URL_A, seed: 42 }],
      billedUsd: APIFRAME_CREDIT_USD,
    });
  });

  it.each([
    [1.5, 0.06],
    ["2", 0.08],
  ])("creditCost %j is $%s", (creditCost, usd) => {
    const parsed = apiframeJob.parse({ status: "COMPLETED", result: URL_A, creditCost });
    expect(parseApiframeJob(parsed, null)).toMatchObject({ state: "ready", billedUsd: usd });
  });

  it("COMPLETED without creditCost bills null (the estimate applies)", () => {
    expect(parseApiframeJob(job({ status: "COMPLETED", result: URL_A }), null)).toMatchObject({ billedUsd: null });
  });

  it.each([[null], [{}], [{ images: [] }]])("COMPLETED with result %j fails as provider_error", (result) => {
    const update = parseApiframeJob(job({ status: "COMPLETED", result }), null);
    expect(update.state === "failed" && [update.error.code, update.error.retryable]).toEqual(["provider_error", false]);
  });

  it.each([
    ["Generation failed: the output image was flagged by content moderation", "moderated_output"],
    ["Your prompt was flagged", "moderated_request"],
    ["The input or output was flagged as sensitive. Please try again with different inputs. (E005)", "moderated_output"],
    ["Upstream error", "provider_error"],
  ])("FAILED %j -> %s, keeping the text", (error, code) => {
    const update = parseApiframeJob(job({ status: "FAILED", error }), null);
    expect(update.state).toBe("failed");
    if (update.state !== "failed") return;
    expect(update.error.code).toBe(code);
    expect(update.error.message).toBe(`Apiframe reported the generation failed: ${error}`);
  });

  it("accepts the documented job body", () => {
    const body = { id: "j", status: "PROCESSING", model: "flux-1.1-pro", progress: 40, result: null, error: null, creditCost: 1, webhookStatus: null, createdAt: "2026-01-01T00:00:00Z", completedAt: null };
    expect(parseApiframeJob(apiframeJob.parse(body), null)).toEqual({ state: "pending", progress: 0.4 });
  });

  it("the submit schema accepts {jobId, status} and rejects a missing jobId", () => {
    expect(apiframeSubmitResponse.safeParse({ jobId: "j", status: "QUEUED" }).success).toBe(true);
    expect(apiframeSubmitResponse.safeParse({ status: "QUEUED" }).success).toBe(false);
  });
});

describe("apiframeHttpError", () => {
  const err = (status: number, json: unknown, headers: Record<string, string> = {}, text?: string) =>
    apiframeHttpError(status, json, text ?? (json === undefined ? "" : JSON.stringify(json)), new Headers(headers));

  it.each([
    [401, { error: "API key is required" }, "auth", false, "API key is required"],
    [401, { error: "Invalid API key" }, "auth", false, "Invalid API key"],
    [403, { error: "API key is inactive" }, "auth", false, "API key is inactive"],
    [401, { statusCode: 401, message: "Invalid API key", error: "Unauthorized" }, "auth", false, "Invalid API key"],
    [402, { error: "Insufficient credits" }, "insufficient_credits", false, "Insufficient credits"],
    [402, { message: "Insufficient credits", statusCode: 402 }, "insufficient_credits", false, "Insufficient credits"],
    [400, { error: "prompt is required" }, "invalid_params", false, "prompt is required"],
    [422, { statusCode: 422, message: ["fluxParams.width must not be greater than 1440", "prompt must be shorter"] }, "invalid_params", false, "fluxParams.width must not be greater than 1440; prompt must be shorter"],
    [422, { error: { message: "nested reason" } }, "invalid_params", false, "nested reason"],
    [404, { error: "Job not found" }, "provider_error", false, "Job not found"],
    [429, { error: "Too many requests" }, "rate_limited", true, "Too many requests"],
    [500, { message: "Internal server error", statusCode: 500 }, "provider_error", true, "Internal server error"],
  ])("HTTP %i %j -> %s", (status, json, code, retryable, fragment) => {
    const e = err(status, json);
    expect(e).toBeInstanceOf(ProviderError);
    expect([e.code, e.status, e.retryable]).toEqual([code, status, retryable]);
    expect(e.message).toContain(fragment);
    expect(e.message).toContain(`HTTP ${status}`);
  });

  it("points at APIFRAME_API_KEY on auth errors", () => {
    expect(err(401, { error: "Invalid API key" }).message).toContain("APIFRAME_API_KEY");
  });

  it("passes on Retry-After", () => {
    expect(err(429, { error: "x" }, { "Retry-After": "2" }).retryAfterMs).toBe(2000);
    expect(err(429, { error: "x" }).retryAfterMs).toBeNull();
  });

  it("keeps the text of a non-JSON answer", () => {
    const e = err(502, undefined, {}, "<html>Bad Gateway</html>");
    expect([e.code, e.retryable]).toEqual(["provider_error", true]);
    expect(e.message).toContain("Bad Gateway");
  });
});
