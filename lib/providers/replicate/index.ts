import type { ModelId, ParamsOf } from "@/lib/models";
import { defineHost } from "../define-host";
import { ProviderError } from "../errors";
import { readAnswer, sendRequest } from "../http";
import type { AdapterContext, BuildContext, HttpRequest, SubmitResult, TaskHandle, TaskUpdate } from "../types";
import { replicateModel, toReplicateInput } from "./input";
import { REPLICATE_MODELS } from "./models";
import { parseReplicatePrediction, replicateHttpError, replicatePrediction, type ReplicatePrediction } from "./wire";

/**
 * How long the create call may hold for the result (`Prefer: wait=N`, N in 1..60): most
 * 1.1 [pro] images are done by then and need no poll; longer runs fall back to polling urls.get.
 */
export const PREFER_WAIT_SECONDS = 5;

const authHeaders = (apiKey: string) => ({ Authorization: `Bearer ${apiKey}`, accept: "application/json" });

const base = (url: string) => url.replace(/\/$/, "");

function buildRequests<M extends ModelId>(model: M, params: ParamsOf<M>, ctx: BuildContext): HttpRequest[] {
  return Array.from({ length: params.num_images }, (_, index) => ({
    method: "POST" as const,
    url: `${base(ctx.baseUrl)}${replicateModel(model).path}`,
    headers: { ...authHeaders(ctx.apiKey), "Content-Type": "application/json", Prefer: `wait=${PREFER_WAIT_SECONDS}` },
    body: { input: toReplicateInput(model, params, index) },
  }));
}

/** Poll and cancel the URLs Replicate returned, verbatim; rebuild them only if it sent none. */
function handleOf(prediction: ReplicatePrediction, location: string | null, baseUrl: string): TaskHandle {
  const pollingUrl = prediction.urls?.get ?? location ?? `${base(baseUrl)}/v1/predictions/${encodeURIComponent(prediction.id)}`;
  return { taskId: prediction.id, pollingUrl, cancelUrl: prediction.urls?.cancel ?? `${pollingUrl}/cancel` };
}

async function submit(request: HttpRequest, ctx: AdapterContext): Promise<SubmitResult> {
  const res = await sendRequest(request, ctx);
  // 201 Created; with Prefer: wait a finished prediction may come as 200 (PROVIDERS.md C.1).
  if (res.status < 200 || res.status > 299) throw replicateHttpError(res.status, res.json, res.text, res.headers);
  // The prediction may exist already: retrying could bill twice, so this is final.
  const answer = readAnswer(res, replicatePrediction, "Replicate's create answer", { retryable: false });
  const handle = handleOf(answer, res.headers.get("location"), ctx.baseUrl);
  const update = parseReplicatePrediction(answer);
  return update.state === "pending" ? { handle, billedUsd: null } : { handle, billedUsd: null, immediate: update };
}

async function poll(handle: TaskHandle, ctx: AdapterContext): Promise<TaskUpdate> {
  if (!handle.pollingUrl) throw new ProviderError("provider_error", "This Replicate prediction has no polling URL", { retryable: false });
  const res = await sendRequest({ method: "GET", url: handle.pollingUrl, headers: authHeaders(ctx.apiKey) }, ctx);
  if (res.status === 404) {
    return { state: "failed", error: new ProviderError("provider_error", `Replicate does not know prediction ${handle.taskId} (HTTP 404)`, { status: 404, retryable: false }) };
  }
  if (res.status !== 200) throw replicateHttpError(res.status, res.json, res.text, res.headers);
  // A garbled poll answer is worth another poll; the deadline bounds how many.
  const answer = readAnswer(res, replicatePrediction, "Replicate's prediction answer", { retryable: true });
  return parseReplicatePrediction(answer);
}

async function cancel(handle: TaskHandle, ctx: AdapterContext): Promise<void> {
  const url = typeof handle.cancelUrl === "string" ? handle.cancelUrl : `${handle.pollingUrl}/cancel`;
  const res = await sendRequest({ method: "POST", url, headers: authHeaders(ctx.apiKey) }, ctx);
  if (res.status < 200 || res.status > 299) throw replicateHttpError(res.status, res.json, res.text, res.headers);
}

export const replicateAdapter = defineHost({
  id: "replicate",
  serves: REPLICATE_MODELS,
  secretHeaders: ["authorization"],
  buildRequests,
  submit,
  poll,
  cancel,
  pollIntervalMs: 500,
});
