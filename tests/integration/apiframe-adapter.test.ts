import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { apiframeAdapter } from "@/lib/providers/apiframe";
import { APIFRAME_CREDIT_USD } from "@/lib/providers/apiframe/wire";
import { downloadFile, sendRequest } from "@/lib/providers/http";
import type { AdapterContext, HttpRequest } from "@/lib/providers/types";
import { FAULT_HEADER, LATENCY_HEADER } from "@/lib/sandbox/faults";
import { errorOf, useAdapterHarness } from "./helpers/adapter-harness";

let generation = 0;

/** Apiframe's adapter against Apiframe's sandbox over real HTTP (there is no official JS client). */
const { server, ctx, request, pollToEnd, runToEnd } = useAdapterHarness(apiframeAdapter, {
  apiKey: "afk_test",
  requestTimeoutMs: 5000,
  expectOneRequest: false,
  // Each call is a new generation (its own Idempotency-Key) unless a requestKey is given.
  requestKey: () => `gen-${Date.now()}-${generation++}`,
});

const small = (c: AdapterContext) => request("flux-pro-1.1", { prompt: "x", width: 256, height: 256 }, c);

const submitError = (c: AdapterContext) => errorOf(apiframeAdapter.submit(small(c), c));

describe("Apiframe adapter against the Apiframe sandbox", () => {
  it("generates a FLUX 1.1 [pro] image of the requested size and format, billed from creditCost", async () => {
    // Long enough that a loaded machine still polls before the job ends and sees progress.
    const c = ctx({ [LATENCY_HEADER]: "3000" });
    const submitted = await apiframeAdapter.submit(request("flux-pro-1.1", { prompt: "a lighthouse", width: 512, height: 384, seed: 7, output_format: "png" }, c), c);
    expect(submitted.handle.pollingUrl).toBe(`${server.baseUrl("apiframe")}/v2/jobs/${submitted.handle.taskId}`);
    const { final, progress } = await pollToEnd(submitted.handle, c);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p !== null && p >= 0 && p < 1)).toBe(true);
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    expect(final.images[0].seed).toBe(7);
    expect(final.billedUsd).toBeCloseTo(1 * APIFRAME_CREDIT_USD);
    const meta = await sharp(await downloadFile(final.images[0].url, c)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 512, 384]);
  });

  it("makes an Ultra image of Ultra's size for the ratio", async () => {
    const c = ctx();
    const final = await runToEnd(request("flux-pro-1.1-ultra", { prompt: "a wide valley", aspect_ratio: "21:9", raw: true }, c), c);
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    expect(final.billedUsd).toBeCloseTo(0.06);
    const meta = await sharp(await downloadFile(final.images[0].url, c)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 3136, 1344]);
  });

  it("answers submit with 202 {jobId, status: QUEUED}", async () => {
    const c = ctx();
    const res = await sendRequest(small(c), c);
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ jobId: expect.any(String), status: "QUEUED" });
  });

  it("returns the same job for a repeated Idempotency-Key", async () => {
    const c = ctx();
    const req = request("flux-pro-1.1", { prompt: "x", width: 256, height: 256 }, c, `idem-${Date.now()}`);
    const first = await apiframeAdapter.submit(req, c);
    const again = await apiframeAdapter.submit(req, c);
    expect(again.handle.taskId).toBe(first.handle.taskId);
  });

  it.each([
    ["result_string", "a bare URL"],
    ["result_image_url", "{imageUrl}"],
    ["result_url_objects", "{images: [{url}]}"],
  ])("reads a result shaped as %s (%s)", async (variant) => {
    const c = ctx({ [FAULT_HEADER]: variant });
    const final = await runToEnd(small(c), c);
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    const meta = await sharp(await downloadFile(final.images[0].url, c)).metadata();
    expect([meta.width, meta.height]).toEqual([256, 256]);
  });

  it("answers a missing key with 401 'API key is required'", async () => {
    const error = await submitError(ctx({}, ""));
    expect([error.code, error.status]).toEqual(["auth", 401]);
    expect(error.message).toContain("API key is required");
  });

  it.each([
    [{ safety_tolerance: 0 }, "fluxParams.safety_tolerance: Must be greater than or equal to 1"],
    [{ output_format: "jpeg" }, "fluxParams.output_format: output_format must be one of the following"],
    [{ raw: true }, "Additional property raw is not allowed"],
  ])("refuses fluxParams Replicate's schema refuses: %j", async (extra, fragment) => {
    const c = ctx();
    const base = small(c) as HttpRequest & { body: { fluxParams: object } };
    const error = await errorOf(apiframeAdapter.submit({ ...base, body: { ...base.body, fluxParams: { ...base.body.fluxParams, ...extra } } }, c));
    expect([error.code, error.status]).toEqual(["invalid_params", 422]);
    expect(error.message).toContain(fragment);
  });

  it("refuses a prompt over 2000 characters with 400", async () => {
    const c = ctx();
    const error = await errorOf(apiframeAdapter.submit(request("flux-pro-1.1", { prompt: "x".repeat(2001) }, c), c));
    expect([error.code, error.status]).toEqual(["invalid_params", 400]);
    expect(error.message).toContain("2000");
  });

  it.each([
    ["auth", "auth", 401, false, "Invalid API key"],
    ["inactive_key", "auth", 403, false, "API key is inactive"],
    ["credits", "insufficient_credits", 402, false, "Insufficient credits"],
    ["rate_limit", "rate_limited", 429, true, "Too many requests"],
    ["server_error", "provider_error", 500, true, "Internal server error"],
    ["unavailable", "provider_error", 503, true, "temporarily unavailable"],
    ["validation", "invalid_params", 422, false, "fluxParams.aspect_ratio"],
    ["malformed", "provider_error", null, true, "not understood"],
  ] as const)("maps the injected submit fault %s to %s", async (fault, code, status, retryable, fragment) => {
    const error = await submitError(ctx({ [FAULT_HEADER]: fault }));
    expect([error.code, error.retryable]).toEqual([code, retryable]);
    if (status !== null) expect(error.status).toBe(status);
    expect(error.message).toContain(fragment);
  });

  it("reads the {message, statusCode} envelope as well", async () => {
    const c = ctx({ [FAULT_HEADER]: "credits,envelope_message" });
    const wire = await sendRequest(small(c), c);
    expect(wire.json).toEqual({ statusCode: 402, message: expect.stringContaining("Insufficient credits") });
    const error = await submitError(c);
    expect(error.code).toBe("insufficient_credits");
    expect(error.message).toContain("Insufficient credits");
  });

  it("passes on Retry-After from a 429", async () => {
    expect((await submitError(ctx({ [FAULT_HEADER]: "rate_limit" }))).retryAfterMs).toBe(2000);
  });

  it("times out a submit that never answers", async () => {
    expect((await submitError({ ...ctx({ [FAULT_HEADER]: "hang_submit" }), requestTimeoutMs: 300 })).code).toBe("timeout");
  });

  it.each([
    ["error", "provider_error", "sandbox: injected generation failure"],
    ["moderated", "moderated_output", "flagged by content moderation"],
  ] as const)("ends a job with the injected %s as FAILED -> %s", async (fault, code, fragment) => {
    const c = ctx({ [FAULT_HEADER]: fault });
    const final = await runToEnd(small(c), c);
    expect(final.state).toBe("failed");
    if (final.state !== "failed") return;
    expect([final.error.code, final.error.retryable]).toEqual([code, false]);
    expect(final.error.message).toContain(fragment);
  });

  it("keeps a hung job processing", async () => {
    const c = ctx({ [FAULT_HEADER]: "hang" });
    const submitted = await apiframeAdapter.submit(small(c), c);
    await new Promise((r) => setTimeout(r, 300));
    expect(await apiframeAdapter.poll(submitted.handle, c)).toEqual({ state: "pending", progress: 0.5 });
  });

  it.each(["poll_500*1", "poll_malformed*1"])("raises a retryable error for %s while polling, then recovers", async (fault) => {
    const c = ctx({ [FAULT_HEADER]: fault });
    const submitted = await apiframeAdapter.submit(small(c), c);
    expect((await errorOf(apiframeAdapter.poll(submitted.handle, c))).retryable).toBe(true);
    expect((await pollToEnd(submitted.handle, c)).final.state).toBe("ready");
  });

  it("serves files that expire: an expired one answers 404", async () => {
    const c = ctx({ [FAULT_HEADER]: "expired_result" });
    const final = await runToEnd(small(c), c);
    if (final.state !== "ready") throw new Error("expected ready");
    const error = await errorOf(downloadFile(final.images[0].url, c));
    expect([error.code, error.status, error.retryable]).toEqual(["provider_error", 404, false]);
  });

  it("ends a job Apiframe does not know", async () => {
    const update = await apiframeAdapter.poll({ taskId: "nope", pollingUrl: `${server.baseUrl("apiframe")}/v2/jobs/nope` }, ctx());
    expect(update.state === "failed" && [update.error.code, update.error.status]).toEqual(["provider_error", 404]);
  });
});
