import { describe, expect, it } from "vitest";
import OpenAI, { AuthenticationError, BadRequestError } from "openai";
import { downloadFile, sendRequest } from "@/lib/providers/http";
import { lumenfallAdapter } from "@/lib/providers/lumenfall";
import { FAULT_HEADER, LATENCY_HEADER } from "@/lib/sandbox/faults";
import { errorOf, metaOf, readyOf, useAdapterHarness } from "./helpers/adapter-harness";

/** Lumenfall's adapter, and OpenAI's official client, against Lumenfall's sandbox over real HTTP. */
const { server, ctx, request, submitError } = useAdapterHarness(lumenfallAdapter);

describe("Lumenfall adapter against the Lumenfall sandbox", () => {
  it("generates a FLUX 1.1 [pro] batch in one synchronous call, at the supported size it snaps to", async () => {
    const c = ctx();
    const submitted = await lumenfallAdapter.submit(request("flux-pro-1.1", { prompt: "a lighthouse", width: 1024, height: 768, seed: 7, num_images: 2, output_format: "png" }, c), c);
    const ready = readyOf(submitted.immediate);
    expect(submitted.billedUsd).toBeNull();
    expect(submitted.handle.taskId).toMatch(/^req_[0-9a-f]{24}$/);
    expect(ready.images.map((i) => i.seed)).toEqual([7, null]);
    for (const image of ready.images) {
      expect(image.url).toMatch(new RegExp(`^${server.baseUrl("lumenfall")}/files/.+\\.png\\?se=`));
      expect(await metaOf(await downloadFile(image.url, c))).toEqual(["png", 1183, 887]);
    }
    // The two images of a batch differ (seed + i in the sandbox).
    const [a, b] = await Promise.all(ready.images.map((i) => downloadFile(i.url, c)));
    expect(a.equals(b)).toBe(false);
  });

  it.each([
    ["flux-dev", "flux.1-dev", { steps: 20, guidance: 4 }],
    ["flux-schnell", "flux.1-schnell", { steps: 2 }],
  ] as const)("generates %s as %s at the supported size it snaps to", async (model, name, extra) => {
    const c = ctx();
    const built = request(model, { prompt: "a heron", width: 1344, height: 768, num_images: 2, ...extra }, c);
    expect((built.body as { model: string }).model).toBe(name);
    const ready = readyOf((await lumenfallAdapter.submit(built, c)).immediate);
    expect(ready.images).toHaveLength(2);
    for (const image of ready.images) expect(await metaOf(await downloadFile(image.url, c))).toEqual(["jpeg", 1365, 768]);
  });

  it("refuses FLUX.1 [schnell] steps past fal's range as INVALID_REQUEST", async () => {
    const c = ctx();
    const built = request("flux-schnell", { prompt: "x", width: 1024, height: 1024 }, c);
    const error = await errorOf(lumenfallAdapter.submit({ ...built, body: { ...(built.body as object), num_inference_steps: 13 } }, c));
    expect(error.code).toBe("invalid_params");
  });

  it("generates an Ultra 21:9 raw image at 3136×1344", async () => {
    const c = ctx();
    const submitted = await lumenfallAdapter.submit(request("flux-pro-1.1-ultra", { prompt: "a canyon", aspect_ratio: "21:9", raw: true, seed: 3 }, c), c);
    const [image] = readyOf(submitted.immediate).images;
    expect(await metaOf(await downloadFile(image.url, c))).toEqual(["jpeg", 3136, 1344]);
  });

  it("keeps the result URLs in the handle: a poll after a restart gives them again", async () => {
    const c = ctx();
    const submitted = await lumenfallAdapter.submit(request("flux-pro-1.1", { prompt: "resume", width: 1024, height: 1024 }, c), c);
    const handle = JSON.parse(JSON.stringify(submitted.handle));
    const polled = readyOf(await lumenfallAdapter.poll(handle, c));
    expect(polled.images).toEqual(readyOf(submitted.immediate).images);
    expect(await metaOf(await downloadFile(polled.images[0].url, c))).toEqual(["jpeg", 1024, 1024]);
  });

  it("answers b64_json with the image inline, which the adapter gives as a data: URL", async () => {
    const c = ctx();
    const built = request("flux-pro-1.1", { prompt: "inline", width: 768, height: 1344, output_format: "png" }, c);
    const submitted = await lumenfallAdapter.submit({ ...built, body: { ...(built.body as object), response_format: "b64_json" } }, c);
    const [image] = readyOf(submitted.immediate).images;
    expect(image.url.startsWith("data:image/png;base64,")).toBe(true);
    expect(submitted.handle).not.toHaveProperty("images");
    expect(await metaOf(await downloadFile(image.url, c))).toEqual(["png", 768, 1365]);
  });

  it("sends Lumenfall's own headers with the answer", async () => {
    const c = ctx();
    const res = await sendRequest(request("flux-pro-1.1-ultra", { prompt: "headers" }, c), c);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-lumenfall-model")).toBe("flux1.1-pro-ultra");
    expect(res.headers.get("x-lumenfall-request-id")).toMatch(/^req_/);
    expect(Object.keys(res.json as object).sort()).toEqual(["created", "data"]);
  });

  it.each([
    ["no key", ""],
    ["a key in another scheme", "Key sandbox-key"],
  ])("answers %s with 401 AUTHENTICATION_FAILED, mapped to auth", async (_label, authorization) => {
    const c = ctx();
    const built = request("flux-pro-1.1", { prompt: "x" }, c);
    const raw = { ...built, headers: { ...built.headers, Authorization: authorization } };
    const error = await errorOf(lumenfallAdapter.submit(raw, c));
    expect([error.code, error.status]).toEqual(["auth", 401]);
    expect(error.message).toContain("Invalid API key (AUTHENTICATION_FAILED)");
  });

  it("refuses a size it cannot read with 400 INVALID_REQUEST naming the parameter", async () => {
    const c = ctx();
    const built = request("flux-pro-1.1", { prompt: "x" }, c);
    const error = await errorOf(lumenfallAdapter.submit({ ...built, body: { ...(built.body as object), size: "big" } }, c));
    expect([error.code, error.status]).toEqual(["invalid_params", 400]);
    expect(error.message).toContain("param size");
  });

  it("refuses an Ultra ratio beyond 21:9", async () => {
    const c = ctx();
    const built = request("flux-pro-1.1-ultra", { prompt: "x" }, c);
    const error = await errorOf(lumenfallAdapter.submit({ ...built, body: { ...(built.body as object), aspect_ratio: "22:9" } }, c));
    expect(error.code).toBe("invalid_params");
    expect(error.message).toContain("21:9");
  });

  it("answers an unknown model with 404 MODEL_NOT_FOUND, a final error", async () => {
    const c = ctx();
    const built = request("flux-pro-1.1", { prompt: "x" }, c);
    const error = await errorOf(lumenfallAdapter.submit({ ...built, body: { ...(built.body as object), model: "flux9-pro" } }, c));
    expect([error.code, error.status, error.retryable]).toEqual(["provider_error", 404, false]);
    expect(error.message).toContain("Model 'flux9-pro' not found (MODEL_NOT_FOUND");
  });

  it.each([
    ["auth", "auth", 401, false, "AUTHENTICATION_FAILED"],
    ["credits", "insufficient_credits", 402, false, "Insufficient balance: $0.04 required, $0.00 available"],
    ["rate_limit", "rate_limited", 429, true, "RATE_LIMITED"],
    ["server_error", "provider_error", 502, true, "ALL_PROVIDERS_EXHAUSTED"],
    ["unavailable", "provider_error", 503, true, "UPSTREAM_ERROR"],
    ["validation", "invalid_params", 400, false, "param prompt"],
    // One code for both sides: the upstream's words say which was flagged.
    ["request_moderated", "moderated_request", 400, false, "content_policy_violation"],
    ["moderated", "moderated_output", 400, false, "content_policy_violation"],
    ["malformed", "provider_error", 200, false, "not understood"],
  ] as const)("maps the injected fault %s to %s", async (fault, code, status, retryable, fragment) => {
    const error = await submitError(ctx({ [FAULT_HEADER]: fault }));
    expect([error.code, error.status, error.retryable]).toEqual([code, status, retryable]);
    expect(error.message).toContain(fragment);
  });

  it("passes on Retry-After from a 429", async () => {
    expect((await submitError(ctx({ [FAULT_HEADER]: "rate_limit" }))).retryAfterMs).toBe(1000);
  });

  it("serves result URLs that expire: an expired one is refused with 403", async () => {
    const c = ctx({ [FAULT_HEADER]: "expired_result" });
    const submitted = await lumenfallAdapter.submit(request("flux-pro-1.1", { prompt: "x" }, c), c);
    const [image] = readyOf(submitted.immediate).images;
    const error = await errorOf(downloadFile(image.url, c));
    expect([error.code, error.status, error.retryable]).toEqual(["provider_error", 403, false]);
    expect(error.message).toContain("expired");
  });

  it("refuses a file URL whose signature was tampered with", async () => {
    const c = ctx();
    const [image] = readyOf((await lumenfallAdapter.submit(request("flux-pro-1.1", { prompt: "x" }, c), c)).immediate).images;
    const error = await errorOf(downloadFile(image.url.replace(/sig=[^&]+/, "sig=forged"), c));
    expect(error.status).toBe(404);
  });
});

describe("OpenAI's official client against the Lumenfall sandbox", () => {
  const client = (headers: Record<string, string> = {}) =>
    new OpenAI({ apiKey: "x", baseURL: server.baseUrl("lumenfall"), defaultHeaders: { [LATENCY_HEADER]: "150", ...headers }, maxRetries: 0 });

  it("images.generate returns URLs of images of the requested size", async () => {
    const result = await client().images.generate({ model: "flux1.1-pro", prompt: "a lighthouse", n: 2, size: "1024x1024" });
    expect(result.created).toEqual(expect.any(Number));
    expect(result.data).toHaveLength(2);
    for (const item of result.data!) {
      const res = await fetch(item.url!);
      expect([res.status, res.headers.get("content-type")]).toEqual([200, "image/jpeg"]);
      expect(await metaOf(Buffer.from(await res.arrayBuffer()))).toEqual(["jpeg", 1024, 1024]);
    }
  });

  it("images.generate with b64_json returns the image inline", async () => {
    const result = await client().images.generate({ model: "flux1.1-pro", prompt: "inline", n: 1, size: "1365x768", response_format: "b64_json", output_format: "png" });
    const [item] = result.data!;
    expect(item.url).toBeUndefined();
    expect(await metaOf(Buffer.from(item.b64_json!, "base64"))).toEqual(["png", 1365, 768]);
  });

  it("takes Lumenfall's extra fields (aspect_ratio, raw) for Ultra", async () => {
    const params = { model: "flux1.1-pro-ultra", prompt: "a canyon", n: 1, aspect_ratio: "16:9", raw: true, seed: 5 };
    const result = await client().images.generate(params);
    const res = await fetch(result.data![0].url!);
    expect(await metaOf(Buffer.from(await res.arrayBuffer()))).toEqual(["jpeg", 2752, 1536]);
  });

  it("surfaces an auth fault as the client's AuthenticationError with Lumenfall's message", async () => {
    const error = await client({ [FAULT_HEADER]: "auth" })
      .images.generate({ model: "flux1.1-pro", prompt: "x" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    const e = error as AuthenticationError;
    expect([e.status, e.code, e.type, e.message]).toEqual([401, "AUTHENTICATION_FAILED", "authentication_error", "401 Invalid API key"]);
  });

  it("surfaces a validation error as BadRequestError naming the parameter", async () => {
    const error = await client().images.generate({ model: "flux1.1-pro", prompt: "x", size: "huge" as "1024x1024" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).param).toBe("size");
  });

  it("retries a 429 after Retry-After, as the client does by default", async () => {
    const retrying = new OpenAI({
      apiKey: "x",
      baseURL: server.baseUrl("lumenfall"),
      defaultHeaders: { [LATENCY_HEADER]: "50", [FAULT_HEADER]: `rate_limit*1#openai-${Date.now()}` },
    });
    const result = await retrying.images.generate({ model: "flux1.1-pro", prompt: "x" });
    expect(result.data).toHaveLength(1);
  });
});
