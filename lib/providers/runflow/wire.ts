import { z } from "zod";
import { ProviderError, parseRetryAfter } from "../errors";
import { falOutput, falOutputImages } from "../dialects/fal-flux";
import type { TaskUpdate } from "../types";

/** Runflow's run object (PROVIDERS.md G.3). Lenient: unknown fields are ignored, nullable ones tolerated. */
export const runflowRun = z.object({
  id: z.string().min(1),
  status_code: z.string(),
  input: z.record(z.string(), z.unknown()).nullish(),
  output: z.unknown().nullish(),
  /** A decimal string in USD ("0.04"). */
  cost: z.union([z.string(), z.number()]).nullish(),
  failure_code: z.string().nullish(),
  failure_message: z.string().nullish(),
  failure_stage_code: z.string().nullish(),
});
export type RunflowRun = z.infer<typeof runflowRun>;

export const RUNFLOW_STATUSES = ["queued", "dispatching", "running", "succeeded", "failed", "canceled", "cancelled", "partial_succeeded"] as const;

export function parseRunflowCost(cost: RunflowRun["cost"]): number | null {
  if (cost === null || cost === undefined || cost === "") return null;
  const usd = Number(cost);
  return Number.isFinite(usd) && usd >= 0 ? usd : null;
}

const MODERATION = /MODERAT|CONTENT_POLICY|NSFW|SAFETY/i;
const REQUEST_SIDE = /REQUEST|PROMPT|INPUT/i;

function runFailure(run: RunflowRun): ProviderError {
  const code = run.failure_code ?? "";
  const stage = run.failure_stage_code ? `, stage ${run.failure_stage_code}` : "";
  const text = `${run.failure_message ?? "no message"} (${code || "no failure_code"}${stage})`;
  if (MODERATION.test(code)) {
    const onRequest = REQUEST_SIDE.test(code) || REQUEST_SIDE.test(run.failure_stage_code ?? "");
    return new ProviderError(onRequest ? "moderated_request" : "moderated_output", `Runflow's moderation blocked the ${onRequest ? "request" : "output"}: ${text}`);
  }
  if (/TIMEOUT/i.test(code)) return new ProviderError("timeout", `Runflow: the run timed out: ${text}`, { retryable: false });
  return new ProviderError("provider_error", `Runflow reported the run failed: ${text}`, { retryable: false });
}

/** Maps one run object to our task update. */
export function parseRunflowRun(run: RunflowRun): TaskUpdate {
  switch (run.status_code) {
    case "succeeded":
    case "partial_succeeded": {
      const output = falOutput.safeParse(run.output ?? {});
      const inputSeed = typeof run.input?.seed === "number" ? run.input.seed : null;
      const images = output.success ? falOutputImages(output.data, inputSeed) : [];
      if (images.length === 0) {
        return { state: "failed", error: new ProviderError("provider_error", `Runflow said ${run.status_code} but sent no image URLs: ${JSON.stringify(run.output ?? null).slice(0, 200)}`, { retryable: false }) };
      }
      return { state: "ready", images, billedUsd: parseRunflowCost(run.cost) };
    }
    case "failed":
      return { state: "failed", error: runFailure(run) };
    case "canceled":
    case "cancelled":
      return { state: "failed", error: new ProviderError("canceled", `Runflow: the run was canceled (${run.status_code})`) };
    default:
      // queued, dispatching, running and anything new: still running; the job deadline bounds the wait.
      return { state: "pending", progress: null };
  }
}

/** `{code, message, errors[]}`: the message, then each field's complaint. */
function describeRunflowError(json: unknown): string | null {
  const body = json as { code?: unknown; message?: unknown; errors?: unknown } | undefined;
  if (!body || typeof body !== "object") return null;
  const parts: string[] = [];
  if (typeof body.message === "string") parts.push(body.message);
  if (Array.isArray(body.errors)) {
    for (const e of body.errors as { field?: unknown; message?: unknown }[]) {
      const message = typeof e?.message === "string" ? e.message : JSON.stringify(e);
      parts.push(typeof e?.field === "string" ? `${e.field}: ${message}` : message);
    }
  }
  if (parts.length === 0) return null;
  return typeof body.code === "string" ? `${parts.join("; ")} (${body.code})` : parts.join("; ");
}

const retryAfterOf = (json: unknown, headers: Headers): number | null => {
  const header = parseRetryAfter(headers.get("retry-after"));
  if (header !== null) return header;
  const seconds = (json as { retry_after?: unknown } | undefined)?.retry_after;
  return typeof seconds === "number" && seconds >= 0 ? seconds * 1000 : null;
};

/** Maps a non-2xx Runflow answer (PROVIDERS.md G.4) to a ProviderError, keeping Runflow's own words. */
export function runflowHttpError(status: number, json: unknown, text: string, headers: Headers): ProviderError {
  const hostMessage = describeRunflowError(json) ?? (text.slice(0, 300) || `HTTP ${status}`);
  const opts = { status, retryAfterMs: retryAfterOf(json, headers) };
  switch (true) {
    case status === 401 || status === 403:
      return new ProviderError("auth", `Runflow refused the API key (HTTP ${status}): ${hostMessage}. Check RUNFLOW_API_KEY.`, opts);
    case status === 402:
      return new ProviderError("insufficient_credits", `Runflow: not enough credit (HTTP 402): ${hostMessage}`, opts);
    case status === 400 || status === 422:
      return new ProviderError("invalid_params", `Runflow refused the parameters (HTTP ${status}): ${hostMessage}`, opts);
    case status === 429:
      return new ProviderError("rate_limited", `Runflow: too many requests (HTTP 429): ${hostMessage}`, opts);
    case status >= 500:
      return new ProviderError("provider_error", `Runflow server error (HTTP ${status}): ${hostMessage}`, { ...opts, retryable: true });
    default:
      // 404 (unknown run or model), 409 (a run with this client_ref exists): another try cannot help.
      return new ProviderError("provider_error", `Runflow answered HTTP ${status}: ${hostMessage}`, { ...opts, retryable: false });
  }
}
