import type { ModelId, ParamsOf } from "@/lib/models";
import { defineHost } from "../define-host";
import { ProviderError } from "../errors";
import { readAnswer, sendRequest } from "../http";
import type { AdapterContext, BuildContext, HttpRequest, SubmitResult, TaskHandle, TaskUpdate } from "../types";
import { RUNWARE_MODELS } from "./models";
import { toRunwareTask } from "./request";
import { isDuplicateTask, parseGetResponse, readyUpdate, runwareEnvelope, runwareError, runwareHttpError, taskErrors, taskResults, type ErrorStage } from "./wire";

const headers = (apiKey: string) => ({
  Authorization: `Bearer ${apiKey}`,
  "Content-Type": "application/json",
  accept: "application/json",
});

/** Runware's REST API is a POST of a task array to the base URL itself, for submits and polls alike. */
const endpoint = (baseUrl: string) => baseUrl.replace(/\/$/, "");

function buildRequests<M extends ModelId>(model: M, params: ParamsOf<M>, ctx: BuildContext): HttpRequest[] {
  return [{ method: "POST", url: endpoint(ctx.baseUrl), headers: headers(ctx.apiKey), body: [toRunwareTask(model, params, ctx.requestKey)] }];
}

interface SentTask {
  taskUUID: string;
  numberResults: number;
  outputFormat: string;
  /** An async submit answers before generating: moderation there is the prompt's. */
  errorStage: ErrorStage;
}

function sentTask(request: HttpRequest): SentTask {
  const task = (Array.isArray(request.body) ? request.body.find((t) => t?.taskType === "imageInference") : null) as Record<string, unknown> | null;
  if (!task || typeof task.taskUUID !== "string") {
    throw new ProviderError("invalid_params", "This Runware request carries no imageInference task with a taskUUID", { retryable: false });
  }
  return {
    taskUUID: task.taskUUID,
    numberResults: typeof task.numberResults === "number" ? task.numberResults : 1,
    outputFormat: typeof task.outputFormat === "string" ? task.outputFormat : "JPG",
    errorStage: task.deliveryMethod === "async" ? "submit" : "task",
  };
}

async function submit(request: HttpRequest, ctx: AdapterContext): Promise<SubmitResult> {
  const task = sentTask(request);
  const res = await sendRequest(request, ctx);
  const parsed = runwareEnvelope.safeParse(res.json);
  const handle: TaskHandle = { taskId: task.taskUUID, pollingUrl: request.url, numberResults: task.numberResults, outputFormat: task.outputFormat };
  const errors = parsed.success ? taskErrors(parsed.data, task.taskUUID) : [];
  // A resubmit of this generation (same taskUUID) that Runware refuses as a duplicate: its task runs.
  if (errors.length > 0 && errors.every(isDuplicateTask)) return { handle, billedUsd: null };
  if (res.status < 200 || res.status >= 300) throw runwareHttpError(res.status, res.json, res.text, res.headers, task.errorStage);
  if (!parsed.success) {
    // The task may exist at Runware already, and how it treats a repeated taskUUID is UNVERIFIED:
    // final, rather than risk a second, billed task.
    throw new ProviderError("provider_error", `Runware's answer to the submit was not understood: ${res.text.slice(0, 200)}`, { status: res.status, retryable: false });
  }
  if (errors.length > 0) throw runwareError(errors[0], { status: res.status, stage: task.errorStage, headers: res.headers });
  const results = taskResults(parsed.data, task.taskUUID);
  // An async acknowledgement carries no image; a synchronous answer carries the whole batch.
  if (results.length === 0) return { handle, billedUsd: null };
  const immediate = readyUpdate(results, task.outputFormat);
  return { handle, billedUsd: immediate.billedUsd, immediate };
}

async function poll(handle: TaskHandle, ctx: AdapterContext): Promise<TaskUpdate> {
  const url = typeof handle.pollingUrl === "string" ? handle.pollingUrl : endpoint(ctx.baseUrl);
  const body = [{ taskType: "getResponse", taskUUID: handle.taskId }];
  const res = await sendRequest({ method: "POST", url, headers: headers(ctx.apiKey), body }, ctx);
  if (res.status < 200 || res.status >= 300) throw runwareHttpError(res.status, res.json, res.text, res.headers, "task");
  // A garbled poll answer is worth another poll; the deadline bounds how many.
  const answer = readAnswer(res, runwareEnvelope, "Runware's getResponse answer", { status: res.status, retryable: true });
  const expected = typeof handle.numberResults === "number" ? handle.numberResults : 1;
  const outputFormat = typeof handle.outputFormat === "string" ? handle.outputFormat : "JPG";
  return parseGetResponse(answer, handle.taskId, expected, outputFormat);
}

export const runwareAdapter = defineHost({
  id: "runware",
  serves: RUNWARE_MODELS,
  secretHeaders: ["authorization"],
  buildRequests,
  submit,
  poll,
  pollIntervalMs: 500,
  // The taskUUID we choose names the task: a resubmit is answered for it, or refused as a duplicate.
  resubmitSafe: true,
});
