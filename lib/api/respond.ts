import { env } from "@/lib/env";
import type { FieldIssue } from "@/lib/models";
import { bodyLimitFor, readLimitedBody, tooLargeMessage } from "@/lib/security/body-limit";

/** The JSON API's error body: a stable code, a message a person can act on, and field issues. */
export type ApiErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "budget_exceeded"
  | "rate_limited"
  | "host_error"
  | "internal";

export function apiError(status: number, code: ApiErrorCode, message: string, issues?: FieldIssue[]): Response {
  return Response.json({ error: { code, message, ...(issues ? { issues } : {}) } }, { status });
}

/** A budget or rate limit's refusal: 429 with when it resets, in the body and as Retry-After (seconds). */
export function limitExceeded(limit: { code: "budget_exceeded" | "rate_limited"; message: string; resetAt: string }): Response {
  const retryAfter = Math.max(1, Math.ceil((Date.parse(limit.resetAt) - Date.now()) / 1000));
  return Response.json({ error: limit }, { status: 429, headers: { "Retry-After": String(retryAfter) } });
}

/** JSON with the time the server spent on it (Server-Timing: the browser's devtools and the bench read it). */
export function timedJson(body: unknown, startedAt: number): Response {
  return Response.json(body, { headers: { "Server-Timing": `app;dur=${(performance.now() - startedAt).toFixed(1)}` } });
}

/** A service's refusal as the API's error: 404 is not_found, any other status invalid_request. */
export function apiFailure(failure: { status: number; message: string; issues?: FieldIssue[] }): Response {
  return apiError(failure.status, failure.status === 404 ? "not_found" : "invalid_request", failure.message, failure.issues);
}

/**
 * The one JSON body reader of the API's routes: at most the route's body limit (413 beyond it,
 * counted while streaming), then JSON (400 when malformed). `optional`: an empty body is `undefined`.
 */
export async function readJson(request: Request, opts: { optional?: boolean } = {}): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  const limit = bodyLimitFor({ pathname: new URL(request.url).pathname, method: request.method, serverAction: false }, env().MAX_BODY_BYTES);
  const bytes = await readLimitedBody(request, limit).catch(() => new Uint8Array(0));
  if (!bytes) return { ok: false, response: apiError(413, "payload_too_large", tooLargeMessage(limit)) };
  const text = new TextDecoder().decode(bytes);
  if (opts.optional && text.trim() === "") return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, response: apiError(400, "invalid_request", "The request body must be JSON (Content-Type: application/json)") };
  }
}
