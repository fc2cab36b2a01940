import type { ModelId } from "@/lib/models";
import { APIFRAME_PRICES } from "@/lib/providers/apiframe/prices";
import { FAL_PRICES } from "@/lib/providers/fal/prices";
import { LUMENFALL_PRICES } from "@/lib/providers/lumenfall/prices";
import { REPLICATE_PRICES } from "@/lib/providers/replicate/prices";
import { RUNFLOW_PRICES } from "@/lib/providers/runflow/prices";
import { RUNWARE_PRICES } from "@/lib/providers/runware/prices";
import { TOGETHER_PRICES } from "@/lib/providers/together/prices";

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
 * List prices, with where they come from (PROVIDERS.md, per host's pricing section); each host's
 * rules live beside its adapter. Any rule can be replaced without a code change:
 * PRICING_OVERRIDES (JSON) or PRICING_FILE (a JSON file).
 */
const BFL_PRICES: readonly PriceRule[] = [
  { provider: "bfl", model: "flux-pro-1.1", unit: "image", usd: 0.04, source: "https://docs.bfl.ai/quick_start/pricing (4 credits, 1 credit = $0.01)", asOf: "2026-11-01" },
  { provider: "bfl", model: "flux-pro-1.1-ultra", unit: "image", usd: 0.06, source: "https://docs.bfl.ai/quick_start/pricing (6 credits; raw mode costs the same)", asOf: "2026-11-01" },
];

export const PRICE_RULES: readonly PriceRule[] = [
  ...BFL_PRICES,
  ...FAL_PRICES,
  ...REPLICATE_PRICES,
  ...RUNWARE_PRICES,
  ...RUNFLOW_PRICES,
  ...LUMENFALL_PRICES,
  ...APIFRAME_PRICES,
  ...TOGETHER_PRICES,
];
