import type { ModelId } from "@/lib/models";
import type { BilledSource } from "@/lib/jobs/types";
import { PRICE_RULES, type PriceRule } from "./rules";

export type { PriceRule };

export function priceRule(provider: string, model: ModelId): PriceRule | null {
  return PRICE_RULES.find((r) => r.provider === provider && r.model === model) ?? null;
}

/** USD rounded to a hundredth of a cent, so sums of 0.04 + 0.02 do not print 0.060000000000000005. */
export const roundUsd = (usd: number) => Math.round(usd * 10_000) / 10_000;

export function estimateCost(provider: string, model: ModelId, numImages: number): { unitPriceUsd: number; estimatedUsd: number } {
  const rule = priceRule(provider, model);
  if (!rule) throw new Error(`No price rule for ${provider} × ${model}`);
  return { unitPriceUsd: rule.usd, estimatedUsd: roundUsd(rule.usd * numImages) };
}

export interface ChargeableTask {
  /** The host produced an image (or accepted work it bills even if we stopped watching). */
  charged: boolean;
  /** What the host said it billed for this task, when it says. */
  hostBilledUsd: number | null;
}

/**
 * The billed cost of a generation once it ends: $0 in sandbox; otherwise what the host reported,
 * falling back to the list price for each charged task the host did not report a cost for.
 * Moderated and failed tasks are not charged (BFL: moderated requests are free).
 */
export function billedCost(
  tasks: readonly ChargeableTask[],
  unitPriceUsd: number,
  sandbox: boolean,
): { billedUsd: number; billedSource: BilledSource } {
  if (sandbox) return { billedUsd: 0, billedSource: "sandbox" };
  let total = 0;
  let allReported = true;
  for (const task of tasks) {
    if (!task.charged) continue;
    if (task.hostBilledUsd !== null) total += task.hostBilledUsd;
    else {
      allReported = false;
      total += unitPriceUsd;
    }
  }
  return { billedUsd: roundUsd(total), billedSource: allReported ? "host" : "estimate" };
}
