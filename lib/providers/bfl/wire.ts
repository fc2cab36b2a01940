import { z } from "zod";
import { ProviderError, parseRetryAfter } from "../errors";
import type { TaskUpdate } from "../types";

/** BFL's wire shapes (PROVIDERS.md A). Lenient: unknown fields are ignored, nullable ones tolerated. */
export const bflSubmitResponse = z.object({
  id: z.string().min(1),
  polling_url: z.string().url().nullish(),
  /** Credits (1 credit = $0.01); null for FLUX 1.1 in every recording. */
  cost: z.number().nullish(),
  input_mp: z.number().nullish(),
  output_mp: z.number().nullish(),
});
export type BflSubmitResponse = z.infer<typeof bflSubmitResponse>;

export const BFL_STATUSES = ["Pending", "Ready", "Error", "Content Moderated", "Request Moderated", "Task not found"] as const;

export const bflResultResponse = z.object({
  id: z.string().nullish(),
  status: z.string(),
  result: z
    .object({ sample: z.string().url().nullish(), seed: z.number().int().nullish(), prompt: z.string().nullish() })
    .passthrough()
    .nullish(),
  progress: z.number().nullish(),
  details: z.record(z.string(), z.unknown()).nullish(),
});
export type BflResultResponse = z.infer<typeof bflResultResponse>;

export const CREDIT_USD = 0.01;

/** `GET /v1/credits` (PROVIDERS-MODELS.md section 5): the balance behind the key, in credits. */
export const bflCreditsResponse = z.object({ credits: z.number() });

/** Maps one poll answer to our task update. Moderation arrives as a 200 status, not an HTTP error. */
export function parseBflResult(body: BflResultResponse): TaskUpdate {
  const details = body.details ? ` ${JSON.stringify(body.details)}` : "";
  switch (body.status) {
    case "Pending":
      return { state: "pending", progress: body.progress ?? null };
    case "Ready": {
      if (!body.result?.sample) {
        return { state: "failed", error: new ProviderError("provider_error", "BFL said Ready but sent no result.sample URL", { retryable: false }) };
      }
      return { state: "ready", images: [{ url: body.result.sample, seed: body.result.seed ?? null }], billedUsd: null };
    }
    case "Content Moderated":
      return { state: "failed", error: new ProviderError("moderated_output", `BFL's moderation blocked the generated image (Content Moderated).${details} Moderated tasks are not charged.`) };
    case "Request Moderated":
      return { state: "failed", error: new ProviderError("moderated_request", `BFL's moderation blocked the prompt or image prompt (Request Moderated).${details} Moderated tasks are not charged.`) };
    case "Task not found":
      return { state: "failed", error: new ProviderError("provider_error", "BFL does not know this task (Task not found): unknown or expired id", { retryable: false }) };
    case "Error":
    case "Failed":
      return { state: "failed", error: new ProviderError("provider_error", `BFL reported the generation failed (${body.status}).${details}`, { retryable: false }) };
    default:
      // Unknown states are treated as still running; the job deadline bounds the wait.
      return { state: "pending", progress: body.progress ?? null };
  }
}

/** FastAPI's `detail`: a string, or an array of {loc, msg, type}. */
function describeDetail(json: unknown): string | null {
  const detail = (json as { detail?: unknown } | undefined)?.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((d: { loc?: unknown[]; msg?: string }) => {
        const field = Array.isArray(d.loc) ? d.loc.filter((p) => p !== "body").join(".") : "";
        return field ? `${field}: ${d.msg ?? "invalid"}` : (d.msg ?? "invalid");
      })
      .join("; ");
  }
  const message = (json as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : null;
}

/** Maps a non-200 BFL answer (A.4) to a ProviderError, keeping BFL's own words. */
export function bflHttpError(status: number, json: unknown, text: string, headers: Headers): ProviderError {
  const hostMessage = describeDetail(json) ?? (text.slice(0, 300) || `HTTP ${status}`);
  const retryAfterMs = parseRetryAfter(headers.get("retry-after"));
  const opts = { status, retryAfterMs };
  switch (true) {
    case status === 401 || status === 403:
      return new ProviderError("auth", `BFL rejected the API key (HTTP ${status}): ${hostMessage}. Check BFL_API_KEY.`, opts);
    case status === 402:
      return new ProviderError("insufficient_credits", `BFL: not enough credits (HTTP 402): ${hostMessage}`, opts);
    case status === 422 || status === 400:
      return new ProviderError("invalid_params", `BFL refused the parameters (HTTP ${status}): ${hostMessage}`, opts);
    case status === 429:
      return new ProviderError("rate_limited", `BFL: too many active tasks (HTTP 429): ${hostMessage}`, opts);
    case status >= 500:
      return new ProviderError("provider_error", `BFL server error (HTTP ${status}): ${hostMessage}`, { ...opts, retryable: true });
    default:
      return new ProviderError("provider_error", `BFL answered HTTP ${status}: ${hostMessage}`, { ...opts, retryable: false });
  }
}
