import type { CanonicalParams } from "@/lib/models";
// The zod-free catalog: the gallery reaches this file (comparison cards round prices) and stays free of zod.
import { outputSize, type ModelId } from "@/lib/models/catalog";
import type { PriceRule } from "./rules";

/** Pure price arithmetic, shared by the server and the form's estimate. */

/** USD rounded to a hundredth of a cent, so sums of 0.04 + 0.02 do not print 0.060000000000000005. */
export const roundUsd = (usd: number) => Math.round(usd * 10_000) / 10_000;

/** Price of one image of `width`×`height` under a rule; megapixels are counted started (rounded up). */
export function imagePrice(rule: Pick<PriceRule, "unit" | "usd">, size: { width: number; height: number }): number {
  if (rule.unit === "image") return rule.usd;
  return roundUsd(rule.usd * Math.ceil((size.width * size.height) / 1_000_000));
}

/** What a run will cost by the list price: per image at the size the host returns, times the count. */
export function estimateWithRule(rule: Pick<PriceRule, "unit" | "usd">, model: ModelId, params: CanonicalParams) {
  const unitPriceUsd = imagePrice(rule, outputSize(model, params));
  return { unitPriceUsd, estimatedUsd: roundUsd(unitPriceUsd * params.num_images) };
}
