import type { PriceRule } from "@/lib/pricing/rules";

/** Replicate bills these official models per output image (PROVIDERS.md C.7); no cost comes back. */
export const REPLICATE_PRICES: PriceRule[] = [
  { provider: "replicate", model: "flux-pro-1.1", unit: "image", usd: 0.04, source: "https://replicate.com/black-forest-labs/flux-1.1-pro ($0.04 per output image)", asOf: "2026-11-01" },
  { provider: "replicate", model: "flux-pro-1.1-ultra", unit: "image", usd: 0.06, source: "https://replicate.com/black-forest-labs/flux-1.1-pro-ultra ($0.06 per output image)", asOf: "2026-11-01" },
];
