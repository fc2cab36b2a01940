import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runwareAdapter } from "@/lib/providers/runware";
import { runwareHttpError } from "@/lib/providers/runware/wire";
import { sendRequest } from "@/lib/providers/http";
import type { HttpRequest } from "@/lib/providers/types";
import { FAULT_HEADER, LATENCY_HEADER } from "@/lib/sandbox/faults";
import { errorOf, imageMeta, useAdapterHarness } from "./helpers/adapter-harness";

/** Runware's adapter against Runware's sandbox over real HTTP: the same code path as in production. */
const { server, ctx, request, pollToEnd } = useAdapterHarness(runwareAdapter, {
  requestTimeoutMs: 5000,
  defaultParams: { prompt: "a lighthouse at dusk" },
  // Each test its own generation, hence its own taskUUID: the sandbox answers a known taskUUID for its first task.
  requestKey: () => randomUUID(),
});

/** The request with its one task changed as given (undefined removes a field). */
function withTask(req: HttpRequest, patch: Record<string, unknown>): HttpRequest {
  const [task] = req.body as Record<string, unknown>[];
  const next = Object.fromEntries(Object.entries({ ...task, ...patch }).filter(([, v]) => v !== undefined));
  return { ...req, body: [next] };
}

const small = { width: 256, height: 256 };

describe("Runware adapter against the Runware sandbox", () => {
  it("generates a FLUX 1.1 [pro] batch asynchronously: ack, getResponse polls, every image at its size", async () => {
    // Long enough that the first poll surely finds the batch still processing.
    const c = ctx({ [LATENCY_HEADER]: "3000" });
    const req = request("flux-pro-1.1", { width: 512, height: 384, seed: 7, output_format: "png", num_images: 2 }, c);
    const submitted = await runwareAdapter.submit(req, c);
    expect(submitted.immediate).toBeUndefined();
    expect(submitted.billedUsd).toBeNull();
    expect(submitted.handle).toMatchObject({ taskId: (req.body as { taskUUID: string }[])[0]!.taskUUID, pollingUrl: server.baseUrl("runware"), numberResults: 2 });
    const { final, progress } = await pollToEnd(submitted.handle, c);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p === null || (p >= 0 && p < 1))).toBe(true);
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    expect(final.billedUsd).toBe(0.08);
    expect(final.images.map((i) => i.seed)).toEqual([7, 8]);
    expect(final.images[0]!.url).toMatch(new RegExp(`^${server.baseUrl("runware")}/image/ws/2/ii/[0-9a-f-]{36}\\.png$`));
    for (const image of final.images) expect(await imageMeta(image.url, c)).toEqual(["png", 512, 384]);
  });

  it("generates an Ultra 21:9 raw image at Runware's fixed 3136×1344, billed $0.06", async () => {
    const c = ctx();
    const submitted = await runwareAdapter.submit(request("flux-pro-1.1-ultra", { aspect_ratio: "21:9", raw: true, seed: 3 }, c), c);
    const { final } = await pollToEnd(submitted.handle, c);
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    expect(final.billedUsd).toBe(0.06);
    expect(await imageMeta(final.images[0]!.url, c)).toEqual(["jpeg", 3136, 1344]);
  });

  it.each([
    ["flux-dev", { steps: 20, guidance: 4 }, 0.0013],
    ["flux-schnell", { steps: 2, safety_checker: false }, 0.0006],
  ] as const)("generates %s on Runware's own machines at the asked size, billed its compute figure", async (model, extra, usd) => {
    const c = ctx();
    const submitted = await runwareAdapter.submit(request(model, { width: 640, height: 384, seed: 9, num_images: 2, ...extra }, c), c);
    const { final } = await pollToEnd(submitted.handle, c);
    if (final.state !== "ready") throw new Error(`not ready: ${JSON.stringify(final)}`);
    expect(final.billedUsd).toBeCloseTo(usd * 2, 6);
    expect(final.images.map((i) => i.seed)).toEqual([9, 10]);
    for (const image of final.images) expect(await imageMeta(image.url, c)).toEqual(["jpeg", 640, 384]);
  });

  it("refuses steps sent to FLUX 1.1 [pro], which takes BFL's settings instead", async () => {
    const c = ctx();
    const error = await errorOf(runwareAdapter.submit(withTask(request("flux-pro-1.1", small, c), { steps: 28 }), c));
    expect(error.code).toBe("invalid_params");
    expect(error.message).toContain("steps");
  });

  it("makes an unlisted Ultra ratio at the nearest listed size", async () => {
    const c = ctx();
    const submitted = await runwareAdapter.submit(request("flux-pro-1.1-ultra", { aspect_ratio: "5:4" }, c), c);
    const { final } = await pollToEnd(submitted.handle, c);
    if (final.state !== "ready") throw new Error("expected ready");
    expect(await imageMeta(final.images[0]!.url, c)).toEqual(["jpeg", 2368, 1792]);
  });

  it("reports the seed it chose when none was sent", async () => {
    const c = ctx();
    const submitted = await runwareAdapter.submit(request("flux-pro-1.1", small, c), c);
    const { final } = await pollToEnd(submitted.handle, c);
    expect(final.state === "ready" && typeof final.images[0]!.seed).toBe("number");
  });

  it("accepts a synchronous answer as the immediate result", async () => {
    const c = ctx();
    const req = withTask(request("flux-pro-1.1", { ...small, num_images: 3, output_format: "png" }, c), { deliveryMethod: "sync" });
    const submitted = await runwareAdapter.submit(req, c);
    if (submitted.immediate?.state !== "ready") throw new Error(`no immediate result: ${JSON.stringify(submitted)}`);
    expect(submitted.billedUsd).toBe(0.12);
    expect(submitted.immediate.billedUsd).toBe(0.12);
    expect(submitted.immediate.images).toHaveLength(3);
    expect(await imageMeta(submitted.immediate.images[2]!.url, c)).toEqual(["png", 256, 256]);
  });

  it("also works when the host delivers by default (no deliveryMethod sent)", async () => {
    const c = ctx();
    const submitted = await runwareAdapter.submit(withTask(request("flux-pro-1.1", small, c), { deliveryMethod: undefined }), c);
    expect(submitted.immediate?.state).toBe("ready");
  });

  it("takes inline results (outputType dataURI) as data: URLs", async () => {
    const c = ctx();
    const submitted = await runwareAdapter.submit(withTask(request("flux-pro-1.1", small, c), { deliveryMethod: "sync", outputType: "dataURI" }), c);
    if (submitted.immediate?.state !== "ready") throw new Error("expected an immediate result");
    expect(submitted.immediate.images[0]!.url).toMatch(/^data:image\/jpeg;base64,/);
    expect(await imageMeta(submitted.immediate.images[0]!.url, c)).toEqual(["jpeg", 256, 256]);
  });

  it("answers a resubmit of the same taskUUID for the same task", async () => {
    const c = ctx();
    const req = request("flux-pro-1.1", { ...small, num_images: 2 }, c);
    const first = await runwareAdapter.submit(req, c);
    const again = await runwareAdapter.submit(req, c);
    expect(again.handle.taskId).toBe(first.handle.taskId);
    const { final } = await pollToEnd(again.handle, c);
    expect(final.state === "ready" && final.images).toHaveLength(2);
  });

  it("answers a missing key with 401 invalidApiKey, mapped to auth", async () => {
    const c = ctx({}, "");
    const error = await errorOf(runwareAdapter.submit(request("flux-pro-1.1", small, c), c));
    expect([error.code, error.status, error.retryable]).toEqual(["auth", 401, false]);
    expect(error.message).toContain("Invalid API key");
  });

  it("refuses a body that is not an array with 400 and errors[]", async () => {
    const c = ctx();
    const req = request("flux-pro-1.1", small, c);
    const raw = { ...req, body: (req.body as unknown[])[0] };
    const wire = await sendRequest(raw, c);
    expect(wire.status).toBe(400);
    expect((wire.json as { errors: { code: string }[] }).errors[0]!.code).toBe("invalidRequestBody");
    expect(runwareHttpError(wire.status, wire.json, wire.text, wire.headers, "submit").code).toBe("invalid_params");
  });

  it("accepts an authentication task in place of the header", async () => {
    const c = ctx();
    const req = request("flux-pro-1.1", small, c);
    const wire = await sendRequest({ ...req, headers: { "Content-Type": "application/json" }, body: [{ taskType: "authentication", apiKey: "k" }, ...(req.body as unknown[])] }, c);
    expect(wire.status).toBe(200);
    const items = (wire.json as { data: { taskType: string }[] }).data;
    expect(items.map((i) => i.taskType)).toEqual(["authentication", "imageInference"]);
  });

  it.each([
    ["no taskUUID", "flux-pro-1.1", { taskUUID: undefined }, "missingTaskUUID", "taskUUID"],
    ["a taskUUID that is not a UUID v4", "flux-pro-1.1", { taskUUID: "task-1" }, "invalidTaskUUID", "taskUUID"],
    ["an unknown model AIR", "flux-pro-1.1", { model: "bfl:9@9" }, "invalidModel", "model"],
    ["a width that is not a multiple of 32", "flux-pro-1.1", { width: 1000 }, "invalidWidth", "width"],
    ["a height above 1440", "flux-pro-1.1", { height: 1600 }, "invalidHeight", "height"],
    ["width without height", "flux-pro-1.1", { height: undefined }, "missingHeight", "height"],
    ["an Ultra size not in the table", "flux-pro-1.1-ultra", { width: 2048, height: 1536 }, "unsupportedDimensions", "width"],
    ["a lower-case outputFormat", "flux-pro-1.1", { outputFormat: "jpeg" }, "invalidOutputFormat", "outputFormat"],
    ["a one-character prompt", "flux-pro-1.1", { positivePrompt: "x" }, "invalidPositivePrompt", "positivePrompt"],
    ["raw on FLUX 1.1 [pro]", "flux-pro-1.1", { providerSettings: { bfl: { raw: true } } }, "unsupportedParameter", "providerSettings.bfl.raw"],
    ["an unknown field", "flux-pro-1.1", { aspect_ratio: "16:9" }, "unknownParameter", "aspect_ratio"],
  ] as const)("refuses %s like Runware (400 %s)", async (_label, model, patch, code, parameter) => {
    const c = ctx();
    const raw = withTask(request(model, model === "flux-pro-1.1" ? small : {}, c), patch);
    const wire = await sendRequest(raw, c);
    expect(wire.status).toBe(400);
    const [entry] = (wire.json as { errors: { code: string; parameter: string; message: string }[] }).errors;
    expect([entry!.code, entry!.parameter]).toEqual([code, parameter]);
    // Without a taskUUID the adapter refuses the request itself, with the same code.
    const error = await errorOf(runwareAdapter.submit(raw, c));
    expect([error.code, error.retryable]).toEqual(["invalid_params", false]);
  });

  it.each([
    ["auth", "auth", 401, false, "Invalid API key"],
    ["credits", "insufficient_credits", 402, false, "Insufficient credits"],
    ["rate_limit", "rate_limited", 429, true, "Too many requests"],
    ["server_error", "provider_error", 500, true, "Internal server error"],
    ["unavailable", "provider_error", 503, true, "Service temporarily unavailable"],
    ["validation", "invalid_params", 400, false, "invalidPositivePrompt"],
    ["moderated_request", "moderated_request", 400, false, "providerContentPolicyViolation"],
    ["malformed", "provider_error", 200, false, "502 Bad Gateway"],
  ] as const)("maps the injected submit fault %s to %s", async (fault, code, status, retryable, fragment) => {
    const c = ctx({ [FAULT_HEADER]: fault });
    const error = await errorOf(runwareAdapter.submit(request("flux-pro-1.1", small, c), c));
    expect([error.code, error.status, error.retryable]).toEqual([code, status, retryable]);
    expect(error.message).toContain(fragment);
  });

  it("passes on Retry-After from a 429", async () => {
    const c = ctx({ [FAULT_HEADER]: "rate_limit" });
    expect((await errorOf(runwareAdapter.submit(request("flux-pro-1.1", small, c), c))).retryAfterMs).toBe(1000);
  });

  it("lets a limited fault pass after N requests, and a retried submit reuses its taskUUID", async () => {
    const c = ctx({ [FAULT_HEADER]: `server_error*2#runware-${randomUUID()}` });
    const req = request("flux-pro-1.1", small, c);
    expect((await errorOf(runwareAdapter.submit(req, c))).code).toBe("provider_error");
    expect((await errorOf(runwareAdapter.submit(req, c))).code).toBe("provider_error");
    const ok = await runwareAdapter.submit(req, c);
    expect(ok.handle.taskId).toBe((req.body as { taskUUID: string }[])[0]!.taskUUID);
  });

  it("times out a host that never answers the submit", async () => {
    const c = { ...ctx({ [FAULT_HEADER]: "hang_submit" }), requestTimeoutMs: 300 };
    expect((await errorOf(runwareAdapter.submit(request("flux-pro-1.1", small, c), c))).code).toBe("timeout");
  });

  it.each([
    ["moderated", "moderated_output", false, "providerContentPolicyViolation"],
    ["error", "provider_error", true, "inferenceError"],
    ["provider_timeout", "timeout", true, "timeoutProvider"],
  ] as const)("ends an async task with the injected failure %s as %s", async (fault, code, retryable, fragment) => {
    const c = ctx({ [FAULT_HEADER]: fault });
    const submitted = await runwareAdapter.submit(request("flux-pro-1.1", { ...small, num_images: 2 }, c), c);
    const { final } = await pollToEnd(submitted.handle, c);
    if (final.state !== "failed") throw new Error(`expected failed, got ${JSON.stringify(final)}`);
    expect([final.error.code, final.error.retryable]).toEqual([code, retryable]);
    expect(final.error.message).toContain(fragment);
  });

  it.each([
    ["moderated", "moderated_output", 400],
    ["provider_timeout", "timeout", 504],
  ] as const)("fails a sync request with the injected failure %s as %s", async (fault, code, status) => {
    const c = ctx({ [FAULT_HEADER]: fault });
    const error = await errorOf(runwareAdapter.submit(withTask(request("flux-pro-1.1", small, c), { deliveryMethod: "sync" }), c));
    expect([error.code, error.status]).toEqual([code, status]);
  });

  it("raises a retryable error for a 500 or a garbled body while polling, then recovers", async () => {
    for (const fault of ["poll_500*1", "poll_malformed*1"]) {
      const c = ctx({ [FAULT_HEADER]: fault });
      const submitted = await runwareAdapter.submit(request("flux-pro-1.1", small, c), c);
      const error = await errorOf(runwareAdapter.poll(submitted.handle, c));
      expect(error.retryable).toBe(true);
      const { final } = await pollToEnd(submitted.handle, c);
      expect(final.state).toBe("ready");
    }
  });

  it("fails the poll of a task Runware does not know", async () => {
    const c = ctx();
    const error = await errorOf(runwareAdapter.poll({ taskId: randomUUID(), pollingUrl: server.baseUrl("runware"), numberResults: 1 }, c));
    expect([error.code, error.status, error.retryable]).toEqual(["provider_error", 404, false]);
    expect(error.message).toContain("taskFailedOrNotFound");
  });
});

/**
 * The sandbox answers what the official SDK's REST loop expects (rw-ts src/transport/rest.ts and
 * src/client.ts executeRest), driven here with plain fetch the way that loop drives the API.
 */
describe("Runware sandbox and the official SDK's REST protocol", () => {
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.baseUrl("runware"), {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer sdk-key", [LATENCY_HEADER]: "100", ...headers },
      body: JSON.stringify(body),
    });

  it("async: the ack has no errors; getResponse gives one item per result until numberResults succeeded", async () => {
    const taskUUID = randomUUID();
    const task = { taskType: "imageInference", taskUUID, model: "bfl:2@1", positivePrompt: "a cat", width: 256, height: 256, numberResults: 2, deliveryMethod: "async", includeCost: true };
    const ack = await post([task]);
    expect(ack.ok).toBe(true);
    const ackBody = (await ack.json()) as { data: unknown[]; errors?: unknown[] };
    expect(ackBody.errors).toBeUndefined();
    expect(ackBody.data).toEqual([{ taskType: "imageInference", taskUUID }]);
    let successes: Record<string, unknown>[] = [];
    for (let i = 0; i < 100 && successes.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 30));
      const poll = (await (await post([{ taskType: "getResponse", taskUUID }])).json()) as { data: Record<string, unknown>[] };
      expect(poll.data).toHaveLength(2);
      expect(poll.data.every((item) => ["processing", "success"].includes(item.status as string))).toBe(true);
      successes = poll.data.filter((item) => item.status === "success");
    }
    expect(successes).toHaveLength(2);
    expect(successes[0]).toMatchObject({ taskType: "imageInference", taskUUID, imageURL: expect.any(String), imageUUID: expect.any(String), cost: 0.04 });
  });

  it("sync: results come directly in data, without a status field", async () => {
    const taskUUID = randomUUID();
    const res = await post([{ taskType: "imageInference", taskUUID, model: "bfl:2@2", positivePrompt: "a cat", width: 2048, height: 2048, deliveryMethod: "sync" }]);
    const body = (await res.json()) as { data: Record<string, unknown>[] };
    expect(res.status).toBe(200);
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).not.toHaveProperty("status");
    expect(body.data[0]).not.toHaveProperty("cost");
    expect(body.data[0]!.imageURL).toMatch(/\.jpg$/);
  });

  it("errors: a non-2xx answer's body is {errors:[{code, message, ...}]} that the SDK parses", async () => {
    const res = await post([{ taskType: "imageInference", taskUUID: randomUUID(), model: "bfl:2@1", positivePrompt: "a cat", width: 100, height: 256 }]);
    expect(res.ok).toBe(false);
    const body = (await res.json()) as { errors: Record<string, unknown>[] };
    expect(body.errors[0]).toMatchObject({ code: "invalidWidth", message: expect.any(String), parameter: "width", taskType: "imageInference" });
    expect(body.errors[0]!.documentation).toBe("https://runware.ai/docs/models/bfl-flux-1-1-pro#request-width");
  });
});
