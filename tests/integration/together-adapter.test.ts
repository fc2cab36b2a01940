import { describe, expect, it } from "vitest";
import OpenAI, { AuthenticationError, NotFoundError } from "openai";
import { downloadFile, sendRequest } from "@/lib/providers/http";
import { togetherAdapter } from "@/lib/providers/together";
import type { AdapterContext, HttpRequest } from "@/lib/providers/types";
import { FAULT_HEADER, LATENCY_HEADER } from "@/lib/sandbox/faults";
import { errorOf, metaOf, readyOf, useAdapterHarness } from "./helpers/adapter-harness";

/** Together's adapter, and OpenAI's official client, against Together's sandbox over real HTTP. */
const harness = useAdapterHarness(togetherAdapter);
const { server, ctx, submitError } = harness;

/** Together serves FLUX 1.1 [pro] only. */
const request = (params: Record<string, unknown>, c: AdapterContext): HttpRequest => harness.request("flux-pro-1.1", params, c);

const withBody = (built: HttpRequest, patch: Record<string, unknown>): HttpRequest => ({ ...built, body: { ...(built.body as object), ...patch } });

describe("Together adapter against the Together sandbox", () => {
  it("generates a FLUX 1.1 [pro] batch of the requested size and format in one synchronous call", async () => {
    const c = ctx();
    const submitted = await togetherAdapter.submit(request({ prompt: "a lighthouse", width: 512, height: 384, seed: 11, num_images: 3, output_format: "png" }, c), c);
    const ready = readyOf(submitted.immediate);
    expect(submitted.handle.taskId).toMatch(/^[\w-]{7}-[\w-]{6}-[0-9a-f]{16}-SEA$/);
    expect(submitted.billedUsd).toBeNull();
    expect(ready.images.map((i) => i.seed)).toEqual([11, null, null]);
    for (const image of ready.images) {
      expect(image.url).toMatch(new RegExp(`^${server.baseUrl("together")}/shrt/`));
      expect(await metaOf(await downloadFile(image.url, c))).toEqual(["png", 512, 384]);
    }
  });

  it("answers with Together's shape: id, model, object list, data with index and timings", async () => {
    const c = ctx();
    const res = await sendRequest(request({ prompt: "shape", width: 256, height: 256, num_images: 2 }, c), c);
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "application/json; charset=utf-8"]);
    const body = res.json as { object: string; model: string; data: { index: number; url: string; timings: { inference: number } }[] };
    expect([body.object, body.model]).toEqual(["list", "black-forest-labs/FLUX.1.1-pro"]);
    expect(body.data.map((d) => d.index)).toEqual([0, 1]);
    expect(body.data[0].timings.inference).toBeGreaterThan(0);
  });

  it("serves its short links as redirects, refusing an empty User-Agent", async () => {
    const c = ctx();
    const [image] = readyOf((await togetherAdapter.submit(request({ prompt: "x", width: 256, height: 256 }, c), c)).immediate).images;
    const redirect = await fetch(image.url, { redirect: "manual" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toMatch(/\/files\/.+\.jpeg$/);
    expect((await fetch(image.url, { headers: { "user-agent": "" } })).status).toBe(403);
  });

  it("keeps the result URLs in the handle: a poll after a restart gives them again", async () => {
    const c = ctx();
    const submitted = await togetherAdapter.submit(request({ prompt: "resume", width: 256, height: 256 }, c), c);
    const polled = readyOf(await togetherAdapter.poll(JSON.parse(JSON.stringify(submitted.handle)), c));
    expect(polled.images).toEqual(readyOf(submitted.immediate).images);
  });

  it.each(["base64", "b64_json"])("answers response_format %s with the image inline", async (format) => {
    const c = ctx();
    const submitted = await togetherAdapter.submit(withBody(request({ prompt: "inline", width: 1440, height: 608 }, c), { response_format: format }), c);
    const [image] = readyOf(submitted.immediate).images;
    expect(image.url.startsWith("data:image/jpeg;base64,")).toBe(true);
    expect(await metaOf(await downloadFile(image.url, c))).toEqual(["jpeg", 1440, 608]);
  });

  it("answers a missing key with 401 invalid_api_key, mapped to auth", async () => {
    const error = await submitError(ctx({}, ""));
    expect([error.code, error.status]).toEqual(["auth", 401]);
    expect(error.message).toContain("Invalid API key provided");
    expect(error.message).toContain("invalid_api_key");
  });

  it("refuses a width Together would refuse with 400 naming the parameter", async () => {
    const c = ctx();
    const error = await errorOf(togetherAdapter.submit(withBody(request({ prompt: "x" }, c), { width: 1000 }), c));
    expect([error.code, error.status]).toEqual(["invalid_params", 400]);
    expect(error.message).toContain("width must be a multiple of 32 (param width)");
  });

  it("answers Ultra's model with 404 model_not_available, a final error", async () => {
    const c = ctx();
    const error = await errorOf(togetherAdapter.submit(withBody(request({ prompt: "x" }, c), { model: "black-forest-labs/FLUX.1.1-pro-ultra" }), c));
    expect([error.code, error.status, error.retryable]).toEqual(["provider_error", 404, false]);
    expect(error.message).toContain("Unable to access model black-forest-labs/FLUX.1.1-pro-ultra");
  });

  it("lists FLUX 1.1 [pro], FLUX.1 [schnell], Kontext [pro] and FLUX.2 [pro] among its models, not [dev] (dedicated-only)", async () => {
    const res = await sendRequest({ method: "GET", url: `${server.baseUrl("together")}/v1/models`, headers: { Authorization: "Bearer sandbox-key" } }, ctx());
    expect((res.json as { id: string }[]).map((m) => m.id)).toEqual(["black-forest-labs/FLUX.1.1-pro", "black-forest-labs/FLUX.1-schnell", "black-forest-labs/FLUX.1-kontext-pro", "black-forest-labs/FLUX.2-pro"]);
  });

  it.each([
    ["auth", "auth", 401, false, "invalid_api_key"],
    ["credits", "insufficient_credits", 402, false, "Credit limit exceeded"],
    ["rate_limit", "rate_limited", 429, true, "rate limit"],
    ["server_error", "provider_error", 500, true, "Internal server error"],
    ["unavailable", "provider_error", 503, true, "overloaded"],
    ["validation", "invalid_params", 400, false, "param prompt"],
    ["moderated", "moderated_request", 422, false, "safety checker"],
    ["malformed", "provider_error", 200, false, "not understood"],
  ] as const)("maps the injected fault %s to %s", async (fault, code, status, retryable, fragment) => {
    const error = await submitError(ctx({ [FAULT_HEADER]: fault }));
    expect([error.code, error.status, error.retryable]).toEqual([code, status, retryable]);
    expect(error.message).toContain(fragment);
  });

  it("passes on Retry-After from a 429", async () => {
    expect((await submitError(ctx({ [FAULT_HEADER]: "rate_limit" }))).retryAfterMs).toBe(1000);
  });
});

describe("OpenAI's official client against the Together sandbox", () => {
  const client = (headers: Record<string, string> = {}) =>
    new OpenAI({ apiKey: "x", baseURL: `${server.baseUrl("together")}/v1`, defaultHeaders: { [LATENCY_HEADER]: "150", ...headers }, maxRetries: 0 });

  it("images.generate with Together's width/height returns URLs of images of that size", async () => {
    const params = { model: "black-forest-labs/FLUX.1.1-pro", prompt: "a lighthouse", n: 2, width: 768, height: 512, seed: 4 };
    const result = await client().images.generate(params);
    expect(result.data).toHaveLength(2);
    for (const item of result.data!) {
      const res = await fetch(item.url!);
      expect([res.status, res.redirected, res.headers.get("content-type")]).toEqual([200, true, "image/jpeg"]);
      expect(await metaOf(Buffer.from(await res.arrayBuffer()))).toEqual(["jpeg", 768, 512]);
    }
  });

  it("images.generate with b64_json returns the image inline", async () => {
    const params = { model: "black-forest-labs/FLUX.1.1-pro", prompt: "inline", n: 1, response_format: "b64_json" as const, output_format: "png" as const, width: 512, height: 512 };
    const [item] = (await client().images.generate(params)).data!;
    expect(item.url).toBeUndefined();
    expect(await metaOf(Buffer.from(item.b64_json!, "base64"))).toEqual(["png", 512, 512]);
  });

  it("surfaces an auth fault as the client's AuthenticationError with Together's message", async () => {
    const error = await client({ [FAULT_HEADER]: "auth" })
      .images.generate({ model: "black-forest-labs/FLUX.1.1-pro", prompt: "x" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    const e = error as AuthenticationError;
    expect([e.status, e.code, e.type]).toEqual([401, "invalid_api_key", "invalid_request_error"]);
    expect(e.message).toBe("401 Invalid API key provided. You can find your API key at https://api.together.ai/settings/api-keys.");
  });

  it("surfaces an unserved model as NotFoundError", async () => {
    const error = await client().images.generate({ model: "black-forest-labs/FLUX.1.1-pro-ultra", prompt: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe("model_not_available");
  });

  it("refuses FLUX.1-dev as model_not_available, and FLUX.1-schnell past its steps", async () => {
    const dev = await client().images.generate({ model: "black-forest-labs/FLUX.1-dev", prompt: "x" }).catch((e: unknown) => e);
    expect(dev).toBeInstanceOf(NotFoundError);
    const tooMany = await client()
      .images.generate({ model: "black-forest-labs/FLUX.1-schnell", prompt: "x", steps: 13 } as OpenAI.ImageGenerateParamsNonStreaming)
      .catch((e: unknown) => e);
    expect((tooMany as { status?: number }).status).toBe(400);
  });
});
