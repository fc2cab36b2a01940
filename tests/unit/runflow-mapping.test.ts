import { describe, expect, it } from "vitest";
import { getModel, parseParams, type ParamsOf, type ModelId } from "@/lib/models";
import { paramWarnings } from "@/lib/providers/capabilities";
import { ProviderError } from "@/lib/providers/errors";
import { toFalInput } from "@/lib/providers/fal/request";
import { runflowAdapter } from "@/lib/providers/runflow";
import { clientRefFor } from "@/lib/providers/runflow/request";
import { parseRunflowCost, parseRunflowRun, runflowHttpError, runflowRun, type RunflowRun } from "@/lib/providers/runflow/wire";

const PRO = "flux-pro-1.1" as const;
const ULTRA = "flux-pro-1.1-ultra" as const;
const DEV = "flux-dev" as const;
const SCHNELL = "flux-schnell" as const;
const CTX = { baseUrl: "https://api.runflow.io", apiKey: "rf-key", requestKey: "gen-1" };
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const URL_1 = "https://cdn.runflow.io/outputs/run_1/0.jpeg?X-Amz-Expires=3600&X-Amz-Signature=abc";
const URL_2 = "https://cdn.runflow.io/outputs/run_1/1.jpeg?X-Amz-Expires=3600&X-Amz-Signature=def";

function params<M extends ModelId>(model: M, raw: Record<string, unknown> = {}): ParamsOf<M> {
  const result = parseParams(model, { prompt: "a red fox in the snow", ...raw });
  if (!result.ok) throw new Error(`bad test params: ${JSON.stringify(result.issues)}`);
  return result.data;
}

const body = (model: ModelId, raw: Record<string, unknown> = {}, ctx = CTX) =>
  runflowAdapter.buildRequests(model, params(model, raw), ctx)[0]!.body as { input: Record<string, unknown>; client_ref: string };

describe("runflowAdapter.buildRequests", () => {
  it.each([
    [PRO, "https://api.runflow.io", "https://api.runflow.io/v1/models/black-forest-labs/flux-1-1-pro/runs"],
    [PRO, "https://api.runflow.io/", "https://api.runflow.io/v1/models/black-forest-labs/flux-1-1-pro/runs"],
    [ULTRA, "https://api.runflow.io", "https://api.runflow.io/v1/models/black-forest-labs/flux-1-1-pro-ultra/runs"],
    [ULTRA, "http://localhost:3000/api/sandbox/runflow/", "http://localhost:3000/api/sandbox/runflow/v1/models/black-forest-labs/flux-1-1-pro-ultra/runs"],
  ])("%s at %s posts to %s", (model, baseUrl, url) => {
    const [request] = runflowAdapter.buildRequests(model, params(model), { baseUrl, apiKey: "k", requestKey: "gen-1" });
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe(url);
  });

  it.each([PRO, ULTRA])("%s sends the key as a Bearer token", (model) => {
    const [request] = runflowAdapter.buildRequests(model, params(model), CTX);
    expect(request!.headers).toEqual({ Authorization: "Bearer rf-key", "Content-Type": "application/json", Accept: "application/json" });
    expect(runflowAdapter.secretHeaders).toEqual(["authorization"]);
  });

  it("wraps fal's input under `input`, with a client_ref derived from the request key", () => {
    const p = params(PRO, { width: 1024, height: 768, seed: 5, num_images: 3, safety_tolerance: 0, prompt_upsampling: true });
    const [request] = runflowAdapter.buildRequests(PRO, p, CTX);
    expect(request!.body).toEqual({ input: toFalInput(PRO, p), client_ref: "flux-playground-gen-1" });
    expect((request!.body as { input: unknown }).input).toEqual({
      prompt: "a red fox in the snow",
      image_size: "landscape_4_3",
      num_images: 3,
      seed: 5,
      safety_tolerance: "1",
      output_format: "jpeg",
      enhance_prompt: true,
    });
  });

  it.each([
    [DEV, "https://api.runflow.io/v1/models/black-forest-labs/flux-1-dev/runs"],
    [SCHNELL, "https://api.runflow.io/v1/models/black-forest-labs/flux-1-schnell/runs"],
  ])("%s posts to %s ([dev]'s slug UNVERIFIED)", (model, url) => {
    expect(runflowAdapter.buildRequests(model, params(model), CTX)[0]!.url).toBe(url);
  });

  it("sends fal's [dev] input under `input`: steps, guidance, and the checker by Together's tolerance rule", () => {
    expect(body(DEV, { width: 1024, height: 1024, steps: 12, guidance: 4.5, seed: 1, safety_tolerance: 5, prompt_upsampling: true, image_prompt: PNG_BASE64 }).input).toEqual({
      prompt: "a red fox in the snow",
      image_size: "square_hd",
      num_images: 1,
      seed: 1,
      output_format: "jpeg",
      num_inference_steps: 12,
      guidance_scale: 4.5,
      enable_safety_checker: false,
    });
    expect(body(DEV).input.enable_safety_checker).toBe(true);
  });

  it("sends [schnell]'s steps and checker under `input`", () => {
    expect(body(SCHNELL, { steps: 2, safety_checker: false, num_images: 4 }).input).toEqual({
      prompt: "a red fox in the snow",
      image_size: "landscape_4_3",
      num_images: 4,
      output_format: "jpeg",
      num_inference_steps: 2,
      enable_safety_checker: false,
    });
  });

  it("client_ref is stable per generation and differs between generations", () => {
    expect(body(PRO).client_ref).toBe(body(PRO).client_ref);
    expect(body(PRO, {}, { ...CTX, requestKey: "gen-2" }).client_ref).not.toBe(body(PRO).client_ref);
    expect(clientRefFor("abc")).toBe("flux-playground-abc");
  });

  it("sends the Ultra input with aspect_ratio, raw and the image prompt as image_url", () => {
    expect(body(ULTRA, { aspect_ratio: "9:21", raw: true, image_prompt: PNG_BASE64, image_prompt_strength: 0.3 }).input).toEqual({
      prompt: "a red fox in the snow",
      aspect_ratio: "9:21",
      raw: true,
      num_images: 1,
      safety_tolerance: "2",
      output_format: "jpeg",
      enhance_prompt: false,
      image_url: `data:image/png;base64,${PNG_BASE64}`,
      image_prompt_strength: 0.3,
    });
  });

  it("FLUX 1.1 [pro] drops the image prompt and sends a custom size as {width, height}", () => {
    const input = body(PRO, { image_prompt: PNG_BASE64, width: 1344, height: 768 }).input;
    expect(input).not.toHaveProperty("image_url");
    expect(input.image_size).toEqual({ width: 1344, height: 768 });
  });
});

describe("FLUX.1 Kontext [pro] on Runflow", () => {
  const KONTEXT = "flux-kontext-pro" as const;
  const INPUT = `data:image/png;base64,${PNG_BASE64}`;

  it("posts to black-forest-labs/flux-pro/kontext/runs, fal's Kontext input under `input`", () => {
    const [request] = runflowAdapter.buildRequests(KONTEXT, params(KONTEXT, { input_image: INPUT }), CTX);
    expect(request!.url).toBe("https://api.runflow.io/v1/models/black-forest-labs/flux-pro/kontext/runs");
    expect(request!.body).toEqual({
      input: { prompt: "a red fox in the snow", num_images: 1, output_format: "jpeg", image_url: INPUT, safety_tolerance: "2", enhance_prompt: false },
      client_ref: clientRefFor("gen-1"),
    });
  });

  it("with every field set: the closest of fal's ratios (with a warning), tolerance as a string at most \"2\", enhance_prompt", () => {
    const raw = { input_image: PNG_BASE64, aspect_ratio: "5:4", seed: 6, num_images: 2, safety_tolerance: 5, prompt_upsampling: true, output_format: "png" };
    expect(body(KONTEXT, raw).input).toEqual({
      prompt: "a red fox in the snow",
      num_images: 2,
      seed: 6,
      output_format: "png",
      image_url: INPUT,
      aspect_ratio: "4:3",
      safety_tolerance: "2",
      enhance_prompt: true,
    });
    expect(paramWarnings(runflowAdapter.capabilities[KONTEXT], params(KONTEXT, raw))).toEqual([
      "safety_tolerance: Runflow's Kontext takes 1 to 2 for an edit: 5 is sent as \"2\"",
      "aspect_ratio: Runflow's Kontext has no 5:4: sent as 4:3, the closest ratio it takes",
    ]);
  });

  it("covers every parameter and says the inline image is unconfirmed (Runflow documents a URL)", () => {
    const caps = runflowAdapter.capabilities[KONTEXT]!;
    expect(Object.keys(caps).sort()).toEqual(Object.keys(getModel(KONTEXT).schema.shape).sort());
    expect(caps.input_image).toMatchObject({ treatment: "renamed", wire: "input.image_url", note: expect.stringMatching(/unconfirmed/) });
  });
});

describe("FLUX.2 [pro] on Runflow", () => {
  const F2 = "flux-2-pro" as const;
  const INPUT = `data:image/png;base64,${PNG_BASE64}`;

  it("posts one run per image to black-forest-labs/flux-2-pro/runs: fal's FLUX.2 input, no num_images, seed + i, a client_ref each", () => {
    const requests = runflowAdapter.buildRequests(F2, params(F2, { width: 1440, height: 1088, seed: 5, num_images: 2 }), CTX);
    expect(requests.map((r) => r.url)).toEqual(Array(2).fill("https://api.runflow.io/v1/models/black-forest-labs/flux-2-pro/runs"));
    expect(requests.map((r) => r.body)).toEqual([0, 1].map((i) => ({
      input: { prompt: "a red fox in the snow", seed: 5 + i, output_format: "jpeg", image_size: { width: 1440, height: 1088 }, safety_tolerance: "2" },
      client_ref: clientRefFor(`gen-1-${i}`),
    })));
    expect(paramWarnings(runflowAdapter.capabilities[F2], params(F2, { width: 1440, height: 1088 }))).toEqual([]);
  });

  it("with references: the /edit slug, image_urls in order as data: URIs; tolerance 0 sent as \"1\"; upsampling off not sent", () => {
    const raw = { input_images: [INPUT, PNG_BASE64], safety_tolerance: 0, prompt_upsampling: false, output_format: "png" };
    const [request, ...rest] = runflowAdapter.buildRequests(F2, params(F2, raw), CTX);
    expect(rest).toEqual([]);
    expect(request!.url).toBe("https://api.runflow.io/v1/models/black-forest-labs/flux-2-pro/edit/runs");
    expect(request!.body).toEqual({
      input: { prompt: "a red fox in the snow", output_format: "png", image_size: "square_hd", safety_tolerance: "1", image_urls: [INPUT, INPUT] },
      client_ref: clientRefFor("gen-1-0"),
    });
    expect(paramWarnings(runflowAdapter.capabilities[F2], params(F2, raw))).toEqual([
      "safety_tolerance: Runflow's FLUX.2 levels are 1 to 5: 0 is sent as \"1\"",
      "prompt_upsampling: Runflow's FLUX.2 cannot turn prompt upsampling off: not sent, the host's default applies",
    ]);
  });

  it("covers every parameter, says the edit slug is inferred, and prices $0.03 the first MP + $0.015 per further one", () => {
    const caps = runflowAdapter.capabilities[F2]!;
    expect(Object.keys(caps).sort()).toEqual(Object.keys(getModel(F2).schema.shape).sort());
    expect(caps.input_images).toMatchObject({ wire: "input.image_urls", note: expect.stringMatching(/unconfirmed/) });
    expect(runflowAdapter.prices.find((r) => r.model === F2)).toMatchObject({ unit: "megapixel", usd: 0.03, extraMpUsd: 0.015, inputMpUsd: 0.015, mpPixels: 1024 * 1024 });
  });
});

describe("runflowAdapter identity and capabilities", () => {
  it("uses the cheat sheet's base URL and RUNFLOW_ variables", () => {
    expect(runflowAdapter.defaultBaseUrl).toBe("https://api.runflow.io");
    expect(runflowAdapter.env).toEqual({ apiKey: ["RUNFLOW_API_KEY"], baseUrl: "RUNFLOW_BASE_URL" });
  });

  it("prices 1.1 [pro], Ultra and Kontext per image ($0.04, $0.06, $0.04), [dev] and [schnell] per megapixel ($0.025, $0.003)", () => {
    expect(runflowAdapter.prices.map((r) => [r.provider, r.model, r.unit, r.usd])).toEqual([
      ["runflow", PRO, "image", 0.04],
      ["runflow", ULTRA, "image", 0.06],
      ["runflow", DEV, "megapixel", 0.025],
      ["runflow", SCHNELL, "megapixel", 0.003],
      ["runflow", "flux-kontext-pro", "image", 0.04],
      ["runflow", "flux-2-pro", "megapixel", 0.03],
    ]);
    // [dev]'s endpoint name is a guess (PROVIDERS-MODELS.md §1): its price says so.
    expect(runflowAdapter.prices.find((r) => r.model === DEV)!.note).toMatch(/^Unconfirmed/);
  });

  it.each([PRO, ULTRA, DEV, SCHNELL])("%s covers every canonical parameter, with wire fields under input.", (model) => {
    const caps = runflowAdapter.capabilities[model]!;
    expect(Object.keys(caps).sort()).toEqual(Object.keys(getModel(model).schema.shape).sort());
    for (const capability of Object.values(caps)) if (capability.wire) expect(capability.wire).toMatch(/^input\./);
    if (caps.prompt_upsampling?.treatment === "renamed") expect(caps.prompt_upsampling.wire).toBe("input.enhance_prompt");
  });

  it.each([
    [PRO, { safety_tolerance: 0 }, ['safety_tolerance: Runflow\'s strictest level is 1: 0 is sent as "1"']],
    [PRO, { image_prompt: PNG_BASE64 }, ["image_prompt: Runflow's FLUX 1.1 [pro] endpoint takes no image prompt: not sent"]],
    [ULTRA, { image_prompt: PNG_BASE64, safety_tolerance: 3 }, []],
    [DEV, { safety_tolerance: 5 }, ["safety_tolerance: Runflow has only an on/off safety checker: 5 is sent as input.enable_safety_checker: false"]],
    [DEV, { prompt_upsampling: true }, ["prompt_upsampling: Runflow's FLUX.1 [dev] has no prompt upsampling: not sent"]],
    [SCHNELL, { steps: 1, safety_checker: false }, []],
  ] as const)("%s with %j warns %j", (model, raw, warnings) => {
    expect(paramWarnings(runflowAdapter.capabilities[model], params(model, raw))).toEqual(warnings);
  });
});

const run = (patch: Partial<RunflowRun>): RunflowRun => ({ id: "run_1", status_code: "queued", input: { prompt: "p", seed: 42 }, output: null, cost: "0.04", ...patch });

describe("parseRunflowRun", () => {
  it.each(["queued", "dispatching", "running", "something_new"])("%s is pending without progress", (status) => {
    expect(parseRunflowRun(run({ status_code: status }))).toEqual({ state: "pending", progress: null });
  });

  it("succeeded gives output.image_urls, the input's seed on the first image and the cost", () => {
    expect(parseRunflowRun(run({ status_code: "succeeded", output: { image_urls: [URL_1, URL_2] }, cost: "0.08" }))).toEqual({
      state: "ready",
      images: [
        { url: URL_1, seed: 42 },
        { url: URL_2, seed: null },
      ],
      billedUsd: 0.08,
    });
  });

  it("accepts fal's images[] form, and its seed over the input's", () => {
    const update = parseRunflowRun(run({ status_code: "succeeded", output: { images: [{ url: URL_1, width: 1024 }], seed: 7 } }));
    expect(update).toMatchObject({ state: "ready", images: [{ url: URL_1, seed: 7 }] });
  });

  it("partial_succeeded gives the images it has", () => {
    expect(parseRunflowRun(run({ status_code: "partial_succeeded", output: { image_urls: [URL_1] } }))).toMatchObject({ state: "ready", images: [{ url: URL_1 }] });
  });

  it.each([
    ["succeeded with no output", run({ status_code: "succeeded", output: null })],
    ["succeeded with empty image_urls", run({ status_code: "succeeded", output: { image_urls: [] } })],
  ])("%s fails as a non-retryable provider_error", (_label, r) => {
    const update = parseRunflowRun(r);
    if (update.state !== "failed") throw new Error("expected failed");
    expect(update.error.code).toBe("provider_error");
    expect(update.error.retryable).toBe(false);
  });

  it.each([
    [{ failure_code: "CONTENT_MODERATED", failure_message: "flagged by a content checker", failure_stage_code: "PROVIDER" }, "moderated_output", "flagged by a content checker"],
    [{ failure_code: "REQUEST_MODERATED", failure_message: "prompt flagged" }, "moderated_request", "prompt flagged"],
    [{ failure_code: "NSFW_CONTENT", failure_message: "nsfw", failure_stage_code: "INPUT_VALIDATION" }, "moderated_request", "INPUT_VALIDATION"],
    [{ failure_code: "PROVIDER_TIMEOUT", failure_message: "took too long" }, "timeout", "took too long"],
    [{ failure_code: "PROVIDER_ERROR", failure_message: "boom", failure_stage_code: "PROVIDER" }, "provider_error", "boom (PROVIDER_ERROR, stage PROVIDER)"],
    [{}, "provider_error", "no failure_code"],
  ])("failed %j -> %s", (failure, code, fragment) => {
    const update = parseRunflowRun(run({ status_code: "failed", cost: "0", ...failure }));
    if (update.state !== "failed") throw new Error("expected failed");
    expect(update.error.code).toBe(code);
    expect(update.error.retryable).toBe(false);
    expect(update.error.message).toContain(fragment);
    expect(update.error.message).toMatch(/^Runflow/);
  });

  it.each(["canceled", "cancelled"])("%s ends as canceled", (status) => {
    const update = parseRunflowRun(run({ status_code: status }));
    expect(update.state === "failed" && update.error.code).toBe("canceled");
  });

  it("the documented run object parses", () => {
    const documented = {
      id: "run_abc",
      status_code: "queued",
      input: { prompt: "p" },
      output: null,
      cost: "0.04",
      duration_ms: null,
      failure_code: null,
      failure_message: null,
      failure_stage_code: null,
      created_at: "2026-01-01T00:00:00Z",
      started_at: null,
      completed_at: null,
      metadata: {},
    };
    expect(runflowRun.safeParse(documented).success).toBe(true);
    expect(runflowRun.safeParse({ status_code: "queued" }).success).toBe(false);
  });
});

describe("parseRunflowCost", () => {
  it.each([
    ["0.04", 0.04],
    ["0.120", 0.12],
    [0.06, 0.06],
    ["", null],
    [null, null],
    [undefined, null],
    ["n/a", null],
    ["-1", null],
  ] as const)("%j -> %s", (cost, usd) => {
    expect(parseRunflowCost(cost)).toBe(usd);
  });
});

describe("runflowHttpError", () => {
  const err = (status: number, json: unknown, headers: Record<string, string> = {}, text?: string) =>
    runflowHttpError(status, json, text ?? (json === undefined ? "" : JSON.stringify(json)), new Headers(headers));

  it.each([
    [401, { code: "UNAUTHORIZED", message: "Missing or invalid API key", errors: [] }, "auth", false, "Missing or invalid API key (UNAUTHORIZED)"],
    [402, { code: "INSUFFICIENT_CREDIT", message: "Insufficient credit", errors: [] }, "insufficient_credits", false, "INSUFFICIENT_CREDIT"],
    [403, { code: "PERMISSION_DENIED", message: "No access to this model", errors: [] }, "auth", false, "PERMISSION_DENIED"],
    [403, { code: "EMAIL_NOT_VERIFIED", message: "Verify your email", errors: [] }, "auth", false, "Verify your email"],
    [404, { code: "RUN_NOT_FOUND", message: "Run not found", errors: [] }, "provider_error", false, "RUN_NOT_FOUND"],
    [409, { code: "CONFLICT", message: "A run with this client_ref exists", errors: [] }, "provider_error", false, "client_ref"],
    [429, { code: "RATE_LIMITED", message: "Too many requests", errors: [] }, "rate_limited", true, "Too many requests"],
    [500, { code: "INTERNAL_ERROR", message: "An internal error occurred", errors: [] }, "provider_error", true, "INTERNAL_ERROR"],
    [503, { code: "MODEL_UNAVAILABLE", message: "The model is temporarily unavailable", errors: [] }, "provider_error", true, "MODEL_UNAVAILABLE"],
  ] as const)("HTTP %i %j -> %s", (status, json, code, retryable, fragment) => {
    const e = err(status, json);
    expect(e).toBeInstanceOf(ProviderError);
    expect(e.code).toBe(code);
    expect(e.status).toBe(status);
    expect(e.retryable).toBe(retryable);
    expect(e.message).toContain(fragment);
    expect(e.message).toContain(`HTTP ${status}`);
  });

  it("422 lists each field error", () => {
    const e = err(422, {
      code: "VALIDATION_ERROR",
      message: "Invalid input",
      errors: [
        { field: "input.image_size.width", message: "Input should be a multiple of 32" },
        { field: "input.num_images", message: "Input should be less than or equal to 4" },
      ],
    });
    expect(e.code).toBe("invalid_params");
    expect(e.message).toContain("Invalid input; input.image_size.width: Input should be a multiple of 32; input.num_images: Input should be less than or equal to 4 (VALIDATION_ERROR)");
  });

  it("takes the pause from Retry-After, else from retry_after in the body", () => {
    expect(err(429, { code: "RATE_LIMITED", message: "x" }, { "Retry-After": "3" }).retryAfterMs).toBe(3000);
    expect(err(429, { code: "RATE_LIMITED", message: "x", retry_after: 2 }).retryAfterMs).toBe(2000);
    expect(err(429, { code: "RATE_LIMITED", message: "x" }).retryAfterMs).toBeNull();
  });

  it("a non-JSON body keeps its text", () => {
    const e = err(502, undefined, {}, "<html>502 Bad Gateway</html>");
    expect(e.retryable).toBe(true);
    expect(e.message).toContain("502 Bad Gateway");
  });
});
