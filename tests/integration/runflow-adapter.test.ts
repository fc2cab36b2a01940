import { describe, expect, it } from "vitest";
import { downloadFile, sendRequest } from "@/lib/providers/http";
import { runflowAdapter } from "@/lib/providers/runflow";
import { FAULT_HEADER, LATENCY_HEADER } from "@/lib/sandbox/faults";
import { errorOf, imageMeta, useAdapterHarness } from "./helpers/adapter-harness";

/** Runflow's adapter against Runflow's sandbox over real HTTP: the same code path as in production. */
const { server, ctx, request, pollToEnd, finalOf } = useAdapterHarness(runflowAdapter);

const small = { prompt: "x", width: 256, height: 256 };

describe("Runflow adapter against the Runflow sandbox", () => {
  it("runs FLUX 1.1 [pro] to a batch of custom-size images, with the cost Runflow reports", async () => {
    const c = ctx();
    const base = server.baseUrl("runflow");
    const submitted = await runflowAdapter.submit(request("flux-pro-1.1", { prompt: "a lighthouse", width: 512, height: 384, seed: 7, output_format: "png", num_images: 2 }, c), c);
    const id = submitted.handle.taskId;
    expect(id).toMatch(/^run_[0-9a-f]{32}$/);
    expect(submitted.handle).toEqual({ taskId: id, pollingUrl: `${base}/v1/runs/${id}`, cancelUrl: `${base}/v1/runs/${id}/cancel` });
    expect(submitted.billedUsd).toBe(0.08);
    expect(submitted.immediate).toBeUndefined();
    const { final } = await pollToEnd(submitted.handle, c);
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    expect(final.billedUsd).toBe(0.08);
    expect(final.images.map((i) => i.seed)).toEqual([7, null]);
    for (const image of final.images) {
      expect(image.url).toMatch(/se=.*&sig=/);
      expect(await imageMeta(image.url, c)).toEqual(["png", 512, 384]);
    }
  });

  it.each([
    ["flux-schnell", { steps: 2, safety_checker: false }, 0.012, "flux-1-schnell"],
    ["flux-dev", { steps: 20, guidance: 2 }, 0.1, "flux-1-dev"],
  ] as const)("runs %s at 1024×1024 (2 started MP each, two images): billed %s per megapixel, at %s", async (model, extra, usd, slug) => {
    const c = ctx();
    const built = request(model, { prompt: "a kite", width: 1024, height: 1024, num_images: 2, ...extra }, c);
    expect(built.url).toBe(`${server.baseUrl("runflow")}/v1/models/black-forest-labs/${slug}/runs`);
    const submitted = await runflowAdapter.submit(built, c);
    expect(submitted.billedUsd).toBe(usd);
    const { final } = await pollToEnd(submitted.handle, c);
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    expect(final.billedUsd).toBe(usd);
    for (const image of final.images) expect(await imageMeta(image.url, c)).toEqual(["jpeg", 1024, 1024]);
  });

  it("runs Ultra 9:16 to Runflow's native 1536×2752", async () => {
    const c = ctx();
    const final = await finalOf(c, "flux-pro-1.1-ultra", { prompt: "a tower", aspect_ratio: "9:16", raw: true, seed: 1 });
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    expect(final.billedUsd).toBe(0.06);
    expect(await imageMeta(final.images[0].url, c)).toEqual(["jpeg", 1536, 2752]);
  });

  it("echoes client_ref and walks queued → dispatching → running → succeeded", async () => {
    const c = ctx({ [LATENCY_HEADER]: "1000" });
    const submitted = await runflowAdapter.submit(request("flux-pro-1.1", small, c, "echo-me"), c);
    const seen: string[] = [];
    let clientRef: unknown;
    for (let i = 0; i < 200 && seen.at(-1) !== "succeeded"; i++) {
      const res = await sendRequest({ method: "GET", url: submitted.handle.pollingUrl!, headers: { Authorization: "Bearer k" } }, c);
      const body = res.json as { status_code: string; client_ref: unknown };
      clientRef = body.client_ref;
      if (seen.at(-1) !== body.status_code) seen.push(body.status_code);
      await new Promise((r) => setTimeout(r, 15));
    }
    expect(clientRef).toBe("flux-playground-echo-me");
    // Phases in order; a slow machine may skip the short early ones, never reorder them.
    const order = ["queued", "dispatching", "running", "succeeded"];
    expect(seen.map((s) => order.indexOf(s))).toEqual([...seen.map((s) => order.indexOf(s))].sort());
    expect(seen.at(-1)).toBe("succeeded");
    expect(seen).toContain("running");
  });

  it.each([
    ["no key", ""],
    ["fal's Key scheme", "Key sandbox-key"],
  ])("answers %s with 401, mapped to auth", async (_label, authorization) => {
    const c = ctx();
    const built = request("flux-pro-1.1", small, c);
    const error = await errorOf(runflowAdapter.submit({ ...built, headers: { ...built.headers, Authorization: authorization } }, c));
    expect(error.code).toBe("auth");
    expect(error.status).toBe(401);
    expect(error.message).toContain("Missing or invalid API key (UNAUTHORIZED)");
  });

  it("refuses at create what fal's schema refuses, naming the field under input", async () => {
    const c = ctx();
    const built = request("flux-pro-1.1", small, c);
    const body = built.body as { input: Record<string, unknown> };
    const error = await errorOf(runflowAdapter.submit({ ...built, body: { ...body, input: { ...body.input, image_size: { width: 1000, height: 768 }, num_images: 5 } } }, c));
    expect(error.code).toBe("invalid_params");
    expect(error.status).toBe(422);
    expect(error.message).toContain("input.image_size.width: Input should be a multiple of 32");
    expect(error.message).toContain("input.num_images: Input should be less than or equal to 4");
  });

  it("answers an unknown model with 404 MODEL_NOT_FOUND", async () => {
    const c = ctx();
    const built = request("flux-pro-1.1", small, c);
    const error = await errorOf(runflowAdapter.submit({ ...built, url: built.url.replace("flux-1-1-pro", "flux-1.1-pro") }, c));
    expect([error.code, error.status, error.retryable]).toEqual(["provider_error", 404, false]);
    expect(error.message).toContain("MODEL_NOT_FOUND");
  });

  it.each([
    ["auth", "auth", 401, false, "UNAUTHORIZED"],
    ["credits", "insufficient_credits", 402, false, "INSUFFICIENT_CREDIT"],
    ["rate_limit", "rate_limited", 429, true, "RATE_LIMITED"],
    ["server_error", "provider_error", 500, true, "INTERNAL_ERROR"],
    ["unavailable", "provider_error", 503, true, "MODEL_UNAVAILABLE"],
    ["validation", "invalid_params", 422, false, "input.prompt: prompt is invalid"],
    ["malformed", "provider_error", null, false, "not understood"],
  ] as const)("maps the injected create fault %s to %s", async (fault, code, status, retryable, fragment) => {
    const c = ctx({ [FAULT_HEADER]: fault });
    const error = await errorOf(runflowAdapter.submit(request("flux-pro-1.1", small, c), c));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toContain(fragment);
  });

  it("passes on Retry-After from a 429", async () => {
    const c = ctx({ [FAULT_HEADER]: "rate_limit" });
    expect((await errorOf(runflowAdapter.submit(request("flux-pro-1.1", small, c), c))).retryAfterMs).toBe(1000);
  });

  it.each([
    ["moderated", "moderated_output", "flagged by a content checker. (CONTENT_MODERATED, stage PROVIDER)"],
    ["error", "provider_error", "PROVIDER_ERROR"],
  ] as const)("ends a run with the injected fault %s as %s", async (fault, code, fragment) => {
    const final = await finalOf(ctx({ [FAULT_HEADER]: fault }));
    if (final.state !== "failed") throw new Error("expected failed");
    expect(final.error.code).toBe(code);
    expect(final.error.message).toContain(fragment);
  });

  it("a partial_succeeded run gives the images it made, billed for those", async () => {
    const final = await finalOf(ctx({ [FAULT_HEADER]: "partial" }), "flux-pro-1.1", { ...small, num_images: 3 });
    if (final.state !== "ready") throw new Error("expected ready");
    expect(final.images).toHaveLength(2);
    expect(final.billedUsd).toBe(0.08);
  });

  it("keeps a hung run pending", async () => {
    const c = ctx({ [FAULT_HEADER]: "hang" });
    const submitted = await runflowAdapter.submit(request("flux-pro-1.1", small, c), c);
    await new Promise((r) => setTimeout(r, 300));
    expect(await runflowAdapter.poll(submitted.handle, c)).toEqual({ state: "pending", progress: null });
  });

  it.each(["poll_500*1", "poll_malformed*1"])("raises a retryable error for %s while polling, then recovers", async (fault) => {
    const c = ctx({ [FAULT_HEADER]: fault });
    const submitted = await runflowAdapter.submit(request("flux-pro-1.1", small, c), c);
    const error = await errorOf(runflowAdapter.poll(submitted.handle, c));
    expect(error.retryable).toBe(true);
    expect((await pollToEnd(submitted.handle, c)).final.state).toBe("ready");
  });

  it("serves presigned URLs that expire: an expired one is refused with 403", async () => {
    const c = ctx({ [FAULT_HEADER]: "expired_result" });
    const final = await finalOf(c);
    if (final.state !== "ready") throw new Error("expected ready");
    const error = await errorOf(downloadFile(final.images[0].url, c));
    expect([error.code, error.status, error.retryable]).toEqual(["provider_error", 403, false]);
    expect(error.message).toContain("expired");
  });

  it("cancels a running run: it ends as canceled; cancelling it again is a no-op", async () => {
    const c = ctx({ [LATENCY_HEADER]: "5000" });
    const submitted = await runflowAdapter.submit(request("flux-pro-1.1", small, c), c);
    await runflowAdapter.cancel!(submitted.handle, c);
    const { final } = await pollToEnd(submitted.handle, c);
    expect(final.state === "failed" && final.error.code).toBe("canceled");
    const again = await sendRequest({ method: "POST", url: submitted.handle.cancelUrl as string, headers: { Authorization: "Bearer k" } }, c);
    expect(again.status).toBe(409);
    await expect(runflowAdapter.cancel!(submitted.handle, c)).resolves.toBeUndefined();
  });

  it("answers an unknown run with 404 RUN_NOT_FOUND", async () => {
    const c = ctx();
    const error = await errorOf(runflowAdapter.poll({ taskId: "run_nope", pollingUrl: `${server.baseUrl("runflow")}/v1/runs/run_nope` }, c));
    expect([error.code, error.status]).toEqual(["provider_error", 404]);
    expect(error.message).toContain("RUN_NOT_FOUND");
  });
});
