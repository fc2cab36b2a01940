/** The common error codes every host's errors are mapped to; the host's own message is kept. */
export const ERROR_CODES = [
  "auth",
  "insufficient_credits",
  "rate_limited",
  "invalid_params",
  "moderated_request",
  "moderated_output",
  "provider_error",
  "timeout",
  "canceled",
  "network",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes worth another try after a pause; everything else is final. */
const TRANSIENT: readonly ErrorCode[] = ["rate_limited", "provider_error", "network"];

export class ProviderError extends Error {
  readonly code: ErrorCode;
  readonly status: number | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { status?: number | null; retryable?: boolean; retryAfterMs?: number | null } = {},
  ) {
    super(message);
    this.name = "ProviderError";
    this.code = code;
    this.status = opts.status ?? null;
    this.retryable = opts.retryable ?? TRANSIENT.includes(code);
    this.retryAfterMs = opts.retryAfterMs ?? null;
  }
}

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}
