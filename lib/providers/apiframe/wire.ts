import { z } from "zod";
import { ProviderError, parseRetryAfter } from "../errors";
import { errorText, generationFailure } from "../dialects/replicate-flux";
import type { TaskUpdate } from "../types";

/**
 * USD per Apiframe credit. UNVERIFIED: the v2 docs give no dollar value; this is the legacy v1
 * docs' "An image credit typically cost 0.04$" (docs.apiframe.ai/my-account/image-credits).
 */
export const APIFRAME_CREDIT_USD = 0.04;

const credits = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]);

/** Apiframe's wire shapes (PROVIDERS.md F.3). Lenient: unknown fields are ignored. */
export const apiframeSubmitResponse = z.object({
  jobId: z.string().min(1),
  status: z.string().nullish(),
  creditCost: credits.nullish(),
});

export const APIFRAME_STATUSES = ["QUEUED", "PROCESSING", "COMPLETED", "FAILED"] as const;

export const apiframeJob = z.object({
  id: z.string().nullish(),
  status: z.string(),
  progress: z.number().nullish(),
  result: z.unknown().optional(),
  error: z.unknown().optional(),
  creditCost: credits.nullish(),
});
export type ApiframeJob = z.infer<typeof apiframeJob>;

/**
 * The image URLs of a result, whose shape differs between Apiframe's doc versions (UNVERIFIED,
 * PROVIDERS.md F.3): a bare URL, `{images: [url | {url}]}`, `{imageUrl}` or `{url}`.
 */
export function resultUrls(result: unknown): string[] {
  if (typeof result === "string") return result ? [result] : [];
  if (Array.isArray(result)) return result.flatMap(resultUrls);
  if (!result || typeof result !== "object") return [];
  const { images, imageUrl, url } = result as { images?: unknown; imageUrl?: unknown; url?: unknown };
  return resultUrls(images ?? imageUrl ?? url);
}

export function creditsToUsd(creditCost: number | null | undefined): number | null {
  return typeof creditCost === "number" ? Math.round(creditCost * APIFRAME_CREDIT_USD * 1e6) / 1e6 : null;
}

const failed = (error: ProviderError): TaskUpdate => ({ state: "failed", error });

/** Maps one job answer to our task update; `seed` is the one we sent (jobs do not echo it). */
export function parseApiframeJob(job: ApiframeJob, seed: number | null): TaskUpdate {
  switch (job.status) {
    case "COMPLETED": {
      const urls = resultUrls(job.result);
      if (urls.length === 0) return failed(new ProviderError("provider_error", "Apiframe said COMPLETED but sent no image URL in result", { retryable: false }));
      return { state: "ready", images: urls.map((url) => ({ url, seed })), billedUsd: creditsToUsd(job.creditCost) };
    }
    case "FAILED":
      // Failed jobs are refunded (PROVIDERS.md F.3): nothing billed.
      return failed(generationFailure("Apiframe", errorText(job.error)));
    default: {
      // QUEUED, PROCESSING, or a state added later; progress is 0..100.
      const progress = typeof job.progress === "number" ? Math.min(1, Math.max(0, job.progress / 100)) : null;
      return { state: "pending", progress };
    }
  }
}

/** The error envelope is UNVERIFIED (PROVIDERS.md F.4): `{error}`, or `{message, statusCode}` (message may be a list). */
export function describeApiframeError(json: unknown): string | null {
  if (!json || typeof json !== "object") return null;
  const { message, error } = json as { message?: unknown; error?: unknown };
  if (typeof message === "string" && message) return message;
  if (Array.isArray(message) && message.length > 0) return message.map(String).join("; ");
  if (typeof error === "string" && error) return error;
  const nested = (error as { message?: unknown } | null | undefined)?.message;
  return typeof nested === "string" ? nested : null;
}

/** Maps a non-2xx Apiframe answer (F.4) to a ProviderError, keeping Apiframe's own words. */
export function apiframeHttpError(status: number, json: unknown, text: string, headers: Headers): ProviderError {
  const hostMessage = describeApiframeError(json) ?? (text.slice(0, 300) || `HTTP ${status}`);
  const opts = { status, retryAfterMs: parseRetryAfter(headers.get("retry-after")) };
  switch (true) {
    case status === 401 || status === 403:
      return new ProviderError("auth", `Apiframe rejected the API key (HTTP ${status}): ${hostMessage}. Check APIFRAME_API_KEY.`, opts);
    case status === 402:
      return new ProviderError("insufficient_credits", `Apiframe: not enough credits (HTTP 402): ${hostMessage}`, opts);
    case status === 400 || status === 422:
      return new ProviderError("invalid_params", `Apiframe refused the request (HTTP ${status}): ${hostMessage}`, opts);
    case status === 429:
      return new ProviderError("rate_limited", `Apiframe: rate limit reached (HTTP 429): ${hostMessage}`, opts);
    case status >= 500:
      return new ProviderError("provider_error", `Apiframe server error (HTTP ${status}): ${hostMessage}`, { ...opts, retryable: true });
    default:
      return new ProviderError("provider_error", `Apiframe answered HTTP ${status}: ${hostMessage}`, { ...opts, retryable: false });
  }
}
