import type { PriceRule } from "@/lib/pricing/rules";

/** Lumenfall's list prices (PROVIDERS.md E.5): per image, prepaid balance, no cost in the answer. */
export const LUMENFALL_PRICES: PriceRule[] = [
  { provider: "lumenfall", model: "flux-pro-1.1", unit: "image", usd: 0.04, source: "https://lumenfall.ai/models (flux1.1-pro model page; docs.lumenfall.ai)", asOf: "2026-11-01" },
  { provider: "lumenfall", model: "flux-pro-1.1-ultra", unit: "image", usd: 0.06, source: "https://lumenfall.ai/models (flux1.1-pro-ultra model page; docs.lumenfall.ai)", asOf: "2026-11-01" },
];
