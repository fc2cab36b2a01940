import { isUltra, type CanonicalParams, type ModelId } from "@/lib/models";
import { dropped, type ModelCapabilities } from "../capabilities";
import { ProviderError } from "../errors";
import { readAnswer, sendRequest } from "../http";
import { replicateSchemaCapabilities } from "../replicate/input";
import type { AdapterContext, BuildContext, HttpRequest, ProviderAdapter, SubmitResult, TaskHandle, TaskUpdate } from "../types";
import { APIFRAME_GENERATE_PATH, APIFRAME_PROMPT_MAX, idempotencyKey, toApiframeBody } from "./request";
import { apiframeHttpError, apiframeJob, apiframeSubmitResponse, creditsToUsd, parseApiframeJob } from "./wire";

const keyHeaders = (apiKey: string) => ({ "X-API-Key": apiKey, accept: "application/json" });

const base = (url: string) => url.replace(/\/$/, "");

function buildRequests(model: ModelId, params: CanonicalParams, ctx: BuildContext): HttpRequest[] {
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

function capabilities(model: ModelId): ModelCapabilities {
  const caps = replicateSchemaCapabilities(model, {
    name: "Apiframe",
    unit: "job",
    wire: (field) => `fluxParams.${field}`,
    prompt: {
      treatment: "passthrough",
      wire: "prompt",
      note: `at most ${APIFRAME_PROMPT_MAX} characters`,
      warn: (value) => (typeof value === "string" && value.length > APIFRAME_PROMPT_MAX ? `Apiframe accepts at most ${APIFRAME_PROMPT_MAX} characters: it will refuse this prompt` : null),
    },
  });
  // What Apiframe's docs leave open (PROVIDERS.md F.2, K.5) is sent as Replicate takes it.
  // UNVERIFIED that Apiframe forwards these; its docs show an https URL for the image prompt.
  caps.safety_tolerance = { ...caps.safety_tolerance, note: `${caps.safety_tolerance.note} (unconfirmed that Apiframe forwards it)` };
  caps.image_prompt = { ...caps.image_prompt, note: "sent inline as an embedded image (unconfirmed: Apiframe's docs show a web address)" };
  if (!isUltra(model)) return caps;
  caps.raw = { ...caps.raw, note: "unconfirmed that Apiframe forwards it" };
  // UNVERIFIED: Replicate's Ultra, which Apiframe's mirrors, has no prompt upsampling.
  caps.prompt_upsampling = dropped("Apiframe's Ultra mirrors Replicate's, which has no prompt upsampling: not sent");
  return caps;
}

export const apiframeAdapter: ProviderAdapter = {
  id: "apiframe",
  name: "Apiframe",
  defaultBaseUrl: "https://api.apiframe.ai",
  env: { apiKey: ["APIFRAME_API_KEY"], baseUrl: "APIFRAME_BASE_URL" },
  docsUrl: "https://docs-v2.apiframe.ai/images/flux/flux-1-1-pro",
  models: ["flux-pro-1.1", "flux-pro-1.1-ultra"],
  capabilities: { "flux-pro-1.1": capabilities("flux-pro-1.1"), "flux-pro-1.1-ultra": capabilities("flux-pro-1.1-ultra") },
  secretHeaders: ["x-api-key"],
  buildRequests,
  submit,
  poll,
  pollIntervalMs: 500,
  // The Idempotency-Key returns the job a lost submit created.
  resubmitSafe: true,
};
