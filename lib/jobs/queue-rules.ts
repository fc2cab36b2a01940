import type { ErrorCode } from "@/lib/providers/errors";

/**
 * Pure rules of the per-host queue and of failover, kept apart from I/O so they can be tested as
 * tables. A host allows so many active tasks per key (BFL: 24); a task holds a slot from the moment
 * it may submit until it ends. Work beyond the limit waits, first created first served.
 */

/** The limit of a host whose documentation states none. */
export const DEFAULT_MAX_CONCURRENCY = 8;
/** After a 429 the lowered limit doubles back once per this period, up to the configured one. */
export const PACE_RECOVERY_MS = 30_000;
/** 429s within this long of a lowering are the same burst: they do not halve the limit again. */
export const PACE_BURST_MS = 2_000;
/** How long to hold new submits after a 429 that gave no Retry-After. */
export const RATE_LIMIT_PAUSE_MS = 1_000;

export interface Pace {
  /** The limit right after the last lowering. */
  limit: number;
  loweredAt: Date;
  /** No new submit before this (the host's Retry-After). */
  resumeAt: Date;
}

/** The limit in force now: the configured one, or a lowered one recovering step by step. */
export function effectiveLimit(configured: number, pace: Pace | null, now: Date): number {
  if (!pace) return configured;
  const periods = Math.max(0, Math.floor((now.getTime() - pace.loweredAt.getTime()) / PACE_RECOVERY_MS));
  // 2 ** periods grows past any limit quickly; min() caps it.
  return Math.max(1, Math.min(configured, pace.limit * 2 ** Math.min(periods, 30)));
}

/** The pace after a 429 although we kept to the limit: half the limit in force, and a pause. */
export function paceAfterRateLimit(configured: number, current: Pace | null, now: Date, retryAfterMs: number | null): Pace {
  const resumeAt = new Date(now.getTime() + (retryAfterMs ?? RATE_LIMIT_PAUSE_MS));
  const laterResume = current && current.resumeAt > resumeAt ? current.resumeAt : resumeAt;
  if (current && now.getTime() - current.loweredAt.getTime() < PACE_BURST_MS) {
    return { limit: current.limit, loweredAt: current.loweredAt, resumeAt: laterResume };
  }
  return { limit: Math.max(1, Math.floor(effectiveLimit(configured, current, now) / 2)), loweredAt: now, resumeAt: laterResume };
}

export interface SlotPlan {
  /** Waiting tasks of this instance that may submit now. */
  grant: string[];
  /** For every other waiting task of this instance: how many wait ahead of it. */
  ahead: Map<string, number>;
}

/**
 * Who gets the free slots of one host and key. `waiting` is the whole queue (every instance's
 * tasks), oldest first; an instance grants only its own tasks, and only those whose place in the
 * queue falls within the free slots, so a task of another instance ahead of them keeps its turn.
 */
export function planSlots(input: { waiting: readonly string[]; local: ReadonlySet<string>; active: number; limit: number; paused: boolean }): SlotPlan {
  const free = input.paused ? 0 : Math.max(0, input.limit - input.active);
  const grant: string[] = [];
  const ahead = new Map<string, number>();
  input.waiting.forEach((id, position) => {
    if (!input.local.has(id)) return;
    if (position < free) grant.push(id);
    else ahead.set(id, position);
  });
  return { grant, ahead };
}

/** What a generation shows while some of its tasks wait: the fewest ahead of any of them. */
export function queueAheadOf(waiting: ReadonlyMap<string, number>): number | null {
  return waiting.size ? Math.min(...waiting.values()) : null;
}

/**
 * Whether a failed run moves to the next host of its failover list: only faults of the host
 * (429, 5xx, no answer, the deadline). Never a refusal of the input, a key or credits problem, or
 * moderation: another host would refuse the same prompt, or the user must act.
 */
const FAILOVER_CODES: readonly ErrorCode[] = ["rate_limited", "provider_error", "timeout", "network"];

export function failsOver(error: { code: ErrorCode; status?: number | null } | null, next: string | undefined, imagesStored: number): boolean {
  if (!error || next === undefined || imagesStored > 0) return false;
  if (!FAILOVER_CODES.includes(error.code)) return false;
  // A provider_error with a 4xx status is the host refusing this request, not failing.
  return !(error.status !== undefined && error.status !== null && error.status >= 400 && error.status < 500 && error.status !== 429);
}

/** The slot key of a host and key: the key itself never leaves lib/keys, only its fingerprint. */
export const slotKeyOf = (provider: string, keyFingerprint: string) => `${provider}:${keyFingerprint}`;
