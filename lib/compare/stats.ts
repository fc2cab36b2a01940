import type { GenerationStatus } from "@/lib/jobs/types";
import { roundUsd } from "@/lib/pricing/price";

/**
 * Nearest-rank percentile: the smallest value with at least p% of the values at or below it, so the
 * answer is always a value that was observed. p in 0..100 (p = 0 gives the minimum); null when empty.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be in 0..100, got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // p·n/100 rather than p/100·n: 95·20/100 is exactly 19, 0.95·20 only by luck.
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[rank - 1];
}

/** The nearest-rank 50th percentile (the lower middle for an even count), like the p95 beside it. */
export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}

export interface GenerationStat {
  provider: string;
  status: GenerationStatus;
  hostLatencyMs: number | null;
  totalMs: number | null;
  images: number;
  estimatedUsd: number;
  billedUsd: number | null;
}

export interface HostStat {
  runs: number;
  /** Runs in a terminal state: succeeded, failed or canceled. */
  ended: number;
  succeeded: number;
  failed: number;
  /** failed / (succeeded + failed): a cancel is the user's doing, a running job has no verdict yet. */
  failureRate: number | null;
  /** Of the host's own latency of succeeded runs. */
  latencyMedianMs: number | null;
  latencyP95Ms: number | null;
  /** Of the end-to-end time of succeeded runs. */
  totalMedianMs: number | null;
  /** (billed ?? estimated) over succeeded runs / their images; not rounded, prices go below a cent. */
  meanCostPerImageUsd: number | null;
}

const present = (v: number | null): v is number => v !== null;

/** Per-host figures for the compare page, keyed by provider id. */
export function hostStats(rows: readonly GenerationStat[]): Record<string, HostStat> {
  const byHost = new Map<string, GenerationStat[]>();
  for (const row of rows) {
    const list = byHost.get(row.provider);
    if (list) list.push(row);
    else byHost.set(row.provider, [row]);
  }

  const stats = new Map<string, HostStat>();
  for (const [provider, runs] of byHost) {
    const succeeded = runs.filter((r) => r.status === "succeeded");
    const failed = runs.filter((r) => r.status === "failed").length;
    const canceled = runs.filter((r) => r.status === "canceled").length;
    const decided = succeeded.length + failed;
    const images = succeeded.reduce((s, r) => s + r.images, 0);
    const cost = succeeded.reduce((s, r) => s + (r.billedUsd ?? r.estimatedUsd), 0);
    const latencies = succeeded.map((r) => r.hostLatencyMs).filter(present);
    stats.set(provider, {
      runs: runs.length,
      ended: decided + canceled,
      succeeded: succeeded.length,
      failed,
      failureRate: decided > 0 ? failed / decided : null,
      latencyMedianMs: median(latencies),
      latencyP95Ms: percentile(latencies, 95),
      totalMedianMs: median(succeeded.map((r) => r.totalMs).filter(present)),
      meanCostPerImageUsd: images > 0 ? cost / images : null,
    });
  }
  // A Map first so that a provider id like "__proto__" stays an ordinary key.
  return Object.fromEntries(stats);
}

/** What a comparison will cost: the sum of its cells, rounded once to 1/10000 of a dollar. */
export function comparisonCost(cells: readonly { estimatedUsd: number }[]): number {
  return roundUsd(cells.reduce((s, c) => s + c.estimatedUsd, 0));
}

/**
 * True when the total is strictly above the threshold. Both are rounded first, so 0.1 + 0.2 does not
 * exceed a 0.3 threshold by float noise.
 */
export function exceedsConfirmation(totalUsd: number, thresholdUsd: number): boolean {
  return roundUsd(totalUsd) > roundUsd(thresholdUsd);
}
