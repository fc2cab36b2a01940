import { formatWithOptions } from "node:util";
import { configuredHostKeys } from "@/lib/env";

/**
 * Host keys never leave the server: whatever we store, show or log that came near a host (its
 * answers, our requests, error messages) goes through here first. A host may echo the key it got
 * ("Invalid key Bearer <key>"), so the key's value is replaced wherever it appears, not only in
 * the header that carried it.
 */
export const REDACTED = "<redacted>";

/** Shorter values are not keys (lib/security/key-text.ts refuses them) and would mangle ordinary text. */
const MIN_SECRET_CHARS = 8;

/**
 * A credential spelled with its scheme, whoever's it is: "Bearer", "Key" (fal), "Token". The token
 * must look like one (a digit in it, or long) so that "key provided" or "token expired" stay text.
 */
const SCHEME_TOKEN = /\b(bearer|key|token)(\s+)(?=[A-Za-z0-9._~+/=:-]*\d|[A-Za-z0-9._~+/=:-]{24})[A-Za-z0-9._~+/=:-]{8,}/gi;

/** The values to hide: every key the server is configured with, and the ones given (a run's own key). */
export function secretsToScrub(extra: readonly (string | null | undefined)[] = []): string[] {
  const values = new Set([...configuredHostKeys(), ...extra].filter((v): v is string => typeof v === "string" && v.length >= MIN_SECRET_CHARS));
  // Longest first: a key containing another is replaced whole.
  return [...values].sort((a, b) => b.length - a.length);
}

export function scrubText(text: string, secrets: readonly string[] = secretsToScrub()): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.replace(SCHEME_TOKEN, (_match, scheme: string, space: string) => `${scheme}${space}${REDACTED}`);
}

/** Strings anywhere in a JSON-like value (bodies, headers, errors), object keys included. */
export function scrubValue<T>(value: T, secrets: readonly string[] = secretsToScrub()): T {
  if (typeof value === "string") return scrubText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, secrets)) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrubText(k, secrets), scrubValue(v, secrets)])) as T;
  }
  return value;
}

const LOG_METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;
const installed = globalThis as unknown as { __fluxConsoleScrubbed?: boolean };

/**
 * The server's log lines (ours, and Next's report of an error thrown in a route) pass the same
 * scrubber: an error that quotes a host's answer may quote the key it echoed.
 */
export function scrubConsole(): void {
  if (installed.__fluxConsoleScrubbed) return;
  installed.__fluxConsoleScrubbed = true;
  for (const method of LOG_METHODS) {
    const write = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      if (args.length === 0) return write();
      write(scrubText(formatWithOptions({ colors: false }, ...args)));
    };
  }
}
