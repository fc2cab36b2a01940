import type { ModelId } from "@/lib/models";
import { HOSTS } from "@/lib/providers/hosts";

export interface PriceRule {
  provider: string;
  model: ModelId;
  /** Per output image, or per started megapixel of each output image (fal). */
  unit: "image" | "megapixel";
  /** Per image; per megapixel: the first started megapixel of each output image. */
  usd: number;
  /** Per megapixel: each further started megapixel of an output (FLUX.2: half the first); `usd` when absent. */
  extraMpUsd?: number;
  /** Per megapixel: each started megapixel of each input image (FLUX.2's references); free when absent. */
  inputMpUsd?: number;
  /** Pixels in one megapixel: 10⁶ when absent; BFL counts 1024² (its `output_mp` is 0.06 at 256²). */
  mpPixels?: number;
  source: string;
  /** When the price was read from its source. */
  asOf: string;
  note?: string;
}

/**
 * List prices, with where they come from (PROVIDERS.md, per host's pricing section): each host's
 * per-model entries carry their own (lib/providers/<host>/models.ts). Any rule can be replaced
 * without a code change: PRICING_OVERRIDES (JSON) or PRICING_FILE (a JSON file).
 */
export const PRICE_RULES: readonly PriceRule[] = HOSTS.flatMap((host) => host.prices);
