import type { CanonicalParams, ModelId } from "@/lib/models";
import { ProviderError } from "../errors";
import { readAnswer, sendRequest } from "../http";
import { pass, type ModelCapabilities } from "../capabilities";
import type { AdapterContext, BuildContext, HostBalance, HttpRequest, ProviderAdapter, SubmitResult, TaskHandle, TaskUpdate } from "../types";
import { BFL_MODEL_PATHS, toBflBody } from "./request";
import { bflCreditsResponse, bflHttpError, bflResultResponse, bflSubmitResponse, CREDIT_USD, parseBflResult } from "./wire";

const headers = (apiKey: string) => ({
  "x-key": apiKey,
  "Content-Type": "application/json",
  accept: "application/json",
});

function buildRequests(model: ModelId, params: CanonicalParams, ctx: BuildContext): HttpRequest[] {
  const base = ctx.baseUrl.replace(/\/$/, "");
  return Array.from({ length: params.num_images }, (_, index) => ({
    method: "POST" as const,
    url: `${base}${BFL_MODEL_PATHS[model]}`,
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

/** BFL is the model's maker: canonical parameters are its own, so everything passes through. */
const common: ModelCapabilities = {
  prompt: pass(),
  seed: pass(),
  num_images: { treatment: "emulated", note: "BFL makes one image per task: n images are n tasks, image i with seed + i" },
  safety_tolerance: pass(),
  prompt_upsampling: pass(),
  output_format: pass(),
  image_prompt: { treatment: "converted", wire: "image_prompt", note: "sent inline as bare base64" },
};

export const bflAdapter: ProviderAdapter = {
  id: "bfl",
  name: "Black Forest Labs",
  defaultBaseUrl: "https://api.bfl.ai",
  env: { apiKey: ["BFL_API_KEY"], baseUrl: "BFL_BASE_URL" },
  docsUrl: "https://docs.bfl.ai/api-reference",
  models: ["flux-pro-1.1", "flux-pro-1.1-ultra"],
  capabilities: {
    "flux-pro-1.1": { ...common, width: pass(), height: pass() },
    "flux-pro-1.1-ultra": {
      ...common,
      aspect_ratio: pass(),
      raw: pass(),
      image_prompt_strength: { treatment: "passthrough", note: "sent only with an image prompt" },
    },
  },
  secretHeaders: ["x-key"],
  buildRequests,
  submit,
  poll,
  balance,
  pollIntervalMs: 250,
  // 24 active tasks per key (PROVIDERS.md A.4).
  maxConcurrency: 24,
};
