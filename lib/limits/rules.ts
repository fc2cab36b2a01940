/**
 * Budgets and rate limits as pure rules: what a user may start now, given what the ledger holds.
 * The service (./service.ts) reads the ledger inside the transaction that stores the runs.
 */

export const RATE_WINDOW_MS = 60_000;
const DAY_MS = 86_400_000;
// Sums of float dollars (0.04 * 3 = 0.12000000000000001) must not refuse a run that fits exactly.
const EPSILON_USD = 1e-9;

export interface Limits {
  /** Estimated cost of live runs a user may start per UTC day; null: no cap. */
  dailyBudgetUsd: number | null;
  /** Runs a user may start in any 60 s; null: no limit. */
  rateLimitPerMinute: number | null;
}

/** A user's overrides (a null field, or no row, means the server's default). */
export function effectiveLimits(defaults: Limits, override: Partial<Limits> | null | undefined): Limits {
  return {
    dailyBudgetUsd: override?.dailyBudgetUsd ?? defaults.dailyBudgetUsd,
    rateLimitPerMinute: override?.rateLimitPerMinute ?? defaults.rateLimitPerMinute,
  };
}

export const utcDayStart = (now: Date) => new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
export const nextUtcDayStart = (now: Date) => new Date(utcDayStart(now).getTime() + DAY_MS);
export const rateWindowStart = (now: Date) => new Date(now.getTime() - RATE_WINDOW_MS);

export interface Usage {
  /** Estimated cost of the live runs started since 00:00 UTC. */
  liveUsdToday: number;
  /** Start times of the runs of the last 60 s, oldest first. */
  recentStarts: Date[];
}

/** What a request would start: one entry per run (a comparison of N cells is N runs). */
export interface PlannedRun {
  live: boolean;
  estimatedUsd: number;
}

export type LimitCode = "budget_exceeded" | "rate_limited";

export interface LimitRefusal {
  code: LimitCode;
  message: string;
  /** When the refused request would fit again (for a request larger than the limit itself: when the window is empty). */
  resetAt: Date;
}

/** Dollars as the UI shows them: cents, or more digits for sub-cent amounts ($0.0035). */
export function formatUsd(usd: number): string {
  return `$${usd.toFixed(4).replace(/(\.\d\d\d*?)0+$/, "$1")}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * The verdict for starting `runs` now: null when they fit, else the first limit they would pass
 * (the budget before the rate: waiting a minute does not help with a spent budget).
 */
export function checkRuns(limits: Limits, usage: Usage, runs: readonly PlannedRun[], now: Date): LimitRefusal | null {
  if (runs.length === 0) return null;
  const what = runs.length === 1 ? "this run" : `these ${runs.length} runs`;

  const addUsd = runs.filter((r) => r.live).reduce((sum, r) => sum + r.estimatedUsd, 0);
  const budget = limits.dailyBudgetUsd;
  if (budget !== null && addUsd > 0 && usage.liveUsdToday + addUsd > budget + EPSILON_USD) {
    const resetAt = nextUtcDayStart(now);
    const reset = `Resets at 00:00 UTC (${resetAt.toISOString()}).`;
    const message =
      budget === 0
        ? `Live runs are not allowed for this account (daily budget ${formatUsd(0)}); sandbox runs still are. ${reset}`
        : `Daily budget reached: ${formatUsd(usage.liveUsdToday)} of ${formatUsd(budget)} spent on live runs today (UTC); ${what} would add ${formatUsd(addUsd)}. ${reset}`;
    return { code: "budget_exceeded", message, resetAt };
  }

  const rate = limits.rateLimitPerMinute;
  const recent = usage.recentStarts.filter((t) => t.getTime() > now.getTime() - RATE_WINDOW_MS);
  if (rate !== null && recent.length + runs.length > rate) {
    // Room for the new runs comes as the oldest starts leave the 60 s window.
    const mustLeave = recent.length + runs.length - rate;
    const fitsEver = runs.length <= rate;
    const leaving = fitsEver ? recent[mustLeave - 1] : recent[recent.length - 1];
    const resetAt = leaving ? new Date(leaving.getTime() + RATE_WINDOW_MS) : now;
    const seconds = retryAfterSeconds(resetAt, now);
    const message = fitsEver
      ? `Rate limit reached: ${plural(recent.length, "run")} started in the last minute, the limit is ${rate} per minute; ${what} would add ${runs.length}. Try again in ${seconds} s (${resetAt.toISOString()}).`
      : rate === 0
        ? `Runs are not allowed for this account (rate limit 0 per minute).`
        : `${runs.length} runs at once are more than the limit of ${rate} per minute: choose fewer hosts or seeds.`;
    return { code: "rate_limited", message, resetAt };
  }
  return null;
}

/** Seconds until `resetAt`, for a Retry-After header (at least 1). */
export const retryAfterSeconds = (resetAt: Date, now = new Date()) => Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
