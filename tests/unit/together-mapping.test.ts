import { describe, expect, it } from "vitest";
import { getModel, parseParams, type ParamsOf } from "@/lib/models";
import { paramWarnings } from "@/lib/providers/capabilities";
import { imagesResponse, readyImagesOf } from "@/lib/providers/dialects/openai-images/wire";
import { togetherAdapter } from "@/lib/providers/together";
import { disablesSafetyChecker, safetyWarning } from "@/lib/providers/together/models";
import { togetherHttpError } from "@/lib/providers/together/wire";

const PRO = "flux-pro-1.1" as const;
const CTX = { baseUrl: "https://api.together.xyz", apiKey: "tg-test-key", requestKey: "gen-1" };
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const PNG_DATA_URL = `data:image/png;base64,${PNG_BASE64}`;

function params(raw: Record<string, unknown> = {}): ParamsOf<typeof PRO> {
  const result = parseParams(PRO, { prompt: "a red fox in the snow", ...raw });
  if (!result.ok) throw new Error(`bad test params: ${JSON.stringify(result.issues)}`);
  return result.data;
}

const requests = (raw: Record<string, unknown> = {}) => togetherAdapter.buildRequests(PRO, params(raw), CTX);
const body = (raw: Record<string, unknown> = {}) => requests(raw)[0].body as Record<string, unknown>;

describe("togetherAdapter.buildRequests", () => {
  it.each([
    ["https://api.together.xyz", "https://api.together.xyz/v1/images/generations"],
    ["https://api.together.xyz/", "https://api.together.xyz/v1/images/generations"],
    ["https://api.together.ai/", "https://api.together.ai/v1/images/generations"],
    ["http://localhost:3000/api/sandbox/together", "http://localhost:3000/api/sandbox/together/v1/images/generations"],
  ])("at %s posts to %s", (baseUrl, url) => {
    const [request] = togetherAdapter.buildRequests(PRO, params(), { ...CTX, baseUrl });
    expect(request.method).toBe("POST");
    expect(request.url).toBe(url);
  });

  it("sends the key as a Bearer token, with JSON headers", () => {
    expect(requests()[0].headers).toEqual({ Authorization: "Bearer tg-test-key", "Content-Type": "application/json", accept: "application/json" });
    expect(togetherAdapter.secretHeaders).toEqual(["authorization"]);
  });

  it("sends the documented body: width/height, n, formats, the safety checker flag", () => {
    expect(body({ width: 1440, height: 608, seed: 7, output_format: "png" })).toEqual({
      model: "black-forest-labs/FLUX.1.1-pro",
      prompt: "a red fox in the snow",
      width: 1440,
      height: 608,
      n: 1,
      seed: 7,
      response_format: "url",
      output_format: "png",
      disable_safety_checker: false,
    });
  });

  it("sends no seed key without a seed, and never safety_tolerance or prompt_upsampling", () => {
    const sent = body({ prompt_upsampling: true, safety_tolerance: 6 });
    expect(sent).not.toHaveProperty("seed");
    expect(sent).not.toHaveProperty("safety_tolerance");
    expect(sent).not.toHaveProperty("prompt_upsampling");
  });

  it("renames image_prompt to image_url, as the data: URL it arrives as", () => {
    expect(body({ image_prompt: PNG_DATA_URL }).image_url).toBe(PNG_DATA_URL);
    expect(body({ image_prompt: PNG_DATA_URL })).not.toHaveProperty("image_prompt");
    expect(body()).not.toHaveProperty("image_url");
  });

  it.each([
    [0, false],
    [1, false],
    [2, false],
    [3, false],
    [4, false],
    [5, true],
    [6, true],
  ])("safety_tolerance %i -> disable_safety_checker %s", (tolerance, disabled) => {
    expect(disablesSafetyChecker(tolerance)).toBe(disabled);
    expect(body({ safety_tolerance: tolerance }).disable_safety_checker).toBe(disabled);
  });

  it("refuses Ultra, which Together does not serve", () => {
    const ultra = parseParams("flux-pro-1.1-ultra", { prompt: "x" });
    if (!ultra.ok) throw new Error("bad params");
    expect(() => togetherAdapter.buildRequests("flux-pro-1.1-ultra", ultra.data, CTX)).toThrow(/Ultra/);
    expect(togetherAdapter.models).toEqual([PRO, "flux-schnell", "flux-kontext-pro", "flux-2-pro"]);
    expect(togetherAdapter.capabilities["flux-pro-1.1-ultra"]).toBeUndefined();
  });
});

describe("FLUX.1 on Together", () => {
  const schnell = (raw: Record<string, unknown> = {}) => {
    const parsed = parseParams("flux-schnell", { prompt: "a red fox in the snow", ...raw });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.data;
  };

  it("sends [schnell] as FLUX.1-schnell with width/height, steps, n and its checker inverted", () => {
    const [request] = togetherAdapter.buildRequests("flux-schnell", schnell({ width: 1440, height: 608, steps: 2, num_images: 3, seed: 7, safety_checker: false }), CTX);
    expect(request.body).toEqual({
      model: "black-forest-labs/FLUX.1-schnell",
      prompt: "a red fox in the snow",
      width: 1440,
      height: 608,
      steps: 2,
      disable_safety_checker: true,
      n: 3,
      seed: 7,
      response_format: "url",
      output_format: "jpeg",
    });
  });

  it("sends [schnell]'s 4 steps and the checker on by default (Together's own steps default is 20)", () => {
    const [request] = togetherAdapter.buildRequests("flux-schnell", schnell(), CTX);
    expect(request.body).toMatchObject({ steps: 4, disable_safety_checker: false });
  });

  it("does not serve FLUX.1 [dev] (dedicated endpoints only)", () => {
    const dev = parseParams("flux-dev", { prompt: "x" });
    if (!dev.ok) throw new Error("bad params");
    expect(() => togetherAdapter.buildRequests("flux-dev", dev.data, CTX)).toThrow();
    expect(togetherAdapter.capabilities["flux-dev"]).toBeUndefined();
  });

  it("covers every parameter of [schnell], with no warning for its defaults, and prices it per image", () => {
    expect(Object.keys(togetherAdapter.capabilities["flux-schnell"]!).sort()).toEqual(Object.keys(getModel("flux-schnell").schema.shape).sort());
    expect(paramWarnings(togetherAdapter.capabilities["flux-schnell"], schnell())).toEqual([]);
    expect(togetherAdapter.prices.find((r) => r.model === "flux-schnell")).toMatchObject({ unit: "image", usd: 0.0027 });
  });
});

describe("FLUX.1 Kontext [pro] on Together", () => {
  const kontext = (raw: Record<string, unknown> = {}) => {
    const parsed = parseParams("flux-kontext-pro", { prompt: "a red fox in the snow", input_image: PNG_DATA_URL, ...raw });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.data;
  };
  const sent = (raw: Record<string, unknown> = {}) => togetherAdapter.buildRequests("flux-kontext-pro", kontext(raw), CTX)[0].body;

  it("sends FLUX.1-kontext-pro with the input image as image_url and no size when no ratio is asked (the input's shape)", () => {
    expect(sent()).toEqual({
      model: "black-forest-labs/FLUX.1-kontext-pro",
      prompt: "a red fox in the snow",
      image_url: PNG_DATA_URL,
      disable_safety_checker: false,
      n: 1,
      response_format: "url",
      output_format: "jpeg",
    });
  });

  it("with every field set: aspect_ratio as asked, n, seed; a permissive tolerance turns the checker off; no upsampling", () => {
    const raw = { aspect_ratio: "3:2", num_images: 2, seed: 8, safety_tolerance: 6, prompt_upsampling: true, output_format: "png" };
    expect(sent(raw)).toEqual({
      model: "black-forest-labs/FLUX.1-kontext-pro",
      prompt: "a red fox in the snow",
      image_url: PNG_DATA_URL,
      aspect_ratio: "3:2",
      disable_safety_checker: true,
      n: 2,
      seed: 8,
      response_format: "url",
      output_format: "png",
    });
    expect(paramWarnings(togetherAdapter.capabilities["flux-kontext-pro"], kontext(raw))).toEqual([
      "seed: one seed is sent for the whole batch: only the first image is known to use it (not seed + n per image)",
      "safety_tolerance: Together has only an on/off safety checker: 6 is sent as disable_safety_checker: true, which Together may ignore for FLUX pro models",
      "prompt_upsampling: Together has no prompt upsampling for Kontext: not sent",
    ]);
  });

  it("covers every parameter, marks the inline image and the size field unconfirmed, and prices $0.04 as a guess", () => {
    const caps = togetherAdapter.capabilities["flux-kontext-pro"]!;
    expect(Object.keys(caps).sort()).toEqual(Object.keys(getModel("flux-kontext-pro").schema.shape).sort());
    expect(caps.input_image!.note).toMatch(/unconfirmed/);
    expect(caps.aspect_ratio!.note).toMatch(/unconfirmed/);
    expect(togetherAdapter.prices.find((r) => r.model === "flux-kontext-pro")).toMatchObject({ unit: "image", usd: 0.04, note: expect.stringMatching(/^Unconfirmed/) });
  });
});

describe("FLUX.2 [pro] on Together", () => {
  const F2 = "flux-2-pro" as const;
  const flux2 = (raw: Record<string, unknown> = {}) => {
    const parsed = parseParams(F2, { prompt: "a red fox in the snow", ...raw });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.data;
  };
  const sent = (raw: Record<string, unknown> = {}) => togetherAdapter.buildRequests(F2, flux2(raw), CTX);

  it("sends FLUX.2-pro with the model's default size and no references when none are given", () => {
    const requests = sent();
    expect(requests).toHaveLength(1);
    expect(requests[0].body).toEqual({
      model: "black-forest-labs/FLUX.2-pro",
      prompt: "a red fox in the snow",
      width: 1024,
      height: 1024,
      disable_safety_checker: false,
      n: 1,
      response_format: "url",
      output_format: "jpeg",
    });
    expect(paramWarnings(togetherAdapter.capabilities[F2], flux2())).toEqual([]);
  });

  it("with every field set: references in order as reference_images, size, n, seed; tolerance 5 turns the checker off; upsampling off is not sent", () => {
    const raw = { input_images: [PNG_DATA_URL, "data:image/jpeg;base64,QUFB"], width: 1440, height: 1088, num_images: 3, seed: 9, safety_tolerance: 5, prompt_upsampling: false, output_format: "png" };
    expect(sent(raw)[0].body).toEqual({
      model: "black-forest-labs/FLUX.2-pro",
      prompt: "a red fox in the snow",
      width: 1440,
      height: 1088,
      reference_images: [PNG_DATA_URL, "data:image/jpeg;base64,QUFB"],
      disable_safety_checker: true,
      n: 3,
      seed: 9,
      response_format: "url",
      output_format: "png",
    });
    expect(paramWarnings(togetherAdapter.capabilities[F2], flux2(raw))).toEqual([
      "seed: one seed is sent for the whole batch: only the first image is known to use it (not seed + n per image)",
      "safety_tolerance: Together has only an on/off safety checker: 5 is sent as disable_safety_checker: true, which Together may ignore for FLUX pro models",
      "prompt_upsampling: Together's FLUX.2 cannot turn prompt upsampling off: not sent, the host's default applies",
    ]);
  });

  it("covers every parameter, marks inline references unconfirmed, and prices BFL's per-MP tiers as a guess", () => {
    const caps = togetherAdapter.capabilities[F2]!;
    expect(Object.keys(caps).sort()).toEqual(Object.keys(getModel(F2).schema.shape).sort());
    expect(caps.input_images).toMatchObject({ wire: "reference_images", note: expect.stringMatching(/unconfirmed/) });
    expect(togetherAdapter.prices.find((r) => r.model === F2)).toMatchObject({
      unit: "megapixel",
      usd: 0.03,
      extraMpUsd: 0.015,
      inputMpUsd: 0.015,
      mpPixels: 1024 * 1024,
      note: expect.stringMatching(/^Unconfirmed/),
    });
  });
});

describe("Together capabilities", () => {
  const warnings = (raw: Record<string, unknown>) => paramWarnings(togetherAdapter.capabilities[PRO], params(raw));

  it("covers every canonical parameter of FLUX 1.1 [pro]", () => {
    expect(Object.keys(togetherAdapter.capabilities[PRO]!).sort()).toEqual(Object.keys(getModel(PRO).schema.shape).sort());
  });

  it("has no warning for the defaults", () => {
    expect(warnings({})).toEqual([]);
  });

  it.each([
    [0, "0 is sent as the checker on (disable_safety_checker: false)"],
    [4, "4 is sent as the checker on (disable_safety_checker: false)"],
    [5, "5 is sent as disable_safety_checker: true"],
    [6, "6 is sent as disable_safety_checker: true, which Together may ignore for FLUX pro models"],
  ])("warns how safety_tolerance %i is converted", (tolerance, fragment) => {
    const [warning] = warnings({ safety_tolerance: tolerance });
    expect(warning).toContain("safety_tolerance: Together has only an on/off safety checker");
    expect(warning).toContain(fragment);
    expect(safetyWarning(tolerance)).toContain(fragment);
  });

  it("warns that prompt upsampling is dropped, only when it is on", () => {
    expect(warnings({ prompt_upsampling: true })).toEqual(["prompt_upsampling: Together has no prompt upsampling for FLUX 1.1 [pro]: not sent"]);
    expect(warnings({ prompt_upsampling: false })).toEqual([]);
  });

  it("warns that a batch shares one seed", () => {
    expect(warnings({ seed: 1, num_images: 4 })).toEqual([
      "seed: one seed is sent for the whole batch: only the first image is known to use it (not seed + n per image)",
    ]);
  });

  it("describes each conversion with the wire field", () => {
    const caps = togetherAdapter.capabilities[PRO]!;
    expect([caps.safety_tolerance.treatment, caps.safety_tolerance.wire]).toEqual(["converted", "disable_safety_checker"]);
    expect([caps.image_prompt.treatment, caps.image_prompt.wire]).toEqual(["renamed", "image_url"]);
    expect([caps.num_images.treatment, caps.num_images.wire]).toEqual(["renamed", "n"]);
    expect(caps.prompt_upsampling.treatment).toBe("dropped");
  });
});

describe("Together answers (H)", () => {
  // The real recorded answer (FLUX.1-schnell, same endpoint), from PROVIDERS.md H.
  const RECORDED = {
    id: "oHpD53L-2kFHot-998e0de9fe14d8a1-SEA",
    model: "black-forest-labs/FLUX.1.1-pro",
    object: "list",
    data: [{ index: 0, url: "https://api.together.ai/shrt/fFbG3zT1MyXkcYlS", timings: { inference: 0.11 } }],
  };

  it("reads the recorded body", () => {
    const parsed = imagesResponse.parse(RECORDED);
    expect(parsed.id).toBe(RECORDED.id);
    expect(readyImagesOf(parsed, { seed: 3 })).toEqual([{ url: "https://api.together.ai/shrt/fFbG3zT1MyXkcYlS", seed: 3 }]);
  });

  it("orders images by index and makes b64_json a data: URL", () => {
    const parsed = imagesResponse.parse({
      ...RECORDED,
      data: [
        { index: 1, b64_json: "/9j/4AAQ", timings: {} },
        { index: 0, b64_json: PNG_BASE64, type: "b64_json" },
      ],
    });
    expect(readyImagesOf(parsed, { output_format: "png" })).toEqual([
      { url: PNG_DATA_URL, seed: null },
      { url: "data:image/jpeg;base64,/9j/4AAQ", seed: null },
    ]);
  });
});

describe("togetherHttpError (H)", () => {
  const tg = (message: string, type: string, code: string | null, param: string | null = null) => ({ id: "x-1-SEA", error: { message, type, param, code } });
  const err = (status: number, json: unknown, headers: Record<string, string> = {}, text?: string) =>
    togetherHttpError(status, json, text ?? JSON.stringify(json ?? ""), new Headers(headers));

  it.each([
    [
      401,
      tg("Invalid API key provided. You can find your API key at https://api.together.ai/settings/api-keys.", "invalid_request_error", "invalid_api_key"),
      "auth",
      false,
      "Invalid API key provided",
    ],
    [
      404,
      tg("Unable to access model bad model. Please visit https://api.together.ai/models to view the list of supported models.", "invalid_request_error", "model_not_available"),
      "provider_error",
      false,
      "model_not_available",
    ],
    [402, tg("Credit limit exceeded", "credit_limit", null), "insufficient_credits", false, "Credit limit exceeded"],
    [429, tg("You have reached the rate limit", "model_rate_limit", "rate_limit_exceeded"), "rate_limited", true, "reached the rate limit"],
    [422, tg("NSFW content detected by the safety checker", "invalid_request_error", null, "prompt"), "moderated_request", false, "NSFW"],
    [422, tg("width must be a multiple of 32", "invalid_request_error", null, "width"), "invalid_params", false, "param width"],
    [422, tg("disable_safety_checker must be a boolean", "invalid_request_error", null, "disable_safety_checker"), "invalid_params", false, "must be a boolean"],
    [400, tg("n must be between 1 and 4", "invalid_request_error", null, "n"), "invalid_params", false, "n must be between 1 and 4"],
    [500, tg("Internal server error", "server_error", null), "provider_error", true, "Internal server error"],
    [503, tg("The server is overloaded or not ready yet.", "server_error", null), "provider_error", true, "overloaded"],
  ])("HTTP %i -> %s", (status, json, code, retryable, fragment) => {
    const e = err(status, json);
    expect([e.code, e.status, e.retryable]).toEqual([code, status, retryable]);
    expect(e.message).toContain(fragment);
    expect(e.message).toContain(`HTTP ${status}`);
  });

  it("points an auth failure at TOGETHER_API_KEY", () => {
    expect(err(401, tg("Invalid API key provided.", "invalid_request_error", "invalid_api_key")).message).toContain("TOGETHER_API_KEY");
  });

  it("takes Retry-After from a 429", () => {
    expect(err(429, tg("slow down", "model_rate_limit", null), { "retry-after": "2" }).retryAfterMs).toBe(2000);
  });

  it("keeps a plain-text 401 (Together's models endpoint answers so)", () => {
    const e = err(401, undefined, {}, "Unauthorized\nget a new API key at https://api.together.ai/settings/api-keys");
    expect(e.code).toBe("auth");
    expect(e.message).toContain("get a new API key");
  });
});
