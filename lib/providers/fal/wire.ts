import { z } from "zod";
import { ProviderError, parseRetryAfter, type ErrorCode } from "../errors";
import type { TaskUpdate } from "../types";
import { falOutput, falOutputImages } from "../dialects/fal-flux";

/** fal's queue shapes (PROVIDERS.md B.5). Lenient: unknown fields are ignored. */
export const falSubmitResponse = z.object({
  request_id: z.string().min(1),
  status_url: z.string().url().nullish(),
  response_url: z.string().url().nullish(),
  cancel_url: z.string().url().nullish(),
  queue_position: z.number().nullish(),
});
export type FalSubmitResponse = z.infer<typeof falSubmitResponse>;

export const falStatusResponse = z.object({
  status: z.string(),
  queue_position: z.number().nullish(),
  response_url: z.string().url().nullish(),
});
export type FalStatusResponse = z.infer<typeof falStatusResponse>;

/** Queue states: a model failure is not one of them, it is the result call's answer. */
export function parseFalStatus(body: FalStatusResponse): { state: "pending"; progress: number | null } | { state: "completed" } {
  if (body.status === "COMPLETED") return { state: "completed" };
  // IN_QUEUE, IN_PROGRESS and anything new: still running; the job deadline bounds the wait.
  return { state: "pending", progress: null };
}

export function parseFalResult(json: unknown, text: string): TaskUpdate {
  const parsed = falOutput.safeParse(json);
  const made = parsed.success ? falOutputImages(parsed.data) : [];
  if (made.length === 0) {
    return { state: "failed", error: new ProviderError("provider_error", `fal's result had no images: ${text.slice(0, 200)}`, { retryable: false }) };
  }
  // The safety checker's flagged images come back blanked (has_nsfw_concepts, one per image): not results.
  const flagged = (parsed.success && parsed.data.has_nsfw_concepts) || [];
  const images = made.filter((_, index) => flagged[index] !== true);
  if (images.length === 0) {
    const message = `fal's safety checker flagged every image (has_nsfw_concepts) and blanked it. Where the model has the switch, the checker can be turned off.`;
    return { state: "failed", error: new ProviderError("moderated_output", message, { retryable: false }) };
  }
  return { state: "ready", images, billedUsd: null };
}

interface FastApiIssue {
  loc?: unknown[];
  msg?: string;
  type?: string;
}

const issuesOf = (json: unknown): FastApiIssue[] | null => {
  const detail = (json as { detail?: unknown } | undefined)?.detail;
  return Array.isArray(detail) ? (detail as FastApiIssue[]) : null;
};

/** fal's `detail` (a string, or FastAPI's array of {loc, msg, type}) in a sentence. */
function describeFalError(json: unknown): string | null {
  const body = json as { detail?: unknown; message?: unknown; error_type?: unknown } | undefined;
  const issues = issuesOf(json);
  if (issues) {
    return issues
      .map((d) => {
        const field = Array.isArray(d.loc) ? d.loc.filter((p) => p !== "body").join(".") : "";
        const text = `${d.msg ?? "invalid"}${d.type ? ` (${d.type})` : ""}`;
        return field ? `${field}: ${text}` : text;
      })
      .join("; ");
  }
  const text = typeof body?.detail === "string" ? body.detail : typeof body?.message === "string" ? body.message : null;
  if (text === null) return null;
  return typeof body?.error_type === "string" ? `${text} (${body.error_type})` : text;
}

/** Input fields a content checker can object to: a flag on them is the request's, not the output's. */
const INPUT_FIELDS = ["prompt", "image_url"];

function moderationCode(issues: FastApiIssue[]): ErrorCode | null {
  const flagged = issues.filter((d) => d.type === "content_policy_violation");
  if (flagged.length === 0) return null;
  const onInput = flagged.some((d) => Array.isArray(d.loc) && d.loc.some((p) => INPUT_FIELDS.includes(String(p))));
  return onInput ? "moderated_request" : "moderated_output";
}

const TIMEOUT_TYPES = ["generation_timeout", "request_timeout", "startup_timeout"];

function errorTypeOf(json: unknown, headers: Headers): string | null {
  const type = (json as { error_type?: unknown } | undefined)?.error_type;
  if (typeof type === "string") return type;
  const issueType = issuesOf(json)?.[0]?.type;
  return headers.get("x-fal-error-type") ?? (typeof issueType === "string" ? issueType : null);
}

/** Whether an error body is the request's own outcome (replayed by the result call), not a gateway hiccup. */
export function isFalRequestOutcome(json: unknown, headers: Headers): boolean {
  return issuesOf(json) !== null || errorTypeOf(json, headers) !== null;
}

/** Maps a non-2xx fal answer (PROVIDERS.md B.6) to a ProviderError, keeping fal's own words. */
export function falHttpError(status: number, json: unknown, text: string, headers: Headers): ProviderError {
  const hostMessage = describeFalError(json) ?? (text.slice(0, 300) || `HTTP ${status}`);
  const retryAfterMs = parseRetryAfter(headers.get("retry-after"));
  const hostRetryable = headers.get("x-fal-retryable");
  const opts = { status, retryAfterMs };
  const errorType = errorTypeOf(json, headers);
  const moderation = moderationCode(issuesOf(json) ?? []);
  switch (true) {
    case moderation !== null:
      return new ProviderError(moderation!, `fal's content checker blocked the ${moderation === "moderated_request" ? "request" : "output"} (HTTP ${status}): ${hostMessage}`, opts);
    case status === 401:
      return new ProviderError("auth", `fal rejected the API key (HTTP 401): ${hostMessage}. Check FAL_API_KEY (or FAL_KEY).`, opts);
    // fal answers an exhausted balance with 403 "User is locked", never 402.
    case status === 402 || (status === 403 && /locked|balance/i.test(hostMessage)):
      return new ProviderError("insufficient_credits", `fal: no balance left (HTTP ${status}): ${hostMessage}`, opts);
    case status === 403:
      return new ProviderError("auth", `fal refused access (HTTP 403): ${hostMessage}. Check FAL_API_KEY (or FAL_KEY).`, opts);
    case status === 429:
      return new ProviderError("rate_limited", `fal: too many concurrent requests (HTTP 429): ${hostMessage}`, opts);
    case errorType !== null && TIMEOUT_TYPES.includes(errorType):
      return new ProviderError("timeout", `fal: the generation timed out (HTTP ${status}): ${hostMessage}`, { ...opts, retryable: hostRetryable === "true" });
    case errorType === "client_cancelled":
      return new ProviderError("canceled", `fal: the request was cancelled (HTTP ${status}): ${hostMessage}`, opts);
    case status === 422 || (status === 400 && errorType !== "downstream_service_error"):
      return new ProviderError("invalid_params", `fal refused the parameters (HTTP ${status}): ${hostMessage}`, opts);
    case status >= 500:
      return new ProviderError("provider_error", `fal server error (HTTP ${status}): ${hostMessage}`, { ...opts, retryable: hostRetryable !== "false" });
    default:
      return new ProviderError("provider_error", `fal answered HTTP ${status}: ${hostMessage}`, { ...opts, retryable: false });
  }
}
