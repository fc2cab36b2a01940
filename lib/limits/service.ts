import { nanoid } from "nanoid";
import { env } from "@/lib/env";
import { insertLedgerRows, ledgerUsage, userLimitsOf, type Tx } from "@/lib/db/limits";
import type { NewGeneration } from "@/lib/db/queries";
import { checkRuns, effectiveLimits, nextUtcDayStart, rateWindowStart, RATE_WINDOW_MS, utcDayStart, type LimitCode, type LimitRefusal, type Limits } from "./rules";

/** A run or comparison refused by a budget or rate limit: nothing was stored, no host was called. */
export class LimitExceededError extends Error {
  constructor(readonly refusal: LimitRefusal) {
    super(refusal.message);
  }
}

/** How a refusal travels to the API and the forms: its code, message and reset time (ISO). */
export interface LimitFailure {
  code: LimitCode;
  message: string;
  resetAt: string;
}

export const toLimitFailure = (refusal: LimitRefusal): LimitFailure => ({ code: refusal.code, message: refusal.message, resetAt: refusal.resetAt.toISOString() });

export function serverDefaultLimits(): Limits {
  const e = env();
  return { dailyBudgetUsd: e.USER_DAILY_BUDGET_USD ?? null, rateLimitPerMinute: e.USER_RATE_LIMIT_PER_MINUTE ?? null };
}

/**
 * The check that runs inside the transaction storing `runs`, after the user's runs are locked
 * (lib/db/queries.ts): refuses them by throwing LimitExceededError, else records them in the
 * ledger, which outlives the history (deleting a run refunds nothing).
 */
export function ledgerGuard(userId: string, runs: readonly NewGeneration[]) {
  return async (tx: Tx): Promise<void> => {
    const now = new Date();
    const limits = effectiveLimits(serverDefaultLimits(), await userLimitsOf(userId, tx));
    if (limits.dailyBudgetUsd !== null || limits.rateLimitPerMinute !== null) {
      const usage = await ledgerUsage(userId, { dayStart: utcDayStart(now), windowStart: rateWindowStart(now) }, tx);
      const refusal = checkRuns(limits, usage, runs.map((r) => ({ live: !r.sandbox, estimatedUsd: r.estimatedUsd })), now);
      if (refusal) throw new LimitExceededError(refusal);
    }
    await insertLedgerRows(
      tx,
      runs.map((r) => ({ id: nanoid(16), userId, generationId: r.id, live: !r.sandbox, estimatedUsd: r.estimatedUsd, createdAt: now })),
    );
  };
}

export interface LimitsStatus {
  /** Effective limits (the user's override, else the server's default); null: none. */
  dailyBudgetUsd: number | null;
  spentTodayUsd: number;
  rateLimitPerMinute: number | null;
  runsLastMinute: number;
  /** When the daily budget starts again: the next 00:00 UTC. */
  resetAt: string;
  /** When the oldest run of the last minute leaves the rate window; null when there is none. */
  rateWindowResetAt: string | null;
}

/** What the current user may still start: GET /api/v1/limits and the Tokens page. */
export async function limitsStatus(userId: string, now = new Date()): Promise<LimitsStatus> {
  const [override, usage] = await Promise.all([userLimitsOf(userId), ledgerUsage(userId, { dayStart: utcDayStart(now), windowStart: rateWindowStart(now) })]);
  const limits = effectiveLimits(serverDefaultLimits(), override);
  const oldest = usage.recentStarts[0];
  return {
    dailyBudgetUsd: limits.dailyBudgetUsd,
    spentTodayUsd: usage.liveUsdToday,
    rateLimitPerMinute: limits.rateLimitPerMinute,
    runsLastMinute: usage.recentStarts.length,
    resetAt: nextUtcDayStart(now).toISOString(),
    rateWindowResetAt: oldest ? new Date(oldest.getTime() + RATE_WINDOW_MS).toISOString() : null,
  };
}
