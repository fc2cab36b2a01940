import type { LimitsStatus } from "@/lib/limits/service";
import { formatUsd } from "@/lib/limits/rules";
import { formatUtc } from "./format";

/** The caller's budget and rate limit with what they used: one line each, "no limit" when off. */
export function LimitsSummary({ limits }: { limits: LimitsStatus }) {
  return (
    <section aria-labelledby="limits-title" data-testid="limits-summary" className="space-y-1 rounded-lg border border-zinc-800 bg-zinc-900/40 p-3 text-sm">
      <h2 id="limits-title" className="font-medium text-zinc-200">
        Your limits
      </h2>
      <p className="text-zinc-400">
        Live runs today:{" "}
        <span data-testid="limits-budget" className="text-zinc-200 tabular-nums">
          {limits.dailyBudgetUsd === null
            ? `${formatUsd(limits.spentTodayUsd)} (no daily budget)`
            : `${formatUsd(limits.spentTodayUsd)} of ${formatUsd(limits.dailyBudgetUsd)}, resets ${formatUtc(limits.resetAt)}`}
        </span>
      </p>
      <p className="text-zinc-400">
        Runs in the last minute:{" "}
        <span data-testid="limits-rate" className="text-zinc-200 tabular-nums">
          {limits.rateLimitPerMinute === null ? `${limits.runsLastMinute} (no rate limit)` : `${limits.runsLastMinute} of ${limits.rateLimitPerMinute} per minute`}
        </span>
      </p>
    </section>
  );
}
