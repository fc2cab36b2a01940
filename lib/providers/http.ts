import type { z } from "zod";
import { ProviderError } from "./errors";
import type { AdapterContext, HttpExchange, HttpRequest } from "./types";

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
 */
export async function sendRequest(request: HttpRequest, ctx: AdapterContext): Promise<HttpResult> {
  const startedAt = Date.now();
  try {
    const result = await send(request, ctx);
    ctx.record?.({
      at: new Date(startedAt).toISOString(),
      durationMs: Date.now() - startedAt,
      request: { ...request, headers: { ...request.headers, ...ctx.extraHeaders } },
      response: { status: result.status, headers: Object.fromEntries(result.headers), body: result.json ?? result.text.slice(0, RECORDED_TEXT_MAX) },
    });
    return result;
  } catch (error) {
    ctx.record?.({
      at: new Date(startedAt).toISOString(),
      durationMs: Date.now() - startedAt,
      request: { ...request, headers: { ...request.headers, ...ctx.extraHeaders } },
      response: { error: (error as Error).message },
    });
    throw error;
  }
}

const RECORDED_TEXT_MAX = 2000;

async function send(request: HttpRequest, ctx: AdapterContext): Promise<HttpResult> {
  const timeoutMs = ctx.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  const headers = { ...request.headers, ...ctx.extraHeaders };
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
      redirect: "follow",
    });
    text = await response.text();
  } catch (error) {
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

/** Downloads a result file at once: host URLs expire (BFL: 10 minutes). */
export async function downloadFile(url: string, ctx: Pick<AdapterContext, "signal" | "requestTimeoutMs" | "extraHeaders">): Promise<Buffer> {
  // Hosts asked for inline results (OpenAI-style b64_json, Runware dataURI) hand us the bytes.
  if (url.startsWith("data:")) {
    const comma = url.indexOf(",");
    if (comma < 0 || !url.slice(0, comma).endsWith(";base64")) throw new ProviderError("provider_error", "The host returned a data: URL that is not base64", { retryable: false });
    return Buffer.from(url.slice(comma + 1), "base64");
  }
  const timeoutMs = ctx.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  let response: Response;
  try {
    // A sandbox run's knobs go along (its ledger counts the download); a live run has none.
    response = await fetch(url, { signal, headers: ctx.extraHeaders });
    if (!response.ok) {
      const expired = response.status === 403 || response.status === 404 || response.status === 410;
      // The host's own words (a blob store's XML, a JSON error) say why: kept, tags dropped.
      const said = (await response.text().catch(() => "")).replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
      throw new ProviderError(
        "provider_error",
        (expired
          ? `The host's result URL answered ${response.status}: it has expired or is gone`
          : `Downloading the result failed with HTTP ${response.status}`) + (said ? ` (${said})` : ""),
        { status: response.status, retryable: !expired },
      );
    }
    return Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    if (ctx.signal?.aborted) throw new ProviderError("canceled", "Canceled by the user");
    if (timeout.aborted) throw new ProviderError("timeout", "Downloading the result timed out", { retryable: true });
    throw new ProviderError("network", `Could not download the result (${(error as Error).message})`);
  }
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

/** An exchange as we store and show it: keys redacted, inline files summarised on both sides. */
export function redactExchange(exchange: HttpExchange, secretHeaders: readonly string[], apiKey?: string): HttpExchange {
  const response = "status" in exchange.response ? { ...exchange.response, body: summariseInlineFiles(exchange.response.body) } : exchange.response;
  return { ...exchange, request: redactRequest(exchange.request, secretHeaders, apiKey), response };
}

export const REDACTED = "<redacted>";

/**
 * The request as we show and store it: the key replaced by a placeholder (only the key, so
 * "Bearer <redacted>" keeps its scheme), inline files summarised.
 */
export function redactRequest(request: HttpRequest, secretHeaders: readonly string[], apiKey?: string): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!secretHeaders.includes(name.toLowerCase())) headers[name] = value;
    else headers[name] = apiKey && value.includes(apiKey) ? value.split(apiKey).join(REDACTED) : REDACTED;
  }
  return { ...request, headers, ...(request.body === undefined ? {} : { body: summariseInlineFiles(request.body) }) };
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
