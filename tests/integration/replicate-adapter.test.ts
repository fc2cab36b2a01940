import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import Replicate from "replicate";
import { resetEnvCache } from "@/lib/env";
import type { ModelId } from "@/lib/models";
import { replicateAdapter } from "@/lib/providers/replicate";
import { downloadFile, sendRequest } from "@/lib/providers/http";
import type { AdapterContext, HttpRequest, TaskHandle, TaskUpdate } from "@/lib/providers/types";
import { FAULT_HEADER, LATENCY_HEADER } from "@/lib/sandbox/faults";
import { errorOf, useAdapterHarness } from "./helpers/adapter-harness";
import { startSandboxServer } from "./helpers/sandbox-server";

/** Replicate's adapter, and the official `replicate` client, against Replicate's sandbox over real HTTP. */
const harness = useAdapterHarness(replicateAdapter, {
  apiKey: "r8_test",
  requestTimeoutMs: 5000,
  expectOneRequest: false,
  // The official client cannot send the latency header: the environment sets it for its calls.
  env: { SANDBOX_LATENCY_MS: "150" },
});
const { server, ctx, request, runToEnd } = harness;

/** The request without `Prefer: wait`: create answers at once with a `starting` prediction. */
function asyncRequest(model: ModelId, params: Record<string, unknown>, c: AdapterContext): HttpRequest {
  const built = request(model, params, c);
  const { Prefer: _prefer, ...headers } = built.headers;
  return { ...built, headers };
}

const pollToEnd = async (handle: TaskHandle, c: AdapterContext): Promise<TaskUpdate> => (await harness.pollToEnd(handle, c)).final;

const submitError = (c: AdapterContext) => harness.submitError(c, "flux-pro-1.1", { prompt: "x", width: 256, height: 256 });
const small = (c: AdapterContext) => request("flux-pro-1.1", { prompt: "x", width: 256, height: 256 }, c);

describe("Replicate adapter against the Replicate sandbox", () => {
  it("gets a FLUX 1.1 [pro] image at once with Prefer: wait, at the requested size and format", async () => {
    const c = ctx();
    const submitted = await replicateAdapter.submit(request("flux-pro-1.1", { prompt: "a lighthouse", width: 512, height: 384, seed: 7, output_format: "png" }, c), c);
    expect(submitted.handle.pollingUrl).toBe(`${server.baseUrl("replicate")}/v1/predictions/${submitted.handle.taskId}`);
    expect(submitted.handle.cancelUrl).toBe(`${submitted.handle.pollingUrl}/cancel`);
    expect(submitted.billedUsd).toBeNull();
    const final = submitted.immediate;
    if (final?.state !== "ready") throw new Error(`not ready at once: ${JSON.stringify(final)}`);
    expect(final.images[0].seed).toBe(7);
    expect(final.images[0].url).toMatch(/\/delivery\/[a-z0-9]{26}\/output\.png$/);
    const meta = await sharp(await downloadFile(final.images[0].url, c)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 512, 384]);
  });

  it("makes a FLUX.1 [dev] image at the fixed size of the closest ratio, read from the output array", async () => {
    const c = ctx();
    const final = await runToEnd(request("flux-dev", { prompt: "a heron", width: 1344, height: 768, steps: 12, guidance: 2.5, seed: 5, output_format: "png" }, c), c);
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    expect(final.images).toHaveLength(1);
    expect(final.images[0]!.seed).toBe(5);
    expect(final.images[0]!.url).toMatch(/\/delivery\/[a-z0-9]{26}\/out-0\.png$/);
    const meta = await sharp(await downloadFile(final.images[0]!.url, c)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 1344, 768]);
  });

  it("ends FLUX.1 [schnell] whose every output was NSFW as moderated_output, in Replicate's words", async () => {
    const c = ctx({ [FAULT_HEADER]: "content_moderated" });
    const final = await runToEnd(request("flux-schnell", { prompt: "x", width: 256, height: 256 }, c), c);
    if (final.state !== "failed") throw new Error(`not failed: ${JSON.stringify(final)}`);
    expect(final.error.code).toBe("moderated_output");
    expect(final.error.message).toContain("All generated images contained NSFW content");
  });

  it("lets FLUX.1 [schnell] through the same fault with its checker off", async () => {
    const c = ctx({ [FAULT_HEADER]: "content_moderated" });
    const final = await runToEnd(request("flux-schnell", { prompt: "x", width: 256, height: 256, safety_checker: false }, c), c);
    expect(final.state).toBe("ready");
  });

  it("makes an Ultra image of Ultra's size for the ratio", async () => {
    const c = ctx();
    const final = await runToEnd(request("flux-pro-1.1-ultra", { prompt: "a wide valley", aspect_ratio: "21:9", raw: true, seed: 3 }, c), c);
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    const meta = await sharp(await downloadFile(final.images[0].url, c)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 3136, 1344]);
  });

  it("falls back to polling urls.get when the prediction outlasts Prefer: wait", async () => {
    const c = ctx({ Prefer: "wait=1", [LATENCY_HEADER]: "1500" });
    const submitted = await replicateAdapter.submit(small(c), c);
    expect(submitted.immediate).toBeUndefined();
    const final = await pollToEnd(submitted.handle, c);
    expect(final.state).toBe("ready");
  });

  it("answers create without Prefer at once: 201, starting, Location = urls.get", async () => {
    // A latency no loaded machine outruns: the answer must come while the prediction is still starting.
    const c = ctx({ [LATENCY_HEADER]: "10000" });
    const res = await sendRequest(asyncRequest("flux-pro-1.1", { prompt: "x" }, c), c);
    const body = res.json as { status: string; output: unknown; urls: { get: string } };
    expect(res.status).toBe(201);
    expect(body.status).toBe("starting");
    expect(body.output).toBeNull();
    expect(res.headers.get("location")).toBe(body.urls.get);
  });

  it("reports the seed it chose when none was sent", async () => {
    const c = ctx();
    const final = await runToEnd(request("flux-pro-1.1", { prompt: "no seed", width: 256, height: 256 }, c), c);
    expect(final.state === "ready" && typeof final.images[0].seed).toBe("number");
  });

  it("answers a missing token with Replicate's 401 problem body", async () => {
    const error = await submitError(ctx({}, ""));
    expect([error.code, error.status]).toEqual(["auth", 401]);
    expect(error.message).toContain("You did not pass a valid authentication token");
  });

  it("refuses another auth scheme", async () => {
    const c = ctx();
    const res = await sendRequest({ ...small(c), headers: { ...small(c).headers, Authorization: "Basic cjg6eA==" } }, c);
    expect(res.status).toBe(401);
  });

  it.each([
    [{ safety_tolerance: 0 }, "number_gte", "input.safety_tolerance: Must be greater than or equal to 1"],
    [{ output_format: "jpeg" }, "enum", 'input.output_format: output_format must be one of the following: "webp", "jpg", "png"'],
    [{ raw: true }, "additional_property_not_allowed", "Additional property raw is not allowed"],
    [{ width: 2048 }, "number_lte", "input.width: Must be less than or equal to 1440"],
  ])("refuses what Replicate refuses: %j -> 422 %s", async (extra, type, fragment) => {
    const c = ctx();
    const base = small(c);
    const raw = { ...base, body: { input: { ...(base.body as { input: object }).input, ...extra } } };
    const error = await errorOf(replicateAdapter.submit(raw, c));
    expect([error.code, error.status]).toEqual(["invalid_params", 422]);
    expect(error.message).toContain(fragment);
    const wire = await sendRequest(raw, c);
    expect((wire.json as { invalid_fields: { type: string }[] }).invalid_fields[0].type).toBe(type);
  });

  it("requires {input}", async () => {
    const c = ctx();
    const error = await errorOf(replicateAdapter.submit({ ...small(c), body: { prompt: "x" } }, c));
    expect(error.code).toBe("invalid_params");
    expect(error.message).toContain("input is required");
  });

  it.each([
    ["auth", "auth", 401, false, "You did not pass a valid authentication token"],
    ["credits", "insufficient_credits", 402, false, "You have insufficient credit to run this model"],
    ["rate_limit", "rate_limited", 429, true, "Request was throttled"],
    ["server_error", "provider_error", 500, true, "Something went wrong"],
    ["unavailable", "provider_error", 503, true, "temporarily unavailable"],
    ["validation", "invalid_params", 422, false, "input.prompt: prompt is invalid"],
    ["malformed", "provider_error", null, false, "not understood"],
  ] as const)("maps the injected create fault %s to %s", async (fault, code, status, retryable, fragment) => {
    const error = await submitError(ctx({ [FAULT_HEADER]: fault }));
    expect([error.code, error.retryable]).toEqual([code, retryable]);
    if (status !== null) expect(error.status).toBe(status);
    expect(error.message).toContain(fragment);
  });

  it("passes on Retry-After from a 429", async () => {
    expect((await submitError(ctx({ [FAULT_HEADER]: "rate_limit" }))).retryAfterMs).toBe(1000);
  });

  it("times out a create that never answers", async () => {
    const error = await submitError({ ...ctx({ [FAULT_HEADER]: "hang_submit" }), requestTimeoutMs: 300 });
    expect(error.code).toBe("timeout");
  });

  it.each([
    ["error", "provider_error", "sandbox: injected generation failure"],
    ["moderated", "moderated_output", "The input or output was flagged as sensitive. Please try again with different inputs. (E005)"],
  ] as const)("ends a prediction with the injected %s as %s, keeping Replicate's error", async (fault, code, fragment) => {
    const c = ctx({ [FAULT_HEADER]: fault });
    const final = await runToEnd(small(c), c);
    expect(final.state).toBe("failed");
    if (final.state !== "failed") return;
    expect(final.error.code).toBe(code);
    expect(final.error.retryable).toBe(false);
    expect(final.error.message).toContain(fragment);
  });

  it("keeps a hung prediction processing past Prefer: wait", async () => {
    const c = ctx({ [FAULT_HEADER]: "hang", Prefer: "wait=1" });
    const submitted = await replicateAdapter.submit(small(c), c);
    expect(submitted.immediate).toBeUndefined();
    expect(await replicateAdapter.poll(submitted.handle, c)).toEqual({ state: "pending", progress: null });
  });

  it.each(["poll_500*1", "poll_malformed*1"])("raises a retryable error for %s while polling, then recovers", async (fault) => {
    const c = ctx({ [FAULT_HEADER]: fault });
    const submitted = await replicateAdapter.submit(asyncRequest("flux-pro-1.1", { prompt: "x", width: 256, height: 256 }, c), c);
    const error = await errorOf(replicateAdapter.poll(submitted.handle, c));
    expect(error.retryable).toBe(true);
    expect((await pollToEnd(submitted.handle, c)).state).toBe("ready");
  });

  it("serves output files that expire: an expired one answers 404", async () => {
    const c = ctx({ [FAULT_HEADER]: "expired_result" });
    const final = await runToEnd(small(c), c);
    if (final.state !== "ready") throw new Error("expected ready");
    const error = await errorOf(downloadFile(final.images[0].url, c));
    expect([error.code, error.status, error.retryable]).toEqual(["provider_error", 404, false]);
    expect(error.message).toContain("expired");
  });

  it("ends a prediction Replicate does not know", async () => {
    const c = ctx();
    const update = await replicateAdapter.poll({ taskId: "nope", pollingUrl: `${server.baseUrl("replicate")}/v1/predictions/nope` }, c);
    expect(update.state === "failed" && [update.error.code, update.error.status]).toEqual(["provider_error", 404]);
  });
});

/**
 * The official client, unchanged but for its base URL. Its `run()` wraps only https: outputs in a
 * FileOutput, as Replicate's are: the sandbox is served over TLS here, with a throwaway
 * self-signed certificate the process is told to accept.
 */
describe("the official replicate client against the sandbox", () => {
  let tls: { origin: string; close: () => Promise<void> };
  let client: Replicate;
  const savedTls = process.env.NODE_TLS_REJECT_UNAUTHORIZED;

  beforeAll(async () => {
    tls = await startTlsSandbox(harness.dataDir());
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    client = new Replicate({ auth: "r8_test", baseUrl: `${tls.origin}/api/sandbox/replicate/v1` });
  });
  afterAll(async () => {
    if (savedTls === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = savedTls;
    await tls.close();
  });

  async function fileOf(output: unknown) {
    expect(output).toBeInstanceOf(ReadableStream);
    const file = output as ReadableStream & { url: () => URL; blob: () => Promise<Blob> };
    const blob = await file.blob();
    return { url: file.url(), type: blob.type, meta: await sharp(Buffer.from(await blob.arrayBuffer())).metadata() };
  }

  it("replicate.run returns a FileOutput of Replicate's defaults: webp, 1:1", async () => {
    const output = await client.run("black-forest-labs/flux-1.1-pro", { input: { prompt: "a lighthouse" } });
    const { url, type, meta } = await fileOf(output);
    expect(url.href).toMatch(new RegExp(`^${tls.origin}/api/sandbox/replicate/delivery/[a-z0-9]{26}/output\\.webp$`));
    expect(type).toBe("image/webp");
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 1024, 1024]);
  });

  it("replicate.run honours custom width/height and png", async () => {
    const output = await client.run("black-forest-labs/flux-1.1-pro", {
      input: { prompt: "x", aspect_ratio: "custom", width: 512, height: 384, output_format: "png" },
    });
    const { meta } = await fileOf(output);
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 512, 384]);
  });

  it("replicate.run gets FLUX.1 [dev]'s array of num_outputs files, the NSFW-dropped one missing", async () => {
    const input = { prompt: "x", aspect_ratio: "21:9", megapixels: "0.25", num_outputs: 3 };
    const all = (await client.run("black-forest-labs/flux-dev", { input })) as unknown[];
    expect(all).toHaveLength(3);
    const { url, meta } = await fileOf(all[2]);
    expect(url.pathname).toMatch(/\/out-2\.webp$/);
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 768, 320]);
    await withEnv({ SANDBOX_FAULT: "nsfw_some" }, async () => {
      const kept = (await client.run("black-forest-labs/flux-dev", { input })) as unknown[];
      expect(kept).toHaveLength(2);
      expect((await fileOf(kept[0])).url.pathname).toMatch(/\/out-1\.webp$/);
    });
  });

  it("replicate.run refuses what FLUX.1 [schnell] lacks: guidance, more than 4 steps", async () => {
    for (const extra of [{ guidance: 3 }, { num_inference_steps: 5 }]) {
      const error = await client.run("black-forest-labs/flux-schnell", { input: { prompt: "x", ...extra } }).catch((e: unknown) => e);
      expect((error as { response?: Response }).response?.status, JSON.stringify(extra)).toBe(422);
    }
  });

  it("replicate.run makes Ultra's jpg", async () => {
    const { meta } = await fileOf(await client.run("black-forest-labs/flux-1.1-pro-ultra", { input: { prompt: "x", aspect_ratio: "16:9" } }));
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 2752, 1536]);
  });

  it("predictions.create, wait and get follow one prediction to succeeded", async () => {
    // A latency no loaded machine outruns: the create must answer while the prediction is starting.
    await withEnv({ SANDBOX_LATENCY_MS: "3000" }, async () => {
      const created = await client.predictions.create({ model: "black-forest-labs/flux-1.1-pro", input: { prompt: "x", seed: 5 } });
      expect(created.status).toBe("starting");
      const done = await client.wait(created, { interval: 50 });
      expect(done.status).toBe("succeeded");
      expect(done.output).toMatch(/^https:\/\/.+\/output\.webp$/);
      const fetched = await client.predictions.get(created.id);
      expect([fetched.id, fetched.status, fetched.output, fetched.input]).toEqual([created.id, "succeeded", done.output, { prompt: "x", seed: 5 }]);
    });
  });

  it("predictions.cancel cancels a running prediction", async () => {
    await withEnv({ SANDBOX_LATENCY_MS: "60000" }, async () => {
      const created = await client.predictions.create({ model: "black-forest-labs/flux-1.1-pro", input: { prompt: "x" } });
      expect((await client.predictions.cancel(created.id)).status).toBe("canceled");
      expect((await client.predictions.get(created.id)).status).toBe("canceled");
    });
  });

  it("replicate.run throws Replicate's failure text for a failed prediction", async () => {
    await withEnv({ SANDBOX_FAULT: "moderated" }, async () => {
      await expect(client.run("black-forest-labs/flux-1.1-pro", { input: { prompt: "x" } })).rejects.toThrow(
        "Prediction failed: The input or output was flagged as sensitive",
      );
    });
  });

  it("gets a 422 ApiError for input Replicate refuses", async () => {
    const error = await client.run("black-forest-labs/flux-1.1-pro", { input: { prompt: "x", safety_tolerance: 0 } }).catch((e: unknown) => e);
    expect((error as { response?: Response }).response?.status).toBe(422);
    expect(String(error)).toContain("Input validation failed");
  });

  it("gets a 401 ApiError without a token", async () => {
    await withEnv({ REPLICATE_API_TOKEN: undefined }, async () => {
      const anonymous = new Replicate({ baseUrl: `${tls.origin}/api/sandbox/replicate/v1` });
      const error = await anonymous.predictions.get("whatever").catch((e: unknown) => e);
      expect((error as { response?: Response }).response?.status).toBe(401);
    });
  });
});

async function withEnv(vars: Record<string, string | undefined>, run: () => Promise<void>) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  };
  apply(vars);
  try {
    await run();
  } finally {
    apply(saved);
  }
}

/** Replicate's sandbox on an https: origin (a self-signed certificate made with openssl). */
async function startTlsSandbox(dir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const key = path.join(dir, "tls-key.pem");
  const cert = path.join(dir, "tls-cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  return startSandboxServer({ tls: { key: readFileSync(key), cert: readFileSync(cert) } });
}
