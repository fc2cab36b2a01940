import { z } from "zod";
import { ProviderError, parseRetryAfter } from "../errors";
import type { TaskUpdate } from "../types";
import { errorText, generationFailure } from "../dialects/replicate-flux";

/** Replicate's prediction object (PROVIDERS.md C.4). Lenient: unknown fields are ignored. */
export const replicatePrediction = z.object({
  id: z.string().min(1),
  status: z.string(),
  input: z.record(z.string(), z.unknown()).nullish(),
  output: z.unknown().optional(),
  error: z.unknown().optional(),
  logs: z.string().nullish(),
  urls: z.object({ get: z.string().url().nullish(), cancel: z.string().url().nullish() }).nullish(),
});
export type ReplicatePrediction = z.infer<typeof replicatePrediction>;

export const REPLICATE_STATUSES = ["starting", "processing", "succeeded", "failed", "canceled", "aborted"] as const;

/** FLUX 1.1's output is one URL string; the arrays of other models are accepted too. */
export function outputUrls(output: unknown): string[] {
  const values = Array.isArray(output) ? output : [output];
  return values.filter((v): v is string => typeof v === "string" && v !== "");
}

/** The seed used: the input echoed back, else the "Using seed: N" log line of a host-chosen one. */
export function predictionSeed(prediction: Pick<ReplicatePrediction, "input" | "logs">): number | null {
  const sent = prediction.input?.seed;
  if (typeof sent === "number" && Number.isInteger(sent)) return sent;
  const logged = /Using seed: (\d+)/.exec(prediction.logs ?? "");
  return logged ? Number(logged[1]) : null;
}

const failed = (error: ProviderError): TaskUpdate => ({ state: "failed", error });

export function parseReplicatePrediction(prediction: ReplicatePrediction): TaskUpdate {
  switch (prediction.status) {
    case "succeeded": {
      const urls = outputUrls(prediction.output);
      if (urls.length === 0) return failed(new ProviderError("provider_error", "Replicate said succeeded but sent no output URL", { retryable: false }));
      const seed = predictionSeed(prediction);
      return { state: "ready", images: urls.map((url) => ({ url, seed })), billedUsd: null };
    }
    case "failed":
      return failed(generationFailure("Replicate", errorText(prediction.error)));
    case "canceled":
      return failed(new ProviderError("canceled", "Replicate: the prediction was canceled"));
    case "aborted":
      return failed(new ProviderError("timeout", "Replicate aborted the prediction: its Cancel-After deadline passed before it started"));
    default:
      // starting, processing, or a state added later: still running; the job deadline bounds the wait.
      return { state: "pending", progress: null };
  }
}

interface Problem {
  title?: unknown;
  detail?: unknown;
  invalid_fields?: unknown;
  retry_after?: unknown;
}

/** An RFC 7807 problem body (title, detail, invalid_fields) as one line. */
export function describeProblem(json: unknown): string | null {
  if (!json || typeof json !== "object") return null;
  const { title, detail, invalid_fields } = json as Problem;
  const heading = typeof title === "string" ? title : null;
  if (Array.isArray(invalid_fields) && invalid_fields.length > 0) {
    const fields = invalid_fields.map((f: { field?: unknown; description?: unknown }) => [f.field, f.description].filter((v) => typeof v === "string").join(": "));
    return `${heading ?? "Input validation failed"}: ${fields.join("; ")}`;
  }
  if (typeof detail === "string") return heading && heading !== detail ? `${heading}: ${detail.trim()}` : detail.trim();
  return heading;
}

/** Retry-After (header) or `retry_after` (body, seconds), in milliseconds. */
export function replicateRetryAfterMs(json: unknown, headers: Headers): number | null {
  const header = parseRetryAfter(headers.get("retry-after"));
  if (header !== null) return header;
  const body = (json as Problem | null | undefined)?.retry_after;
  return typeof body === "number" && body >= 0 ? body * 1000 : null;
}

/** Maps a non-2xx Replicate answer (C.6) to a ProviderError, keeping Replicate's own words. */
export function replicateHttpError(status: number, json: unknown, text: string, headers: Headers): ProviderError {
  const hostMessage = describeProblem(json) ?? (text.slice(0, 300) || `HTTP ${status}`);
  const opts = { status, retryAfterMs: replicateRetryAfterMs(json, headers) };
  switch (true) {
    case status === 401 || status === 403:
      return new ProviderError("auth", `Replicate rejected the API token (HTTP ${status}): ${hostMessage}. Check REPLICATE_API_KEY (or REPLICATE_API_TOKEN).`, opts);
    case status === 402:
      return new ProviderError("insufficient_credits", `Replicate: not enough credit (HTTP 402): ${hostMessage}`, opts);
    case status === 400 || status === 422:
      return new ProviderError("invalid_params", `Replicate refused the input (HTTP ${status}): ${hostMessage}`, opts);
    case status === 429:
      return new ProviderError("rate_limited", `Replicate throttled the request (HTTP 429): ${hostMessage}`, opts);
    case status >= 500:
      return new ProviderError("provider_error", `Replicate server error (HTTP ${status}): ${hostMessage}`, { ...opts, retryable: true });
    default:
      return new ProviderError("provider_error", `Replicate answered HTTP ${status}: ${hostMessage}`, { ...opts, retryable: false });
  }
}
