import { describe, expect, it } from "vitest";
import { falAdapter } from "@/lib/providers/fal";
import { sendRequest } from "@/lib/providers/http";
import { FAULT_HEADER, LATENCY_HEADER } from "@/lib/sandbox/faults";
import { errorOf, imageMeta, useAdapterHarness } from "./helpers/adapter-harness";

/** fal's adapter against fal's sandbox over real HTTP: the same code path as in production. */
const { server, ctx, request, pollToEnd, finalOf } = useAdapterHarness(falAdapter);

const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

const small = { prompt: "x", width: 256, height: 256 };

describe("fal adapter against the fal sandbox", () => {
  it("generates a FLUX 1.1 [pro] image of a custom size, polling the queue URLs without the variant segment", async () => {
    const c = ctx();
    const base = server.baseUrl("fal");
    const submitted = await falAdapter.submit(request("flux-pro-1.1", { prompt: "a lighthouse", width: 512, height: 384, seed: 7, output_format: "png" }, c), c);
    const id = submitted.handle.taskId;
    expect(submitted.handle).toEqual({
      taskId: id,
      pollingUrl: `${base}/fal-ai/flux-pro/requests/${id}/status`,
      responseUrl: `${base}/fal-ai/flux-pro/requests/${id}`,
      cancelUrl: `${base}/fal-ai/flux-pro/requests/${id}/cancel`,
    });
    expect(submitted.billedUsd).toBeNull();
    const { final } = await pollToEnd(submitted.handle, c);
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    expect(final.images).toHaveLength(1);
    expect(final.images[0].seed).toBe(7);
    expect(await imageMeta(final.images[0].url, c)).toEqual(["png", 512, 384]);
  });

  it("makes a batch in one request: two landscape_4_3 images of 1024×768", async () => {
    const c = ctx();
    const final = await finalOf(c, "flux-pro-1.1", { prompt: "two foxes", width: 1024, height: 768, num_images: 2, seed: 11 });
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    expect(final.images.map((i) => i.seed)).toEqual([11, null]);
    expect(final.images[0].url).not.toBe(final.images[1].url);
    for (const image of final.images) expect(await imageMeta(image.url, c)).toEqual(["jpeg", 1024, 768]);
  });

  it("generates an Ultra 21:9 raw image with an image prompt at 3136×1344", async () => {
    const c = ctx();
    const final = await finalOf(c, "flux-pro-1.1-ultra", { prompt: "a canyon", aspect_ratio: "21:9", raw: true, seed: 3, image_prompt: `data:image/png;base64,${PNG_BASE64}` });
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    expect(await imageMeta(final.images[0].url, c)).toEqual(["jpeg", 3136, 1344]);
  });

  it("FLUX.1 [schnell]: images the checker flags end the run as moderated_output; with the checker off they arrive", async () => {
    const flaggedRun = await finalOf(ctx({ [FAULT_HEADER]: "nsfw" }), "flux-schnell", { ...small, safety_checker: true });
    expect(flaggedRun.state === "failed" && flaggedRun.error.code).toBe("moderated_output");
    const unchecked = await finalOf(ctx({ [FAULT_HEADER]: "nsfw" }), "flux-schnell", { ...small, safety_checker: false });
    if (unchecked.state !== "ready") throw new Error(`not ready: ${JSON.stringify(unchecked)}`);
    expect(await imageMeta(unchecked.images[0].url, ctx())).toEqual(["jpeg", 256, 256]);
  });

  it("FLUX.1 [dev] at 1440×608 with 50 steps: an image of that size, from fal-ai/flux/requests/{id}", async () => {
    const c = ctx();
    const submitted = await falAdapter.submit(request("flux-dev", { prompt: "a pier", width: 1440, height: 608, steps: 50, guidance: 5 }, c), c);
    expect(submitted.handle.pollingUrl).toBe(`${server.baseUrl("fal")}/fal-ai/flux/requests/${submitted.handle.taskId}/status`);
    const { final } = await pollToEnd(submitted.handle, c);
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    expect(await imageMeta(final.images[0].url, c)).toEqual(["jpeg", 1440, 608]);
  });

  it("reports the seed it chose when none was sent", async () => {
    const final = await finalOf(ctx());
    expect(final.state === "ready" && typeof final.images[0].seed).toBe("number");
  });

  it("answers status 202 while queued or running and 200 once COMPLETED", async () => {
    const c = ctx({ [LATENCY_HEADER]: "1000" });
    const submitted = await falAdapter.submit(request("flux-pro-1.1", small, c), c);
    const seen: string[] = [];
    for (let i = 0; i < 200 && seen.at(-1) !== "200 COMPLETED"; i++) {
      const res = await sendRequest({ method: "GET", url: submitted.handle.pollingUrl!, headers: { Authorization: "Key k" } }, c);
      const answer = `${res.status} ${(res.json as { status: string }).status}`;
      if (seen.at(-1) !== answer) seen.push(answer);
      await new Promise((r) => setTimeout(r, 20));
    }
    // Each phase in order; a slow machine may skip the short queue phase, never reorder them.
    expect(["202 IN_QUEUE,202 IN_PROGRESS,200 COMPLETED", "202 IN_PROGRESS,200 COMPLETED"]).toContain(seen.join(","));
  });

  it("does not know a status URL rebuilt with the variant segment", async () => {
    const c = ctx();
    const submitted = await falAdapter.submit(request("flux-pro-1.1", small, c), c);
    const rebuilt = { ...submitted.handle, pollingUrl: `${server.baseUrl("fal")}/fal-ai/flux-pro/v1.1/requests/${submitted.handle.taskId}/status` };
    const error = await errorOf(falAdapter.poll(rebuilt, c));
    expect(error.status).toBe(404);
  });

  it.each([
    ["no key", {}, ""],
    ["a Bearer scheme", { Authorization: "Bearer sandbox-key" }, "sandbox-key"],
  ])("answers %s with 401, mapped to auth", async (_label, headers, key) => {
    const c = ctx();
    const built = request("flux-pro-1.1", small, c);
    const sent = { ...built, headers: { ...built.headers, Authorization: key ? `Key ${key}` : "", ...headers } };
    const error = await errorOf(falAdapter.submit(sent, c));
    expect(error.code).toBe("auth");
    expect(error.status).toBe(401);
    expect(error.message).toContain("No user found for Key ID and Secret");
  });

  it("refuses an integer safety_tolerance the way fal does: 422 from the result call", async () => {
    const c = ctx();
    const built = request("flux-pro-1.1", small, c);
    const submitted = await falAdapter.submit({ ...built, body: { ...(built.body as object), safety_tolerance: 2 } }, c);
    const { final } = await pollToEnd(submitted.handle, c);
    if (final.state !== "failed") throw new Error("expected failed");
    expect(final.error.code).toBe("invalid_params");
    expect(final.error.status).toBe(422);
    expect(final.error.message).toContain("safety_tolerance: Input should be '1', '2', '3', '4', '5' or '6' (enum)");
  });

  it("refuses a custom size BFL would refuse", async () => {
    const c = ctx();
    const built = request("flux-pro-1.1", small, c);
    const submitted = await falAdapter.submit({ ...built, body: { ...(built.body as object), image_size: { width: 1000, height: 768 } } }, c);
    const { final } = await pollToEnd(submitted.handle, c);
    expect(final.state === "failed" && final.error.message).toContain("image_size.width: Input should be a multiple of 32");
  });

  it.each([
    ["auth", "auth", 401, false, "No user found"],
    ["credits", "insufficient_credits", 403, false, "User is locked"],
    ["rate_limit", "rate_limited", 429, true, "concurrent_requests_limit"],
    ["server_error", "provider_error", 500, true, "Internal server error"],
    ["malformed", "provider_error", null, false, "not understood"],
  ] as const)("maps the injected submit fault %s to %s", async (fault, code, status, retryable, fragment) => {
    const c = ctx({ [FAULT_HEADER]: fault });
    const error = await errorOf(falAdapter.submit(request("flux-pro-1.1", small, c), c));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toContain(fragment);
  });

  it("passes on Retry-After from a 429", async () => {
    const c = ctx({ [FAULT_HEADER]: "rate_limit" });
    expect((await errorOf(falAdapter.submit(request("flux-pro-1.1", small, c), c))).retryAfterMs).toBe(1000);
  });

  it.each([
    ["validation", "invalid_params", 422, "prompt: Value error, prompt is invalid"],
    ["moderated", "moderated_request", 422, "flagged by a content checker"],
    ["error", "provider_error", 500, "internal_server_error"],
  ] as const)("ends a request with the injected result fault %s as %s, from the result call", async (fault, code, status, fragment) => {
    const c = ctx({ [FAULT_HEADER]: fault });
    const final = await finalOf(c);
    if (final.state !== "failed") throw new Error("expected failed");
    expect(final.error.code).toBe(code);
    expect(final.error.status).toBe(status);
    expect(final.error.message).toContain(fragment);
  });

  it("keeps a hung request pending", async () => {
    const c = ctx({ [FAULT_HEADER]: "hang" });
    const submitted = await falAdapter.submit(request("flux-pro-1.1", small, c), c);
    await new Promise((r) => setTimeout(r, 300));
    expect(await falAdapter.poll(submitted.handle, c)).toEqual({ state: "pending", progress: null });
  });

  it.each(["poll_500*1", "poll_malformed*1"])("raises a retryable error for %s while polling, then recovers", async (fault) => {
    const c = ctx({ [FAULT_HEADER]: fault });
    const submitted = await falAdapter.submit(request("flux-pro-1.1", small, c), c);
    const error = await errorOf(falAdapter.poll(submitted.handle, c));
    expect(error.retryable).toBe(true);
    const { final } = await pollToEnd(submitted.handle, c);
    expect(final.state).toBe("ready");
  });

  it("cancelling a finished request is a no-op (400 ALREADY_COMPLETED)", async () => {
    const c = ctx();
    const submitted = await falAdapter.submit(request("flux-pro-1.1", small, c), c);
    await pollToEnd(submitted.handle, c);
    const res = await sendRequest({ method: "PUT", url: submitted.handle.cancelUrl as string, headers: { Authorization: "Key k" } }, c);
    expect([res.status, res.json]).toEqual([400, { status: "ALREADY_COMPLETED" }]);
    await expect(falAdapter.cancel!(submitted.handle, c)).resolves.toBeUndefined();
  });
});
