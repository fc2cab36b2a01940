import { ProviderError, parseRetryAfter } from "../errors";
import { describeHostError, hostErrorOf } from "../dialects/openai-images/wire";

/**
 * Lumenfall's error codes (PROVIDERS.md E.4). Content-policy refusals are UNVERIFIED there
 * ("probably 400 with code content_policy_violation"): that code, or a message naming the content
 * policy, is read as a moderated request.
 */
export const LUMENFALL_CODES = {
  invalid: "INVALID_REQUEST",
  auth: "AUTHENTICATION_FAILED",
  balance: "INSUFFICIENT_BALANCE",
  modelNotFound: "MODEL_NOT_FOUND",
  modelDisabled: "MODEL_DISABLED",
  rateLimited: "RATE_LIMITED",
  exhausted: "ALL_PROVIDERS_EXHAUSTED",
  upstream: "UPSTREAM_ERROR",
  contentPolicy: "content_policy_violation",
} as const;

const isContentPolicy = (code: string | null, message: string) =>
  code === LUMENFALL_CODES.contentPolicy || /content.?policy|moderat|nsfw/i.test(message);

/** One code serves both sides (E.4): the upstream's message says whether the image was the problem. */
const isAboutOutput = (message: string) => /\b(output|generated image|result image)\b/i.test(message) && !/\b(prompt|input)\b/i.test(message);

/** Maps a non-200 Lumenfall answer to a ProviderError, keeping Lumenfall's message and code. */
export function lumenfallHttpError(status: number, json: unknown, text: string, headers: Headers): ProviderError {
  const error = hostErrorOf(status, json, text);
  const said = describeHostError(error);
  const opts = { status, retryAfterMs: parseRetryAfter(headers.get("retry-after")) };
  switch (true) {
    case status === 401 || status === 403 || error.code === LUMENFALL_CODES.auth:
      return new ProviderError("auth", `Lumenfall rejected the API key (HTTP ${status}): ${said}. Check LUMENFALL_API_KEY.`, opts);
    case status === 402 || error.code === LUMENFALL_CODES.balance:
      return new ProviderError("insufficient_credits", `Lumenfall: balance too low (HTTP ${status}): ${said}`, opts);
    case status === 429:
      return new ProviderError("rate_limited", `Lumenfall: rate limited (HTTP 429): ${said}`, opts);
    case (status === 400 || status === 422) && isContentPolicy(error.code, error.message) && isAboutOutput(error.message):
      return new ProviderError("moderated_output", `Lumenfall's upstream blocked the generated image (HTTP ${status}): ${said}`, opts);
    case (status === 400 || status === 422) && isContentPolicy(error.code, error.message):
      return new ProviderError("moderated_request", `Lumenfall's upstream refused the content (HTTP ${status}): ${said}`, opts);
    case status === 400 || status === 422:
      return new ProviderError("invalid_params", `Lumenfall refused the parameters (HTTP ${status}): ${said}`, opts);
    case status === 404:
      return new ProviderError("provider_error", `Lumenfall does not serve this model (HTTP 404): ${said}`, { ...opts, retryable: false });
    case status >= 500:
      // 502 ALL_PROVIDERS_EXHAUSTED: every upstream failed this time; another try may find one up.
      return new ProviderError("provider_error", `Lumenfall server error (HTTP ${status}): ${said}`, { ...opts, retryable: true });
    default:
      return new ProviderError("provider_error", `Lumenfall answered HTTP ${status}: ${said}`, { ...opts, retryable: false });
  }
}
