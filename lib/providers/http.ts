import type { z } from "zod";
import { appOrigin, env } from "@/lib/env";
import { AddressRefusedError, checkResolvedUrl, isAllowedHost, loopbackAliases } from "@/lib/security/address-guard";
import { guardedFetch, GuardedFetchError, megabytes } from "@/lib/security/guarded-fetch";
import { ProviderError } from "./errors";
import type { AdapterContext, HttpExchange, HttpRequest } from "./types";
import { REDACTED, scrubText, scrubValue, secretsToScrub } from "@/lib/security/scrub-secrets";

export interface HttpResult {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
  text: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Sends a described request. Transport failures become `network`, a request exceeding its time
 * becomes `timeout`, and the caller's own abort (a cancel) becomes `canceled`; HTTP statuses are
 * returned as they are, for the adapter to map with its host's own error shapes.
 *
 * Nothing the host says reaches the adapter (and so its errors), the inspector or a log with a key
 * in it: the answer is scrubbed of every configured key and of the run's own here, once.
 */
export async function sendRequest(request: HttpRequest, ctx: AdapterContext): Promise<HttpResult> {
  const startedAt = Date.now();
  const secrets = secretsToScrub([ctx.apiKey]);
  const sent = { ...request, headers: { ...request.headers, ...ctx.extraHeaders } };
  try {
    const raw = await send(request, ctx);
    const result: HttpResult = { status: raw.status, headers: scrubHeaders(raw.headers, secrets), json: scrubValue(raw.json, secrets), text: scrubText(raw.text, secrets) };
    ctx.record?.({
      at: new Date(startedAt).toISOString(),
      durationMs: Date.now() - startedAt,
      request: sent,
      response: { status: result.status, headers: Object.fromEntries(result.headers), body: result.json ?? result.text.slice(0, RECORDED_TEXT_MAX) },
    });
    return result;
  } catch (error) {
    // Transport errors quote what they could not send (undici names an invalid header's value).
    if (error instanceof Error) error.message = scrubText(error.message, secrets);
    ctx.record?.({
      at: new Date(startedAt).toISOString(),
      durationMs: Date.now() - startedAt,
      request: sent,
      response: { error: (error as Error).message },
    });
    throw error;
  }
}

const RECORDED_TEXT_MAX = 2000;

function scrubHeaders(headers: Headers, secrets: readonly string[]): Headers {
  const out = new Headers();
  for (const [name, value] of headers) out.append(name, scrubText(value, secrets));
  return out;
}

/** A host may move a request (a new API domain, a load balancer); a few hops are plenty. */
export const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that carry credentials whatever the host calls its own key header. */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie"]);

/**
 * The headers for the next hop of a redirect. Another origin (scheme, name or port) never gets a
 * key: `fetch` itself drops only Authorization, not a host's own `x-key` or `X-API-Key`.
 */
export function headersForHop(headers: Record<string, string>, from: URL, to: URL, apiKey: string): Record<string, string> {
  if (from.origin === to.origin) return headers;
  return Object.fromEntries(
    Object.entries(headers).filter(([name, value]) => !CREDENTIAL_HEADERS.has(name.toLowerCase()) && !(apiKey && value.includes(apiKey))),
  );
}

/** Where a host's requests may go without the address check: its own base URL, our sandbox, IMAGE_FETCH_ALLOW_HOSTS. */
function trustedForHost(url: URL, baseUrl: string): boolean {
  const origins = [...loopbackAliases(new URL(baseUrl).origin), ...loopbackAliases(appOrigin())];
  return origins.includes(url.origin) || isAllowedHost(url, env().IMAGE_FETCH_ALLOW_HOSTS);
}

/**
 * A URL the host handed us (a polling URL, a redirect) gets our key: it must not lead to a private
 * address (the cloud's metadata service, the intranet), whose answer would land in the inspector.
 */
async function checkHostAddress(url: URL, baseUrl: string): Promise<void> {
  if (trustedForHost(url, baseUrl)) return;
  try {
    await checkResolvedUrl(url, "The host's URL");
  } catch (error) {
    if (error instanceof AddressRefusedError) throw new ProviderError("provider_error", `Not sent: ${error.message}`, { retryable: false });
    throw error;
  }
}

/** A data: URL as the bytes and type of a file part. */
function fileOf(dataUrl: string): { type: string; bytes: Buffer } {
  const match = /^data:([^;,]+)?(;base64)?,/.exec(dataUrl);
  if (!match) throw new ProviderError("invalid_params", "A file to upload is not a data: URL", { retryable: false });
  const payload = dataUrl.slice(match[0].length);
  return { type: match[1] ?? "application/octet-stream", bytes: match[2] ? Buffer.from(payload, "base64") : Buffer.from(decodeURIComponent(payload)) };
}

/**
 * A multipart request's form: its files as file parts (named by type), the other fields as text. A list
 * of files goes as repeated `name[]` parts, as OpenAI's client sends an image list.
 */
function formOf(request: HttpRequest): FormData {
  const form = new FormData();
  const appendFile = (name: string, value: unknown) => {
    const { type, bytes } = fileOf(String(value));
    form.append(name, new Blob([new Uint8Array(bytes)], { type }), `${name.replace("[]", "")}.${type.split("/")[1] ?? "bin"}`);
  };
  for (const [name, value] of Object.entries(request.body as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    if (request.multipart!.files.includes(name)) {
      if (Array.isArray(value)) for (const file of value) appendFile(`${name}[]`, file);
      else appendFile(name, value);
    } else {
      form.append(name, typeof value === "object" ? JSON.stringify(value) : String(value));
    }
  }
  return form;
}

async function send(request: HttpRequest, ctx: AdapterContext): Promise<HttpResult> {
  const timeoutMs = ctx.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  let url = new URL(request.url);
  let method: string = request.method;
  let headers: Record<string, string> = { ...request.headers, ...ctx.extraHeaders };
  let body: string | FormData | undefined = request.body === undefined ? undefined : request.multipart ? formOf(request) : JSON.stringify(request.body);
  let response: Response;
  let text: string;
  try {
    // Redirects are followed by hand, so that we choose which headers go to the next address.
    for (let hop = 0; ; hop++) {
      await checkHostAddress(url, ctx.baseUrl);
      response = await fetch(url.href, { method, headers, body, signal, redirect: "manual" });
      const location = response.headers.get("location");
      if (!REDIRECT_STATUSES.has(response.status) || location === null) break;
      await response.body?.cancel();
      if (hop === MAX_REDIRECTS) {
        throw new ProviderError("provider_error", `The host redirected more than ${MAX_REDIRECTS} times (last to ${new URL(location, url).origin})`, { status: response.status });
      }
      const next = new URL(location, url);
      if (next.protocol !== "https:" && next.protocol !== "http:") {
        throw new ProviderError("provider_error", `The host redirected to a ${next.protocol} address, which is not followed`, { status: response.status, retryable: false });
      }
      // As browsers do: 303 (and 301/302 after a POST) continue as a GET without the body.
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== "content-type"));
      }
      headers = headersForHop(headers, url, next, ctx.apiKey);
      url = next;
    }
    text = await response.text();
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    if (ctx.signal?.aborted) throw new ProviderError("canceled", "Canceled by the user");
    if (timeout.aborted) {
      throw new ProviderError("timeout", `The host did not answer within ${Math.round(timeoutMs / 1000)} s`, { retryable: true });
    }
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new ProviderError("network", `Could not reach the host (${cause ?? (error as Error).message})`);
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/**
 * Downloads a result file at once: host URLs expire (BFL: 10 minutes). The URL is the host's word,
 * so it goes through the address guard like a user's URL: public addresses, or the host's own
 * origin (its base URL) and our sandbox; and the body is cut at MAX_IMAGE_BYTES while it streams.
 */
export async function downloadFile(url: string, ctx: Pick<AdapterContext, "baseUrl" | "signal" | "requestTimeoutMs" | "extraHeaders">): Promise<Buffer> {
  const { MAX_IMAGE_BYTES: maxBytes, IMAGE_FETCH_ALLOW_HOSTS: allowHosts } = env();
  // Hosts asked for inline results (OpenAI-style b64_json, Runware dataURI) hand us the bytes.
  if (url.startsWith("data:")) {
    const comma = url.indexOf(",");
    if (comma < 0 || !url.slice(0, comma).endsWith(";base64")) throw new ProviderError("provider_error", "The host returned a data: URL that is not base64", { retryable: false });
    if (((url.length - comma - 1) * 3) / 4 > maxBytes) throw new ProviderError("provider_error", `The host's result is larger than ${megabytes(maxBytes)} (MAX_IMAGE_BYTES)`, { retryable: false });
    return Buffer.from(url.slice(comma + 1), "base64");
  }
  const timeoutMs = ctx.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  let response;
  try {
    response = await guardedFetch(url, {
      maxBytes,
      timeoutMs,
      signal: ctx.signal,
      allowHosts,
      trustedPrefixes: [...loopbackAliases(ctx.baseUrl).map((origin) => `${origin}/`), ...loopbackAliases(appOrigin()).map((origin) => `${origin}/api/sandbox/`)],
      what: "The host's result URL",
      // A sandbox run's knobs go along (its ledger counts the download); a live run has none.
      headers: ctx.extraHeaders,
    });
  } catch (error) {
    if (!(error instanceof GuardedFetchError)) throw error;
    switch (error.kind) {
      case "canceled":
        throw new ProviderError("canceled", "Canceled by the user");
      case "timeout":
        throw new ProviderError("timeout", "Downloading the result timed out", { retryable: true });
      case "network":
        throw new ProviderError("network", `Could not download the result: ${error.message}`);
      case "too_large":
        throw new ProviderError("provider_error", `${error.message} (MAX_IMAGE_BYTES)`, { retryable: false });
      case "refused":
        throw new ProviderError("provider_error", `The result was not downloaded: ${error.message}`, { retryable: false });
    }
  }
  if (!response.body) {
    const expired = response.status === 403 || response.status === 404 || response.status === 410;
    // The host's own words (a blob store's XML, a JSON error) say why: kept, tags dropped.
    const said = (response.errorText ?? "").replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
    throw new ProviderError(
      "provider_error",
      (expired ? `The host's result URL answered ${response.status}: it has expired or is gone` : `Downloading the result failed with HTTP ${response.status}`) +
        (said ? ` (${said})` : ""),
      { status: response.status, retryable: !expired },
    );
  }
  return response.body;
}

const INLINE_FILE_MIN_CHARS = 1024;

/** Inline files (base64 image prompts) shown by their size: the request stays readable and small. */
export function summariseInlineFiles(value: unknown): unknown {
  if (typeof value === "string" && value.length >= INLINE_FILE_MIN_CHARS && /^(data:[^,]+,)?[A-Za-z0-9+/=]+$/.test(value.slice(0, 4096))) {
    return `<inline file, ${Math.round((value.length * 3) / 4 / 1024)} KB>`;
  }
  if (Array.isArray(value)) return value.map(summariseInlineFiles);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, summariseInlineFiles(v)]));
  }
  return value;
}

/** Keeps the inspector's log small: the first exchanges (the submit) and the latest ones. */
export function appendExchange(log: HttpExchange[], exchange: HttpExchange, max = 12): HttpExchange[] {
  const next = [...log, exchange];
  if (next.length <= max) return next;
  const head = Math.floor(max / 2);
  return [...next.slice(0, head), ...next.slice(next.length - (max - head))];
}

/** An exchange as we store and show it: keys redacted everywhere, inline files summarised on both sides. */
export function redactExchange(exchange: HttpExchange, secretHeaders: readonly string[], apiKey?: string): HttpExchange {
  const secrets = secretsToScrub([apiKey]);
  const response = "status" in exchange.response
    ? { ...exchange.response, headers: scrubValue(exchange.response.headers, secrets), body: scrubValue(summariseInlineFiles(exchange.response.body), secrets) }
    : { error: scrubText(exchange.response.error, secrets) };
  return { ...exchange, request: redactRequest(exchange.request, secretHeaders, apiKey), response };
}

export { REDACTED };

/**
 * The request as we show and store it: a key header's value replaced by a placeholder (only the
 * key, so "Bearer <redacted>" keeps its scheme), any key elsewhere too, inline files summarised.
 */
export function redactRequest(request: HttpRequest, secretHeaders: readonly string[], apiKey?: string): HttpRequest {
  const secrets = secretsToScrub([apiKey]);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!secretHeaders.includes(name.toLowerCase())) headers[name] = scrubText(value, secrets);
    else headers[name] = apiKey && value.includes(apiKey) ? value.split(apiKey).join(REDACTED) : REDACTED;
  }
  return {
    ...request,
    url: scrubText(request.url, secrets),
    headers,
    ...(request.body === undefined ? {} : { body: scrubValue(summariseInlineFiles(request.body), secrets) }),
  };
}

/**
 * A host's JSON answer read through its schema. An answer we cannot read is the host's fault
 * (`provider_error`, with the start of the body); the caller says whether another try is safe:
 * yes after a poll, no after a submit the host may already have taken (it could bill twice).
 */
export function readAnswer<S extends z.ZodType>(res: HttpResult, schema: S, what: string, opts: { retryable: boolean; status?: number }): z.output<S> {
  const parsed = schema.safeParse(res.json);
  if (parsed.success) return parsed.data;
  throw new ProviderError("provider_error", `${what} was not understood: ${res.text.slice(0, 200)}`, opts);
}
