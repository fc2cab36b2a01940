import http from "node:http";
import https from "node:https";
import { AddressRefusedError, checkFetchUrl, guardedLookup, isAllowedHost, type AllowedHost } from "./address-guard";

/**
 * GET of a URL someone else chose (a user's image prompt, a host's result) through the address
 * guard: every hop is checked (scheme, IP literal, and the resolved address at connect time), at
 * most `maxRedirects` redirects are followed, and the body is counted while it streams, so an
 * endless answer is cut at `maxBytes` instead of filling the memory.
 */

export interface GuardedFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
  maxRedirects?: number;
  /** host[:port] entries exempt from the address rules (IMAGE_FETCH_ALLOW_HOSTS). */
  allowHosts?: readonly AllowedHost[];
  /** URL prefixes exempt from the address rules (a host's own origin, our sandbox). */
  trustedPrefixes?: readonly string[];
  /** How messages name the URL: "The image URL". */
  what?: string;
  /** Extra request headers, sent to trusted URLs only (a sandbox run's knobs). */
  headers?: Record<string, string>;
}

export interface GuardedResponse {
  status: number;
  /** The URL that answered (after redirects). */
  url: string;
  contentType: string | null;
  /** The body of a 2xx answer. */
  body: Buffer | null;
  /** The start of another answer's body: the host's own words on why (an expired link...). */
  errorText?: string;
}

export type GuardedFetchFailure = "refused" | "too_large" | "timeout" | "canceled" | "network";

export class GuardedFetchError extends Error {
  override name = "GuardedFetchError";
  constructor(
    readonly kind: GuardedFetchFailure,
    message: string,
  ) {
    super(message);
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
export const MAX_REDIRECTS = 3;
const ERROR_TEXT_MAX = 2000;

export const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export async function guardedFetch(raw: string, opts: GuardedFetchOptions): Promise<GuardedResponse> {
  const what = opts.what ?? "The URL";
  const maxRedirects = opts.maxRedirects ?? MAX_REDIRECTS;
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let url = raw;
  try {
    for (let hop = 0; ; hop++) {
      const answer = await getOnce(url, hop === 0 ? what : `${what}'s redirect to ${url}`, opts, signal);
      if (!("location" in answer)) return answer;
      if (hop >= maxRedirects) throw new GuardedFetchError("refused", `${what} redirects more than ${maxRedirects} times`);
      url = answer.location;
    }
  } catch (error) {
    if (error instanceof GuardedFetchError) throw error;
    if (error instanceof AddressRefusedError) throw new GuardedFetchError("refused", error.message);
    if (opts.signal?.aborted) throw new GuardedFetchError("canceled", "Canceled");
    if (timeout.aborted) throw new GuardedFetchError("timeout", `${what} did not answer within ${Math.round(opts.timeoutMs / 1000)} s`);
    const code = (error as NodeJS.ErrnoException).code;
    throw new GuardedFetchError("network", `${what} could not be reached (${code ?? (error as Error).message})`);
  }
}

const isTrusted = (url: URL, opts: GuardedFetchOptions) =>
  isAllowedHost(url, opts.allowHosts ?? []) || (opts.trustedPrefixes ?? []).some((prefix) => url.href.startsWith(prefix));

/** One request: a redirect's next URL, or the answer (its body read when 2xx). */
function getOnce(raw: string, what: string, opts: GuardedFetchOptions, signal: AbortSignal): Promise<GuardedResponse | { location: string }> {
  const url = new URL(raw);
  const trusted = isTrusted(url, opts);
  if (!trusted) checkFetchUrl(url, what);
  else if (url.protocol !== "http:" && url.protocol !== "https:") throw new AddressRefusedError(`${what} must be http or https`);
  return new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? https : http).request(url, {
      method: "GET",
      // No compression asked: the size we count is the size we keep (no decompression bomb).
      headers: { ...(trusted ? opts.headers : {}), accept: "image/png, image/jpeg, image/webp, */*;q=0.5", "accept-encoding": "identity", "user-agent": "flux-playground" },
      // A fresh connection every time, so the lookup (and its check) runs for every request.
      agent: false,
      ...(trusted ? {} : { lookup: guardedLookup }),
      signal,
    });
    request.on("error", reject);
    request.on("response", (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location) {
        response.resume();
        try {
          resolve({ location: new URL(location, url).href });
        } catch {
          reject(new GuardedFetchError("refused", `${what} redirects to an invalid URL`));
        }
        return;
      }
      const base = { status, url: url.href, contentType: response.headers["content-type"] ?? null };
      if (status < 200 || status >= 300) {
        let errorText = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          if (errorText.length < ERROR_TEXT_MAX) errorText += chunk;
        });
        response.on("end", () => resolve({ ...base, body: null, errorText: errorText.slice(0, ERROR_TEXT_MAX) }));
        response.on("error", () => resolve({ ...base, body: null, errorText }));
        return;
      }
      const tooLarge = () => new GuardedFetchError("too_large", `${what} answers more than ${megabytes(opts.maxBytes)}, the limit: the download was stopped`);
      if (Number(response.headers["content-length"] ?? 0) > opts.maxBytes) {
        request.destroy();
        reject(tooLarge());
        return;
      }
      const chunks: Buffer[] = [];
      let received = 0;
      response.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > opts.maxBytes) {
          // Stop reading at once: what arrived is dropped with the socket.
          chunks.length = 0;
          request.destroy();
          reject(tooLarge());
          return;
        }
        chunks.push(chunk);
      });
      response.on("end", () => resolve({ ...base, body: Buffer.concat(chunks) }));
      response.on("error", reject);
      response.on("close", () => {
        if (!response.complete) reject(new Error("the connection closed before the end of the body"));
      });
    });
    request.end();
  });
}
