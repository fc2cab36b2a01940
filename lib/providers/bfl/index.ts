import type { ModelId, ParamsOf } from "@/lib/models";
import { ProviderError } from "../errors";
import { readAnswer, sendRequest } from "../http";
import { defineHost } from "../define-host";
import type { AdapterContext, BuildContext, HostBalance, HttpRequest, SubmitResult, TaskHandle, TaskUpdate } from "../types";
import { BFL_MODELS } from "./models";
import { bflModel, toBflBody } from "./request";
import { bflCreditsResponse, bflHttpError, bflResultResponse, bflSubmitResponse, CREDIT_USD, parseBflResult } from "./wire";

const headers = (apiKey: string) => ({
  "x-key": apiKey,
  "Content-Type": "application/json",
  accept: "application/json",
});

function buildRequests<M extends ModelId>(model: M, params: ParamsOf<M>, ctx: BuildContext): HttpRequest[] {
  const base = ctx.baseUrl.replace(/\/$/, "");
  return Array.from({ length: params.num_images }, (_, index) => ({
    method: "POST" as const,
    url: `${base}${bflModel(model).path}`,
    headers: headers(ctx.apiKey),
    body: toBflBody(model, params, index),
  }));
}

async function submit(request: HttpRequest, ctx: AdapterContext): Promise<SubmitResult> {
  const res = await sendRequest(request, ctx);
  if (res.status !== 200) throw bflHttpError(res.status, res.json, res.text, res.headers);
  // The task may exist at BFL already: retrying could bill twice, so this is final.
  const { id, polling_url, cost } = readAnswer(res, bflSubmitResponse, "BFL's submit answer", { retryable: false });
  // Poll the returned URL verbatim: results live only in the region that took the task.
  const pollingUrl = polling_url ?? `${ctx.baseUrl.replace(/\/$/, "")}/v1/get_result?id=${encodeURIComponent(id)}`;
  return { handle: { taskId: id, pollingUrl }, billedUsd: typeof cost === "number" ? cost * CREDIT_USD : null };
}

async function poll(handle: TaskHandle, ctx: AdapterContext): Promise<TaskUpdate> {
  if (!handle.pollingUrl) throw new ProviderError("provider_error", "This BFL task has no polling URL", { retryable: false });
  const res = await sendRequest({ method: "GET", url: handle.pollingUrl, headers: headers(ctx.apiKey) }, ctx);
  if (res.status !== 200) {
    // "Task not found" may come with a 404 as well as a 200; both end the task.
    const status = (res.json as { status?: unknown } | undefined)?.status;
    if (status === "Task not found") return parseBflResult({ status, id: handle.taskId });
    throw bflHttpError(res.status, res.json, res.text, res.headers);
  }
  // A garbled poll answer is worth another poll; the deadline bounds how many.
  const answer = readAnswer(res, bflResultResponse, "BFL's poll answer", { retryable: true });
  return parseBflResult(answer);
}

async function balance(ctx: AdapterContext): Promise<HostBalance> {
  const base = ctx.baseUrl.replace(/\/$/, "");
  const res = await sendRequest({ method: "GET", url: `${base}/v1/credits`, headers: headers(ctx.apiKey) }, ctx);
  if (res.status !== 200) throw bflHttpError(res.status, res.json, res.text, res.headers);
  const { credits } = readAnswer(res, bflCreditsResponse, "BFL's credits answer", { retryable: true });
  // Credits may be fractional; cents of a cent are kept, floating noise is not.
  return { credits, usd: Math.round(credits * CREDIT_USD * 10_000) / 10_000 };
}

export const bflAdapter = defineHost({
  id: "bfl",
  serves: BFL_MODELS,
  secretHeaders: ["x-key"],
  buildRequests,
  submit,
  poll,
  balance,
  pollIntervalMs: 250,
  // 24 active tasks per key (PROVIDERS.md A.4).
  maxConcurrency: 24,
});
