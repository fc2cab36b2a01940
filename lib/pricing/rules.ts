import type { ModelId } from "@/lib/models";

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
 * List prices, with where they come from (PROVIDERS.md, per host's pricing section). Any rule can
 * be replaced without a code change: PRICING_OVERRIDES (JSON) or PRICING_FILE (a JSON file).
 */
export const PRICE_RULES: readonly PriceRule[] = [
  { provider: "bfl", model: "flux-pro-1.1", unit: "image", usd: 0.04, source: "https://docs.bfl.ai/quick_start/pricing (4 credits, 1 credit = $0.01)", asOf: "2026-11-01" },
  { provider: "bfl", model: "flux-pro-1.1-ultra", unit: "image", usd: 0.06, source: "https://docs.bfl.ai/quick_start/pricing (6 credits; raw mode costs the same)", asOf: "2026-11-01" },
];
