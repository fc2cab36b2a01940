import { ProviderError, parseRetryAfter } from "../errors";
import { describeHostError, hostErrorOf, type HostError } from "../dialects/openai-images/wire";

/**
 * tg-docs: "If the safety checker is triggered and not disabled, it will return a 422". The body
 * of that 422 is UNVERIFIED: a safety/NSFW word in the message or code marks it apart from a plain
 * validation 422.
 */
const isSafetyRefusal = (error: HostError) => /safety checker|nsfw|content.?policy/i.test(`${error.code ?? ""} ${error.message}`);

/** Maps a non-200 Together answer (`{id, error: {message, type, param, code}}`) to a ProviderError. */
export function togetherHttpError(status: number, json: unknown, text: string, headers: Headers): ProviderError {
  const error = hostErrorOf(status, json, text);
  const said = describeHostError(error);
  const opts = { status, retryAfterMs: parseRetryAfter(headers.get("retry-after")) };
  switch (true) {
    case status === 401 || status === 403:
      return new ProviderError("auth", `Together rejected the API key (HTTP ${status}): ${said}. Check TOGETHER_API_KEY.`, opts);
    case status === 402:
      return new ProviderError("insufficient_credits", `Together: credit limit reached (HTTP 402): ${said}`, opts);
    case status === 429:
      return new ProviderError("rate_limited", `Together: rate limited (HTTP 429): ${said}`, opts);
    case status === 422 && isSafetyRefusal(error):
      return new ProviderError("moderated_request", `Together's safety checker refused the request (HTTP 422): ${said}`, opts);
    case status === 400 || status === 422:
      return new ProviderError("invalid_params", `Together refused the parameters (HTTP ${status}): ${said}`, opts);
    case status === 404:
      return new ProviderError("provider_error", `Together does not serve this model (HTTP 404): ${said}`, { ...opts, retryable: false });
    case status >= 500:
      return new ProviderError("provider_error", `Together server error (HTTP ${status}): ${said}`, { ...opts, retryable: true });
    default:
      return new ProviderError("provider_error", `Together answered HTTP ${status}: ${said}`, { ...opts, retryable: false });
  }
}
