import type { ModelId, ParamsOf } from "@/lib/models";
import { defineHost } from "../define-host";
import { ProviderError } from "../errors";
import { readAnswer, sendRequest, type HttpResult } from "../http";
import type { AdapterContext, BuildContext, HttpRequest, SubmitResult, TaskHandle, TaskUpdate } from "../types";
import { FAL_MODELS } from "./models";
import { falEndpointId, falModel, toFalInput } from "./request";
import { falHttpError, falStatusResponse, falSubmitResponse, isFalRequestOutcome, parseFalResult, parseFalStatus } from "./wire";

const headers = (apiKey: string) => ({
  Authorization: `Key ${apiKey}`,
  "Content-Type": "application/json",
  Accept: "application/json",
});

const ok = (res: HttpResult) => res.status >= 200 && res.status < 300;

function buildRequests<M extends ModelId>(model: M, params: ParamsOf<M>, ctx: BuildContext): HttpRequest[] {
  const base = ctx.baseUrl.replace(/\/$/, "");
  const url = `${base}/${falEndpointId(model, params)}`;
  const count = falModel(model).imagePerRequest ? params.num_images : 1;
  return Array.from({ length: count }, (_, index) => ({ method: "POST" as const, url, headers: headers(ctx.apiKey), body: toFalInput(model, params, index) }));
}

/**
 * The queue URLs of a request, for a submit answer that lacks them: fal builds them from owner/app
 * only, without the variant segment (`fal-ai/flux-pro/requests/{id}`, not `.../v1.1/requests/...`).
 * With the base URL, owner/app are the two segments after it (an endpoint without a variant, such
 * as `fal-ai/flux-2-pro`, keeps both); without, the last segment is taken for the variant.
 */
export function falQueueUrls(submitUrl: string, requestId: string, baseUrl?: string) {
  const base = baseUrl?.replace(/\/$/, "");
  const app = base && submitUrl.startsWith(`${base}/`) ? `${base}/${submitUrl.slice(base.length + 1).split("/").slice(0, 2).join("/")}` : submitUrl.replace(/\/[^/]+$/, "");
  const request = `${app}/requests/${encodeURIComponent(requestId)}`;
  return { statusUrl: `${request}/status`, responseUrl: request, cancelUrl: `${request}/cancel` };
}

async function submit(request: HttpRequest, ctx: AdapterContext): Promise<SubmitResult> {
  const res = await sendRequest(request, ctx);
  if (!ok(res)) throw falHttpError(res.status, res.json, res.text, res.headers);
  // The request may be queued at fal already: retrying could bill twice, so this is final.
  const { request_id, status_url, response_url, cancel_url } = readAnswer(res, falSubmitResponse, "fal's submit answer", { retryable: false });
  const built = falQueueUrls(request.url, request_id, ctx.baseUrl);
  return {
    handle: {
      taskId: request_id,
      pollingUrl: status_url ?? built.statusUrl,
      responseUrl: response_url ?? built.responseUrl,
      cancelUrl: cancel_url ?? built.cancelUrl,
    },
    billedUsd: null,
  };
}

const handleUrl = (handle: TaskHandle, key: "pollingUrl" | "responseUrl" | "cancelUrl"): string => {
  const url = handle[key];
  if (typeof url !== "string") throw new ProviderError("provider_error", `This fal request has no ${key}`, { retryable: false });
  return url;
};

async function poll(handle: TaskHandle, ctx: AdapterContext): Promise<TaskUpdate> {
  const res = await sendRequest({ method: "GET", url: handleUrl(handle, "pollingUrl"), headers: headers(ctx.apiKey) }, ctx);
  if (!ok(res)) throw falHttpError(res.status, res.json, res.text, res.headers);
  // A garbled status answer is worth another poll; the deadline bounds how many.
  const answer = readAnswer(res, falStatusResponse, "fal's status answer", { retryable: true });
  const status = parseFalStatus(answer);
  return status.state === "pending" ? status : fetchResult(handle, ctx);
}

/** COMPLETED says nothing of success: the result call answers the output, or replays the model's error. */
async function fetchResult(handle: TaskHandle, ctx: AdapterContext): Promise<TaskUpdate> {
  const res = await sendRequest({ method: "GET", url: handleUrl(handle, "responseUrl"), headers: headers(ctx.apiKey) }, ctx);
  if (ok(res)) return parseFalResult(res.json, res.text);
  const error = falHttpError(res.status, res.json, res.text, res.headers);
  // A gateway hiccup (a bare 502) is worth another poll; the request's own error is its end.
  if (error.retryable && !isFalRequestOutcome(res.json, res.headers)) throw error;
  return { state: "failed", error };
}

async function cancel(handle: TaskHandle, ctx: AdapterContext): Promise<void> {
  const res = await sendRequest({ method: "PUT", url: handleUrl(handle, "cancelUrl"), headers: headers(ctx.apiKey) }, ctx);
  // 400 ALREADY_COMPLETED: nothing left to stop.
  if (ok(res) || res.status === 400) return;
  throw falHttpError(res.status, res.json, res.text, res.headers);
}

export const falAdapter = defineHost({
  id: "fal",
  serves: FAL_MODELS,
  secretHeaders: ["authorization"],
  buildRequests,
  submit,
  poll,
  cancel,
  pollIntervalMs: 500,
  // About 2 simultaneous requests for a new account, more with spend (PROVIDERS.md B.6, UNVERIFIED).
  maxConcurrency: 2,
});
