import type { CanonicalParams, ModelId } from "@/lib/models";
import { estimateWithRule, imagePrice, roundUsd, type ImageSize } from "./price";
import type { BilledSource } from "@/lib/jobs/types";
import { configuredRules } from "./overrides";
import { PRICE_RULES, type PriceRule } from "./rules";

export type { PriceRule };
export { imagePrice, roundUsd };

/** The rules in force: configuration first, then the built-in list prices. */
export function priceRules(): PriceRule[] {
  const configured = configuredRules();
  const builtIn = PRICE_RULES.filter((r) => !configured.some((c) => c.provider === r.provider && c.model === r.model));
  return [...configured, ...builtIn];
}

export function priceRule(provider: string, model: ModelId): PriceRule | null {
  // The last matching configured rule wins, so PRICING_OVERRIDES beats PRICING_FILE.
  return priceRules().filter((r) => r.provider === provider && r.model === model).at(-1) ?? null;
}

/** `inputs`: the sizes of the images the run is given (lib/jobs/image-inputs.ts inputImageSizes). */
export function estimateCost(
  provider: string,
  model: ModelId,
  params: CanonicalParams,
  inputs: readonly ImageSize[] = [],
): { unitPriceUsd: number; estimatedUsd: number } {
  const rule = priceRule(provider, model);
  if (!rule) throw new Error(`No price rule for ${provider} × ${model}`);
  return estimateWithRule(rule, model, params, inputs);
}

export interface ChargeableTask {
  /** Images the host made (or accepted to make: cancel or deadline after submit) and bills. */
  chargedImages: number;
  /** What the host said it billed for this task, when it says. */
  hostBilledUsd: number | null;
}

/**
 * The billed cost of a generation once it ends: $0 in sandbox; otherwise what the host reported,
 * falling back to the list price for each charged image the host did not report a cost for.
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
    if (task.chargedImages === 0) continue;
    if (task.hostBilledUsd !== null) total += task.hostBilledUsd;
    else {
      allReported = false;
      total += unitPriceUsd * task.chargedImages;
    }
  }
  return { billedUsd: roundUsd(total), billedSource: allReported ? "host" : "estimate" };
}
