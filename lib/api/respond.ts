import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { bodyLimitFor, readLimitedBody, tooLargeMessage } from "@/lib/security/body-limit";

/** JSON with the time the server spent on it (Server-Timing: the browser's devtools and the bench read it). */
export function timedJson(body: unknown, startedAt: number): Response {
  return Response.json(body, { headers: { "Server-Timing": `app;dur=${(performance.now() - startedAt).toFixed(1)}` } });
}

/**
 * The one JSON body reader of the API's routes: at most the route's body limit (413 beyond it,
 * counted while streaming), then JSON (400 when malformed), thrown as AppErrors for route() to answer.
 * `optional`: an empty body is `undefined`.
 */
export async function readJson(request: Request, opts: { optional?: boolean } = {}): Promise<unknown> {
  const limit = bodyLimitFor({ pathname: new URL(request.url).pathname, method: request.method, serverAction: false }, env().MAX_BODY_BYTES);
  const bytes = await readLimitedBody(request, limit).catch(() => new Uint8Array(0));
  if (!bytes) throw new AppError("payload_too_large:api", tooLargeMessage(limit));
  const text = new TextDecoder().decode(bytes);
  if (opts.optional && text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request:api", "The request body must be JSON (Content-Type: application/json)");
  }
}

/** A list's `limit` query parameter: a whole number from 1 to `max` (default 24), else 400 naming it. */
export function pageLimit(query: URLSearchParams, max: number): number {
  const limit = query.has("limit") ? Number(query.get("limit")) : 24;
  if (Number.isInteger(limit) && limit >= 1 && limit <= max) return limit;
  throw new AppError("bad_request:api", `limit must be a whole number from 1 to ${max}`, { issues: [{ path: "limit", message: `1 to ${max}` }] });
}
