import { env } from "@/lib/env";
import { unsafeTextIssues, unsafeTextReason } from "@/lib/validation/input";
import { bodyLimitFor, declaredTooLarge, tooLargeMessage } from "./body-limit";
import { clientAddress, isLoopback } from "./client-address";
import { TokenBuckets } from "./rate-limit";

/**
 * What the proxy checks of every request before a handler runs, after the cross-site guard:
 * the per-client rate limit, the URL's text (path ids and query values), a declared body size,
 * and a server action's arguments (Next would answer a missing or broken body with a 500).
 * Each refusal is the API's error envelope.
 */
const refuse = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  Response.json({ error: { code, message } }, { status, headers });

type Scope = "public" | "api";

/** Anonymous public pages and files (share pages, their cards, images) and the JSON API. */
function rateScope(pathname: string): Scope | null {
  if (pathname === "/api/v1" || pathname.startsWith("/api/v1/")) return "api";
  if (pathname.startsWith("/s/") || pathname.startsWith("/api/images/")) return "public";
  return null;
}

const buckets = ((globalThis as unknown as { __fluxRateBuckets?: Map<string, TokenBuckets> }).__fluxRateBuckets ??= new Map());

function bucketsFor(scope: Scope, perMinute: number): TokenBuckets {
  const key = `${scope}:${perMinute}`;
  let found = buckets.get(key);
  if (!found) buckets.set(key, (found = new TokenBuckets(perMinute)));
  return found;
}

function rateLimited(pathname: string, headers: Headers): Response | null {
  const scope = rateScope(pathname);
  if (!scope) return null;
  const e = env();
  const perMinute = scope === "api" ? e.API_RATE_LIMIT : e.PUBLIC_RATE_LIMIT;
  const client = clientAddress(headers, e.TRUST_PROXY);
  // The machine itself is never limited: the server calls its own sandbox hosts and images over loopback.
  if (perMinute === 0 || isLoopback(client)) return null;
  const decision = bucketsFor(scope, perMinute).take(client);
  if (decision.ok) return null;
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  const variable = scope === "api" ? "API_RATE_LIMIT" : "PUBLIC_RATE_LIMIT";
  return refuse(429, "rate_limited", `Too many requests from your address (${perMinute} a minute, ${variable}): try again in ${seconds} s`, { "Retry-After": String(seconds) });
}

/** The first path segment or query value that is not text (NUL, a lone surrogate, broken UTF-8). */
function badUrlText(url: URL): string | null {
  for (const segment of url.pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return `The path segment "${segment.slice(0, 40)}" is not valid percent-encoded UTF-8`;
    }
    const reason = unsafeTextReason(decoded);
    if (reason) return `The path segment ${JSON.stringify(decoded.slice(0, 40))} ${reason}`;
  }
  for (const pair of url.search.replace(/^\?/, "").split("&")) {
    if (!pair) continue;
    const [rawName, ...rest] = pair.split("=");
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, " "));
      value = decodeURIComponent(rest.join("=").replace(/\+/g, " "));
    } catch {
      return `The query parameter ${JSON.stringify(rawName.slice(0, 40))} is not valid percent-encoded UTF-8`;
    }
    const reason = unsafeTextReason(name) ?? unsafeTextReason(value);
    if (reason) return `The query parameter ${JSON.stringify(name.replace(/\0/g, "\\0").slice(0, 40))} ${reason}`;
  }
  return null;
}

/** A server action's body as Next's client sends it: a JSON array of arguments, or a form. */
async function badActionBody(request: Request): Promise<string | null> {
  const type = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase() ?? "";
  if (type === "multipart/form-data" || type === "application/x-www-form-urlencoded") {
    const form = await request.formData().catch(() => null);
    if (!form) return "A server action's form body could not be read";
    for (const [name, value] of form) {
      const reason = unsafeTextReason(name) ?? (typeof value === "string" ? unsafeTextReason(value) : null);
      if (reason) return `The form field ${JSON.stringify(name.replace(/\0/g, "\\0").slice(0, 40))} ${reason}`;
    }
    return null;
  }
  const text = await request.text().catch(() => "");
  let args: unknown;
  try {
    args = JSON.parse(text);
  } catch {
    return text.trim() === "" ? "A server action call needs its arguments: the body is empty" : "A server action's arguments must be JSON, as the page sends them";
  }
  if (!Array.isArray(args)) return "A server action's arguments must be a JSON array";
  const issue = unsafeTextIssues(args, ["arguments"])[0];
  if (issue) return `${issue.path.join(".")}: ${issue.message}`;
  const reference = strayReference(args);
  return reference === null ? null : `A server action's argument ${JSON.stringify(reference.slice(0, 40))} is not React's encoding of a value (a literal "$" is sent as "$$")`;
}

/**
 * React's reply encoding gives strings starting with "$" a meaning: an escaped "$", undefined,
 * NaN, a date, a bigint, or a reference to another part of a multipart body. A JSON body has no
 * other parts, so any other "$..." string would make Next's decoder throw (a 500): refused here.
 */
const PLAIN_VALUE = /^\$(?:\$.*|undefined|NaN|Infinity|-Infinity|-0|D.*|n-?\d+)$/s;

function strayReference(value: unknown, depth = 0): string | null {
  if (typeof value === "string") return value.startsWith("$") && !PLAIN_VALUE.test(value) ? value : null;
  if (depth > 32 || value === null || typeof value !== "object") return null;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    const found = strayReference(child, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

export async function limitRequest(request: Request): Promise<Response | null> {
  const url = new URL(request.url);
  const limited = rateLimited(url.pathname, request.headers);
  if (limited) return limited;
  const badText = badUrlText(url);
  if (badText) return refuse(400, "invalid_request", badText);
  if (request.method === "GET" || request.method === "HEAD") return null;
  const serverAction = request.method === "POST" && request.headers.has("next-action");
  const limit = bodyLimitFor({ pathname: url.pathname, method: request.method, serverAction }, env().MAX_BODY_BYTES);
  // A declared size is refused before one byte is read; a chunked body is stopped by the route's reader.
  if (declaredTooLarge(request.headers.get("content-length"), limit)) return refuse(413, "payload_too_large", tooLargeMessage(limit));
  if (serverAction) {
    const bad = await badActionBody(request);
    if (bad) return refuse(400, "invalid_request", bad);
  }
  return null;
}
