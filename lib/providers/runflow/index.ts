import type { ModelId, ParamsOf } from "@/lib/models";
import { defineHost } from "../define-host";
import { ProviderError } from "../errors";
import { readAnswer, sendRequest, type HttpResult } from "../http";
import type { AdapterContext, BuildContext, HttpRequest, SubmitResult, TaskHandle, TaskUpdate } from "../types";
import { RUNFLOW_MODELS } from "./models";
import { cancelPath, runflowModel, runflowPath, runPath, toRunflowBody } from "./request";
import { parseRunflowCost, parseRunflowRun, runflowHttpError, runflowRun } from "./wire";

const headers = (apiKey: string) => ({
  Authorization: `Bearer ${apiKey}`,
  "Content-Type": "application/json",
  Accept: "application/json",
});

const ok = (res: HttpResult) => res.status >= 200 && res.status < 300;

function buildRequests<M extends ModelId>(model: M, params: ParamsOf<M>, ctx: BuildContext): HttpRequest[] {
  const base = ctx.baseUrl.replace(/\/$/, "");
  const url = `${base}${runflowPath(model, params)}`;
  const count = runflowModel(model).imagePerRequest ? params.num_images : 1;
  return Array.from({ length: count }, (_, index) => ({ method: "POST" as const, url, headers: headers(ctx.apiKey), body: toRunflowBody(model, params, ctx.requestKey, index) }));
}

async function submit(request: HttpRequest, ctx: AdapterContext): Promise<SubmitResult> {
  const res = await sendRequest(request, ctx);
  // 201 or 202 (UNVERIFIED which, PROVIDERS.md G.3): any 2xx is a created run.
  if (!ok(res)) throw runflowHttpError(res.status, res.json, res.text, res.headers);
  // The run may exist at Runflow already: retrying could bill twice, so this is final.
  const run = readAnswer(res, runflowRun, "Runflow's create-run answer", { retryable: false });
  const base = request.url.replace(/\/v1\/models\/.*$/, "");
  const update = parseRunflowRun(run);
  return {
    handle: { taskId: run.id, pollingUrl: `${base}${runPath(run.id)}`, cancelUrl: `${base}${cancelPath(run.id)}` },
    billedUsd: parseRunflowCost(run.cost),
    ...(update.state === "pending" ? {} : { immediate: update }),
  };
}

const handleUrl = (handle: TaskHandle, key: "pollingUrl" | "cancelUrl"): string => {
  const url = handle[key];
  if (typeof url !== "string") throw new ProviderError("provider_error", `This Runflow run has no ${key}`, { retryable: false });
  return url;
};

async function poll(handle: TaskHandle, ctx: AdapterContext): Promise<TaskUpdate> {
  const res = await sendRequest({ method: "GET", url: handleUrl(handle, "pollingUrl"), headers: headers(ctx.apiKey) }, ctx);
  if (!ok(res)) throw runflowHttpError(res.status, res.json, res.text, res.headers);
  // A garbled poll answer is worth another poll; the deadline bounds how many.
  const answer = readAnswer(res, runflowRun, "Runflow's run answer", { retryable: true });
  return parseRunflowRun(answer);
}

async function cancel(handle: TaskHandle, ctx: AdapterContext): Promise<void> {
  const res = await sendRequest({ method: "POST", url: handleUrl(handle, "cancelUrl"), headers: headers(ctx.apiKey) }, ctx);
  // 409: the run has already ended, nothing left to stop.
  if (ok(res) || res.status === 409) return;
  throw runflowHttpError(res.status, res.json, res.text, res.headers);
}

export const runflowAdapter = defineHost({
  id: "runflow",
  serves: RUNFLOW_MODELS,
  secretHeaders: ["authorization"],
  buildRequests,
  submit,
  poll,
  cancel,
  pollIntervalMs: 500,
});
