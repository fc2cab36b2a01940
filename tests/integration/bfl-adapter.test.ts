import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { bflAdapter } from "@/lib/providers/bfl";
import { downloadFile, sendRequest } from "@/lib/providers/http";
import { FAULT_HEADER, LATENCY_HEADER } from "@/lib/sandbox/faults";
import { errorOf, useAdapterHarness } from "./helpers/adapter-harness";

/** BFL's adapter against BFL's sandbox over real HTTP: the same code path as in production. */
const { server, ctx, request, pollToEnd, submitError } = useAdapterHarness(bflAdapter, { apiKey: "test-key", requestTimeoutMs: 5000, expectOneRequest: false });

describe("BFL adapter against the BFL sandbox", () => {
  it("generates a FLUX 1.1 [pro] image of the requested size and format", async () => {
    // Long enough that a loaded machine still polls before the task is ready and sees progress.
    const c = ctx({ [LATENCY_HEADER]: "3000" });
    const submitted = await bflAdapter.submit(request("flux-pro-1.1", { prompt: "a lighthouse", width: 512, height: 384, seed: 7, output_format: "png" }, c), c);
    // polling_url is absolute, on a "regional" prefix that differs from the submit's.
    expect(submitted.handle.pollingUrl).toMatch(new RegExp(`^${server.baseUrl("bfl")}/eu4/v1/get_result\\?id=`));
    expect(submitted.billedUsd).toBeNull();
    const { final, progress } = await pollToEnd(submitted.handle, c);
    expect(progress.length).toBeGreaterThan(0);
    expect(final.state).toBe("ready");
    if (final.state !== "ready") return;
    expect(final.images[0].seed).toBe(7);
    const file = await downloadFile(final.images[0].url, c);
    const meta = await sharp(file).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 512, 384]);
  });

  it("generates a FLUX.1 [dev] image at /v1/flux-dev with steps and guidance; its submit reports no cost", async () => {
    const c = ctx();
    const submitted = await bflAdapter.submit(request("flux-dev", { prompt: "a pier", width: 1440, height: 256, steps: 1, guidance: 5, seed: 4 }, c), c);
    expect(submitted.billedUsd).toBeNull();
    const { final } = await pollToEnd(submitted.handle, c);
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    expect(final.images[0].seed).toBe(4);
    const meta = await sharp(await downloadFile(final.images[0].url, c)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 1440, 256]);
  });

  it("generates a FLUX.2 [pro] image with two references, billed from the cost its submit reports (credits)", async () => {
    const c = ctx();
    const reference = async (width: number, height: number) =>
      `data:image/png;base64,${(await sharp({ create: { width, height, channels: 3, background: "#777" } }).png().toBuffer()).toString("base64")}`;
    const input_images = [await reference(1024, 1024), await reference(1500, 1000)];
    const submitted = await bflAdapter.submit(request("flux-2-pro", { prompt: "a harbour", width: 1440, height: 1088, seed: 2, input_images }, c), c);
    // 1.49 output MP: 3 + 1.5 credits; inputs of 1 and 1.43 MP: 1.5 × 3 credits. 9 credits = $0.09.
    expect(submitted.billedUsd).toBe(0.09);
    const { final } = await pollToEnd(submitted.handle, c);
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    const meta = await sharp(await downloadFile(final.images[0].url, c)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 1440, 1088]);
  });

  it("BFL's emulator refuses a [dev] body outside BFL's ranges with FastAPI's 422 naming the field", async () => {
    const c = ctx();
    const built = request("flux-dev", { prompt: "a pier" }, c);
    const error = await errorOf(bflAdapter.submit({ ...built, body: { ...(built.body as object), guidance: 7, steps: 60 } }, c));
    expect([error.code, error.retryable]).toEqual(["invalid_params", false]);
    expect(error.message).toMatch(/steps/);
    expect(error.message).toMatch(/guidance/);
  });

  it("generates an Ultra 21:9 raw image at BFL's native 3136×1344", async () => {
    const c = ctx();
    const submitted = await bflAdapter.submit(request("flux-pro-1.1-ultra", { prompt: "a canyon", aspect_ratio: "21:9", raw: true, seed: 3 }, c), c);
    const { final } = await pollToEnd(submitted.handle, c);
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    const meta = await sharp(await downloadFile(final.images[0].url, c)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 3136, 1344]);
  });

  it("reports the seed it chose when none was sent", async () => {
    const c = ctx();
    const submitted = await bflAdapter.submit(request("flux-pro-1.1", { prompt: "no seed", width: 256, height: 256 }, c), c);
    const { final } = await pollToEnd(submitted.handle, c);
    expect(final.state === "ready" && typeof final.images[0].seed).toBe("number");
  });

  it("only finds a task at its polling_url, not at the global get_result", async () => {
    const c = ctx();
    const submitted = await bflAdapter.submit(request("flux-pro-1.1", { prompt: "x", width: 256, height: 256 }, c), c);
    const rebuilt = { taskId: submitted.handle.taskId, pollingUrl: `${server.baseUrl("bfl")}/v1/get_result?id=${submitted.handle.taskId}` };
    const update = await bflAdapter.poll(rebuilt, c);
    expect(update.state).toBe("failed");
    expect(update.state === "failed" && update.error.message).toContain("Task not found");
  });

  it("answers a missing key with 403, mapped to auth", async () => {
    const error = await submitError(ctx({}, ""));
    expect(error.code).toBe("auth");
    expect(error.status).toBe(403);
    expect(error.message).toContain("Not authenticated - Invalid Authentication");
  });

  it("refuses a width BFL would refuse with a FastAPI 422 naming the field", async () => {
    const c = ctx();
    const raw = { ...request("flux-pro-1.1", { prompt: "x" }, c), body: { prompt: "x", width: 1000, height: 768 } };
    const error = await errorOf(bflAdapter.submit(raw, c));
    expect(error.code).toBe("invalid_params");
    expect(error.status).toBe(422);
    expect(error.message).toContain("width: width must be a multiple of 32");
    const wire = await sendRequest(raw, c);
    expect((wire.json as { detail: { loc: string[] }[] }).detail[0].loc).toEqual(["body", "width"]);
  });

  it("refuses an Ultra aspect ratio beyond 21:9", async () => {
    const c = ctx();
    const raw = { ...request("flux-pro-1.1-ultra", { prompt: "x" }, c), body: { prompt: "x", aspect_ratio: "22:9" } };
    const error = await errorOf(bflAdapter.submit(raw, c));
    expect(error.code).toBe("invalid_params");
    expect(error.message).toContain("aspect_ratio");
  });

  it.each([
    ["auth", "auth", 403, false],
    ["credits", "insufficient_credits", 402, false],
    ["bad_request", "invalid_params", 400, false],
    ["validation", "invalid_params", 422, false],
    ["rate_limit", "rate_limited", 429, true],
    ["server_error", "provider_error", 500, true],
    ["unavailable", "provider_error", 503, true],
    ["malformed_submit", "provider_error", null, false],
  ] as const)("maps the injected submit fault %s to %s", async (fault, code, status, retryable) => {
    const error = await submitError(ctx({ [FAULT_HEADER]: fault }));
    expect(error.code).toBe(code);
    if (status !== null) expect(error.status).toBe(status);
    expect(error.retryable).toBe(retryable);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it("passes on Retry-After from a 429", async () => {
    const error = await submitError(ctx({ [FAULT_HEADER]: "rate_limit" }));
    expect(error.retryAfterMs).toBe(1000);
  });

  it("times out a host that never answers", async () => {
    const c = { ...ctx({ [FAULT_HEADER]: "hang_submit" }), requestTimeoutMs: 300 };
    const error = await submitError(c);
    expect(error.code).toBe("timeout");
  });

  it.each([
    ["error", "provider_error", "failed"],
    ["content_moderated", "moderated_output", "Content Moderated"],
    ["request_moderated", "moderated_request", "Request Moderated"],
    ["task_not_found", "provider_error", "Task not found"],
  ] as const)("ends a task with the injected status %s as %s", async (fault, code, fragment) => {
    const c = ctx({ [FAULT_HEADER]: fault });
    const submitted = await bflAdapter.submit(request("flux-pro-1.1", { prompt: "x", width: 256, height: 256 }, c), c);
    const { final } = await pollToEnd(submitted.handle, c);
    expect(final.state).toBe("failed");
    if (final.state !== "failed") return;
    expect(final.error.code).toBe(code);
    expect(final.error.message).toContain(fragment);
  });

  it("raises a retryable error for a 500 or a garbled body while polling, then recovers", async () => {
    for (const fault of ["poll_500*1", "poll_malformed*1"]) {
      const c = ctx({ [FAULT_HEADER]: fault });
      const submitted = await bflAdapter.submit(request("flux-pro-1.1", { prompt: "x", width: 256, height: 256 }, c), c);
      const error = await errorOf(bflAdapter.poll(submitted.handle, c));
      expect(error.retryable).toBe(true);
      const { final } = await pollToEnd(submitted.handle, c);
      expect(final.state).toBe("ready");
    }
  });

  it("serves result URLs that expire: an expired one is refused with 403", async () => {
    const c = ctx({ [FAULT_HEADER]: "expired_result" });
    const submitted = await bflAdapter.submit(request("flux-pro-1.1", { prompt: "x", width: 256, height: 256 }, c), c);
    const { final } = await pollToEnd(submitted.handle, c);
    if (final.state !== "ready") throw new Error("expected ready");
    expect(final.images[0].url).toMatch(/se=/);
    const error = await errorOf(downloadFile(final.images[0].url, c));
    expect(error.code).toBe("provider_error");
    expect(error.message).toContain("expired");
    expect(error.retryable).toBe(false);
  });
});
