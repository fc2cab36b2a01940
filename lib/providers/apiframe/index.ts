import type { ModelId, ParamsOf } from "@/lib/models";
import { defineHost } from "../define-host";
import { ProviderError } from "../errors";
import { readAnswer, sendRequest } from "../http";
import type { AdapterContext, BuildContext, HttpRequest, SubmitResult, TaskHandle, TaskUpdate } from "../types";
import { APIFRAME_MODELS } from "./models";
import { APIFRAME_GENERATE_PATH, idempotencyKey, toApiframeBody } from "./request";
import { apiframeHttpError, apiframeJob, apiframeSubmitResponse, creditsToUsd, parseApiframeJob } from "./wire";

const keyHeaders = (apiKey: string) => ({ "X-API-Key": apiKey, accept: "application/json" });

const base = (url: string) => url.replace(/\/$/, "");

function buildRequests<M extends ModelId>(model: M, params: ParamsOf<M>, ctx: BuildContext): HttpRequest[] {
  return Array.from({ length: params.num_images }, (_, index) => ({
    method: "POST" as const,
    url: `${base(ctx.baseUrl)}${APIFRAME_GENERATE_PATH}`,
    headers: { ...keyHeaders(ctx.apiKey), "Content-Type": "application/json", "Idempotency-Key": idempotencyKey(ctx.requestKey, index) },
    body: toApiframeBody(model, params, index),
  }));
}

/** Jobs do not echo their input: the seed we sent is kept in the handle to report it. */
function sentSeed(request: HttpRequest): number | null {
  const seed = (request.body as { fluxParams?: { seed?: unknown } } | undefined)?.fluxParams?.seed;
  return typeof seed === "number" ? seed : null;
}

async function submit(request: HttpRequest, ctx: AdapterContext): Promise<SubmitResult> {
  const res = await sendRequest(request, ctx);
  if (res.status < 200 || res.status > 299) throw apiframeHttpError(res.status, res.json, res.text, res.headers);
  // Safe to retry: the Idempotency-Key makes a resubmit return the job Apiframe may already have.
  const { jobId, creditCost } = readAnswer(res, apiframeSubmitResponse, "Apiframe's submit answer", { retryable: true });
  return {
    handle: { taskId: jobId, pollingUrl: `${base(ctx.baseUrl)}/v2/jobs/${encodeURIComponent(jobId)}`, seed: sentSeed(request) },
    billedUsd: creditsToUsd(creditCost),
  };
}

async function poll(handle: TaskHandle, ctx: AdapterContext): Promise<TaskUpdate> {
  if (!handle.pollingUrl) throw new ProviderError("provider_error", "This Apiframe job has no polling URL", { retryable: false });
  const res = await sendRequest({ method: "GET", url: handle.pollingUrl, headers: keyHeaders(ctx.apiKey) }, ctx);
  if (res.status === 404) {
    return { state: "failed", error: new ProviderError("provider_error", `Apiframe does not know job ${handle.taskId} (HTTP 404)`, { status: 404, retryable: false }) };
  }
  if (res.status !== 200) throw apiframeHttpError(res.status, res.json, res.text, res.headers);
  const answer = readAnswer(res, apiframeJob, "Apiframe's job answer", { retryable: true });
  return parseApiframeJob(answer, typeof handle.seed === "number" ? handle.seed : null);
}

export const apiframeAdapter = defineHost({
  id: "apiframe",
  serves: APIFRAME_MODELS,
  secretHeaders: ["x-api-key"],
  buildRequests,
  submit,
  poll,
  pollIntervalMs: 500,
  // The Idempotency-Key returns the job a lost submit created.
  resubmitSafe: true,
});
