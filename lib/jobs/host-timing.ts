import type { HttpExchange } from "@/lib/providers/types";
import { RECEIVED_AT_HEADER } from "@/lib/sandbox/received-at";

/**
 * When the host started on a task, from its submit exchange: the time the host stamped on its answer
 * where it does (our sandbox emulators, so a dev server compiling their route is not counted as the
 * host's latency), else when the request left. A synchronous host's generation time counts too.
 */
export function hostStartedAt(submit: Pick<HttpExchange, "at" | "durationMs" | "response">): Date {
  const sent = Date.parse(submit.at);
  const stamp = "headers" in submit.response ? Number(submit.response.headers[RECEIVED_AT_HEADER]) : NaN;
  // Only a stamp within the exchange is believed: another machine's clock may be off.
  if (Number.isFinite(stamp) && stamp >= sent && stamp <= sent + submit.durationMs) return new Date(stamp);
  return new Date(sent);
}
