import { randomUUID } from "node:crypto";
import { ProviderError } from "../../errors";
import { sendRequest } from "../../http";
import type { AdapterContext, HttpRequest, ReadyImage, SubmitResult, TaskHandle, TaskUpdate } from "../../types";
import { imagesResponse, readyImagesOf } from "./wire";

/** What differs between OpenAI-compatible hosts once a request is built. */
export interface SyncImagesHost {
  name: string;
  /** Maps a non-200 answer to our error codes, keeping the host's words. */
  httpError(status: number, json: unknown, text: string, headers: Headers): ProviderError;
  /** A response header naming the request, for hosts whose body has no id. */
  requestIdHeader?: string;
}

/** A synchronous host's handle keeps the result URLs, so a restart before the download can resume. */
export interface SyncImagesHandle extends TaskHandle {
  images?: ReadyImage[];
}

/** Sends one images request: the answer is the result itself, so submit carries it as `immediate`. */
export async function submitImages(host: SyncImagesHost, request: HttpRequest, ctx: AdapterContext): Promise<SubmitResult> {
  const res = await sendRequest(request, ctx);
  if (res.status !== 200) throw host.httpError(res.status, res.json, res.text, res.headers);
  const parsed = imagesResponse.safeParse(res.json);
  const sent = (request.body ?? {}) as Record<string, unknown>;
  const images = parsed.success ? readyImagesOf(parsed.data, sent) : null;
  if (!parsed.success || !images) {
    // The host answered 200, so it has likely made (and billed) the images: retrying could bill twice.
    throw new ProviderError("provider_error", `${host.name}'s answer was not understood: ${res.text.slice(0, 200)}`, { status: 200, retryable: false });
  }
  const taskId = parsed.data.id ?? (host.requestIdHeader ? res.headers.get(host.requestIdHeader) : null) ?? randomUUID();
  // Inline images (data: URLs) are too large to persist in a handle; URLs are worth keeping.
  const handle: SyncImagesHandle = images.every((i) => !i.url.startsWith("data:")) ? { taskId, images } : { taskId };
  return { handle, billedUsd: null, immediate: { state: "ready", images, billedUsd: null } };
}

/** A synchronous host has nothing to poll: only the URLs kept from its answer can be given again. */
export async function pollImages(host: Pick<SyncImagesHost, "name">, handle: SyncImagesHandle): Promise<TaskUpdate> {
  if (handle.images?.length) return { state: "ready", images: handle.images, billedUsd: null };
  return {
    state: "failed",
    error: new ProviderError("provider_error", `${host.name} answers synchronously: its result was in the answer to the request and cannot be fetched again`, { retryable: false }),
  };
}
