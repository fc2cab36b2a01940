import type { ErrorCode } from "@/lib/providers/errors";
import type { ProviderId } from "@/lib/providers/types";

/**
 * Every fault the sandbox hosts can inject, and per host the spec that injects it (or why it cannot
 * happen there): one row per host, read by the fault matrix (through the app) and the adapter
 * conformance suite (each adapter alone).
 */
/** Replicate's create holds up to 5 s for the result: its polls happen only for longer runs. */
export const REPLICATE_POLLED_LATENCY_MS = 6_000;

export type Kind =
  /** Fires once, then passes: retried, succeeds. */
  | "transient"
  /** The host may have taken the task: sent again only where it recognises a resubmit. */
  | "ambiguous"
  /** Retried on the next poll: succeeds. */
  | "poll"
  /** Final: no second submit. */
  | "final"
  /** Nobody answers: the deadline (or the request timeout) ends it. */
  | "timeout";

export interface Fault {
  id: string;
  label: string;
  kind: Kind;
  /** The code a final fault ends with (ambiguous ones: where the host cannot recognise a resubmit). */
  code?: string;
  /** The code the adapter's own call raises for a fault the engine then retries (transient, poll). */
  raised?: ErrorCode;
}

export const FAULTS: Fault[] = [
  { id: "rate_limit", label: "429 + Retry-After (once)", kind: "transient", raised: "rate_limited" },
  { id: "server_error", label: "500 (once)", kind: "transient", raised: "provider_error" },
  { id: "unavailable", label: "503 (once)", kind: "transient", raised: "provider_error" },
  { id: "hang", label: "hang past the deadline", kind: "timeout", code: "timeout" },
  { id: "reset_submit", label: "connection reset on submit (once)", kind: "ambiguous", code: "network" },
  { id: "reset_poll", label: "connection reset on poll (once)", kind: "poll", raised: "network" },
  { id: "garble_submit", label: "malformed body on submit (once)", kind: "ambiguous", code: "provider_error" },
  { id: "garble_poll", label: "malformed body on poll (once)", kind: "poll", raised: "provider_error" },
  { id: "request_moderation", label: "request moderation", kind: "final", code: "moderated_request" },
  { id: "output_moderation", label: "output moderation", kind: "final", code: "moderated_output" },
  { id: "expired_result", label: "expired result URL", kind: "final", code: "provider_error" },
  { id: "bad_key", label: "bad key", kind: "final", code: "auth" },
  { id: "no_credits", label: "no credits", kind: "final", code: "insufficient_credits" },
  { id: "validation", label: "validation error", kind: "final", code: "invalid_params" },
];

/** A host's way to inject a fault: its fault spec, or why the fault cannot exist there. */
export type Cell = { spec: string; latencyMs?: number; code?: string; note?: string } | { na: string };

const SYNC_NO_POLL = "n/a: synchronous host, the submit's answer is the result (no poll)";
const COMMON: Record<string, Cell> = {
  rate_limit: { spec: "rate_limit*1" },
  server_error: { spec: "server_error*1" },
  unavailable: { spec: "unavailable*1" },
  hang: { spec: "hang" },
  reset_submit: { spec: "reset_submit*1" },
  reset_poll: { spec: "reset_poll*1" },
  garble_submit: { spec: "garble_submit*1" },
  garble_poll: { spec: "garble_poll*1" },
  expired_result: { spec: "expired_result" },
  bad_key: { spec: "auth" },
  no_credits: { spec: "credits" },
  validation: { spec: "validation" },
};

export const HOST_FAULTS: Record<ProviderId, Record<string, Cell>> = {
  bfl: { ...COMMON, request_moderation: { spec: "request_moderated" }, output_moderation: { spec: "content_moderated" } },
  fal: {
    ...COMMON,
    request_moderation: { spec: "moderated" },
    output_moderation: { na: "n/a: fal flags an output only as has_nsfw_concepts, for flux-pro UNVERIFIED (PROVIDERS.md B.3)" },
    expired_result: { na: "n/a: fal.media files are long-lived by default (PROVIDERS.md B.3)" },
  },
  replicate: {
    ...COMMON,
    reset_poll: { spec: "reset_poll*1", latencyMs: REPLICATE_POLLED_LATENCY_MS },
    garble_poll: { spec: "garble_poll*1", latencyMs: REPLICATE_POLLED_LATENCY_MS },
    // E005 says "the input or output was flagged": one text for both, so both read as the output's.
    request_moderation: { spec: "request_moderated", code: "moderated_output", note: "E005 names input or output alike" },
    output_moderation: { spec: "content_moderated" },
  },
  runware: {
    ...COMMON,
    request_moderation: { spec: "moderated_request" },
    output_moderation: { spec: "moderated" },
    expired_result: { na: "n/a: Runware states no URL lifetime (PROVIDERS.md D, UNVERIFIED)" },
  },
  runflow: { ...COMMON, request_moderation: { spec: "request_moderated" }, output_moderation: { spec: "moderated" } },
  lumenfall: {
    ...COMMON,
    reset_poll: { na: SYNC_NO_POLL },
    garble_poll: { na: SYNC_NO_POLL },
    request_moderation: { spec: "request_moderated" },
    output_moderation: { spec: "moderated" },
  },
  apiframe: {
    ...COMMON,
    request_moderation: { spec: "request_moderated", code: "moderated_output", note: "one text for prompt and output" },
    output_moderation: { spec: "content_moderated" },
  },
  together: {
    ...COMMON,
    reset_poll: { na: SYNC_NO_POLL },
    garble_poll: { na: SYNC_NO_POLL },
    request_moderation: { spec: "moderated" },
    output_moderation: { na: "n/a: Together's safety checker answers before any work (PROVIDERS.md H)" },
    expired_result: { na: "n/a: Together's short links state no lifetime (PROVIDERS.md H)" },
  },
};
