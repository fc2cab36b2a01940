import type { CanonicalParams } from "@/lib/models";
// The zod-free catalog: the gallery reaches this file (comparison cards round prices) and stays free of zod.
import { outputSize, type ModelId } from "@/lib/models/catalog";
import type { PriceRule } from "./rules";

/** Pure price arithmetic, shared by the server and the form's estimate. */

export interface ImageSize {
  width: number;
  height: number;
}

/** USD rounded to a hundredth of a cent, so sums of 0.04 + 0.02 do not print 0.060000000000000005. */
export const roundUsd = (usd: number) => Math.round(usd * 10_000) / 10_000;

const DEFAULT_MEGAPIXEL = 1_000_000;
/** Started megapixels of an image (rounded up; at least one). */
const startedMegapixels = (size: ImageSize, mpPixels: number) => Math.max(1, Math.ceil((size.width * size.height) / mpPixels));

type PricingTerms = Pick<PriceRule, "unit" | "usd" | "extraMpUsd" | "inputMpUsd" | "mpPixels">;

/**
 * Price of one output image of `size` under a rule, the images it was given included. Per image: a
 * flat price. Per megapixel: the first started megapixel costs `usd`, each further one `extraMpUsd`
 * (by default `usd` again), and each input image's started megapixels `inputMpUsd` (by default free).
 */
export function imagePrice(rule: PricingTerms, size: ImageSize, inputs: readonly ImageSize[] = []): number {
  if (rule.unit === "image") return rule.usd;
  const mpPixels = rule.mpPixels ?? DEFAULT_MEGAPIXEL;
  const extra = startedMegapixels(size, mpPixels) - 1;
  const inputMp = inputs.reduce((sum, input) => sum + startedMegapixels(input, mpPixels), 0);
  return roundUsd(rule.usd + extra * (rule.extraMpUsd ?? rule.usd) + inputMp * (rule.inputMpUsd ?? 0));
}

/** Whether the rule charges for the images a run is given (the estimate needs their sizes). */
export const pricesInputs = (rule: Pick<PriceRule, "unit" | "inputMpUsd">) => rule.unit === "megapixel" && (rule.inputMpUsd ?? 0) > 0;

/**
 * What a run will cost by the list price: per image at the size the host returns (with the sizes of
 * the images it is given, where the rule charges for them), times the count: every image is sent
 * its inputs again.
 */
export function estimateWithRule(rule: PricingTerms, model: ModelId, params: CanonicalParams, inputs: readonly ImageSize[] = []) {
  const unitPriceUsd = imagePrice(rule, outputSize(model, params), inputs);
  return { unitPriceUsd, estimatedUsd: roundUsd(unitPriceUsd * params.num_images) };
}
