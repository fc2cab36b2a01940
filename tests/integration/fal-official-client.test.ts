import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { ApiError, createFalClient, ValidationError, type QueueStatus } from "@fal-ai/client";
import { FAULT_HEADER, LATENCY_HEADER } from "@/lib/sandbox/faults";
import { useSandboxEnv } from "./helpers/adapter-harness";

/**
 * fal's official client (@fal-ai/client) against fal's sandbox, unchanged except that a request
 * middleware sends what it addresses to https://queue.fal.run to the sandbox instead.
 */
const { server } = useSandboxEnv();

interface FluxOutput {
  images: { url: string; width: number; height: number; content_type: string }[];
  seed: number;
  has_nsfw_concepts: boolean[];
  prompt: string;
}

type SeenRequest = { method: string; url: string; headers: Record<string, string | string[]> };

/** Every URL the client builds, and the headers it sent, as the sandbox received them. */
function falClient(sandboxHeaders: Record<string, string> = {}, seen: SeenRequest[] = []) {
  return createFalClient({
    credentials: "sandbox-key-id:sandbox-secret",
    requestMiddleware: async (request) => {
      const url = request.url.replace("https://queue.fal.run", server.baseUrl("fal"));
      seen.push({ method: request.method, url, headers: { ...request.headers } });
      return { ...request, url, headers: { ...request.headers, [LATENCY_HEADER]: "150", ...sandboxHeaders } };
    },
  });
}

async function sizeOf(url: string) {
  const response = await fetch(url);
  expect(response.headers.get("content-type")).toMatch(/^image\//);
  const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
  return [meta.format, meta.width, meta.height];
}

describe("@fal-ai/client against the fal sandbox", () => {
  it("fal.subscribe returns the images, polling status URLs without the variant segment", async () => {
    const seen: SeenRequest[] = [];
    const updates: QueueStatus[] = [];
    const fal = falClient({}, seen);
    const result = await fal.subscribe("fal-ai/flux-pro/v1.1", {
      input: { prompt: "a lighthouse at dusk", image_size: { width: 512, height: 384 }, num_images: 2, seed: 5, output_format: "png", safety_tolerance: "3" },
      pollInterval: 50,
      logs: true,
      onQueueUpdate: (update) => updates.push(update),
    });
    const output = result.data as FluxOutput;
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(output.seed).toBe(5);
    expect(output.images).toHaveLength(2);
    for (const image of output.images) {
      expect(image).toMatchObject({ width: 512, height: 384, content_type: "image/png" });
      expect(await sizeOf(image.url)).toEqual(["png", 512, 384]);
    }
    expect(updates.at(-1)?.status).toBe("COMPLETED");
    const base = server.baseUrl("fal");
    expect(seen[0]).toMatchObject({ method: "POST", url: `${base}/fal-ai/flux-pro/v1.1` });
    expect(seen[0]!.headers["x-fal-queue-priority"]).toBe("normal");
    expect(seen.slice(1, -1).every((s) => s.url === `${base}/fal-ai/flux-pro/requests/${result.requestId}/status?logs=1`)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ method: "GET", url: `${base}/fal-ai/flux-pro/requests/${result.requestId}` });
  });

  it.each([
    ["fal-ai/flux/dev", { num_inference_steps: 50, guidance_scale: 1.5, enable_safety_checker: false }],
    ["fal-ai/flux/schnell", { num_inference_steps: 1, enable_safety_checker: true }],
  ])("fal.subscribe runs %s, polling the shorter owner/app URLs (fal-ai/flux/requests/{id})", async (endpoint, fields) => {
    const seen: SeenRequest[] = [];
    const result = await falClient({}, seen).subscribe(endpoint, {
      input: { prompt: "a lighthouse at dusk", image_size: "square", num_images: 1, seed: 3, ...fields },
      pollInterval: 50,
    });
    const output = result.data as FluxOutput;
    expect(output.images).toHaveLength(1);
    expect(await sizeOf(output.images[0]!.url)).toEqual(["jpeg", 512, 512]);
    const base = server.baseUrl("fal");
    expect(seen[0]).toMatchObject({ method: "POST", url: `${base}/${endpoint}` });
    expect(seen.at(-1)).toMatchObject({ method: "GET", url: `${base}/fal-ai/flux/requests/${result.requestId}` });
    // fal's queue keeps ids per app: the 1.1 [pro] app does not know this request.
    const elsewhere = await fetch(`${base}/fal-ai/flux-pro/requests/${result.requestId}/status`, { headers: { authorization: "Key sandbox-key-id:sandbox-secret" } });
    expect(elsewhere.status).toBe(404);
  });

  it("fal-ai/flux/schnell answers 422 for steps past fal's 12, through the client's ValidationError", async () => {
    const error = await falClient()
      .subscribe("fal-ai/flux/schnell", { input: { prompt: "x", num_inference_steps: 13 }, pollInterval: 50 })
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.map((e) => e.loc)).toEqual([["body", "num_inference_steps"]]);
  });

  it("fal.queue.submit / status / result run an Ultra request to its image", async () => {
    const fal = falClient();
    const endpoint = "fal-ai/flux-pro/v1.1-ultra";
    const submitted = await fal.queue.submit(endpoint, { input: { prompt: "a canyon", aspect_ratio: "9:16", raw: true }, hint: "sandbox-runner" });
    expect(submitted.status).toBe("IN_QUEUE");
    expect(submitted.status_url).toBe(`${server.baseUrl("fal")}/fal-ai/flux-pro/requests/${submitted.request_id}/status`);
    let status: QueueStatus = submitted;
    for (let i = 0; i < 200 && status.status !== "COMPLETED"; i++) {
      await new Promise((r) => setTimeout(r, 25));
      status = await fal.queue.status(endpoint, { requestId: submitted.request_id, logs: true });
    }
    expect(status.status).toBe("COMPLETED");
    const result = await fal.queue.result(endpoint, { requestId: submitted.request_id });
    const output = result.data as FluxOutput;
    expect(result.requestId).toBe(submitted.request_id);
    expect(typeof output.seed).toBe("number");
    expect(await sizeOf(output.images[0]!.url)).toEqual(["jpeg", 1536, 2752]);
  });

  it("fal.queue.cancel stops a queued request", async () => {
    const fal = falClient({ [LATENCY_HEADER]: "5000" });
    const { request_id: requestId } = await fal.queue.submit("fal-ai/flux-pro/v1.1", { input: { prompt: "x" } });
    await fal.queue.cancel("fal-ai/flux-pro/v1.1", { requestId });
    expect((await fal.queue.status("fal-ai/flux-pro/v1.1", { requestId, logs: false })).status).toBe("COMPLETED");
    const error = await fal.queue.result("fal-ai/flux-pro/v1.1", { requestId }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
  });

  it("a content-policy violation reaches the client as fal's ValidationError from the result call", async () => {
    const fal = falClient({ [FAULT_HEADER]: "moderated" });
    const error = await fal.subscribe("fal-ai/flux-pro/v1.1", { input: { prompt: "x" }, pollInterval: 50 }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    expect(validation.status).toBe(422);
    expect(validation.fieldErrors[0]).toMatchObject({ loc: ["body", "prompt"], type: "content_policy_violation" });
  });

  it("an exhausted balance reaches the client as a 403 ApiError with fal's body", async () => {
    const fal = falClient({ [FAULT_HEADER]: "credits" });
    const error = await fal.queue.submit("fal-ai/flux-pro/v1.1", { input: { prompt: "x" } }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError<{ detail: string }>).status).toBe(403);
    expect((error as ApiError<{ detail: string }>).body.detail).toContain("User is locked");
  });
});
