import type { ModelId } from "@/lib/models";
import { HOSTS } from "@/lib/providers/hosts";

export interface PriceRule {
  provider: string;
  model: ModelId;
  /** Per output image, or per started megapixel of each output image (fal). */
  unit: "image" | "megapixel";
  usd: number;
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
