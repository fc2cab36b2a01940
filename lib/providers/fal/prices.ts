import type { PriceRule } from "@/lib/pricing/rules";

/** fal's list prices (PROVIDERS.md B.7); fal reports no cost in its answers. */
export const FAL_PRICES: PriceRule[] = [
  {
    provider: "fal",
    model: "flux-pro-1.1",
    unit: "megapixel",
    usd: 0.04,
    source: "https://fal.ai/models/fal-ai/flux-pro/v1.1 ($0.04 per megapixel, rounded up)",
    asOf: "2026-11-01",
    // Unconfirmed: fal's pages disagree ($0.04/MP, $0.055/MP, $0.04/image via Lumenfall); PROVIDERS.md B.7
    // advises $0.04 per started megapixel. Users see only that the figure is not settled.
    note: "Unconfirmed: fal's own pages list different prices; this is the one on the model's page",
  },
  { provider: "fal", model: "flux-pro-1.1-ultra", unit: "image", usd: 0.06, source: "https://fal.ai/models/fal-ai/flux-pro/v1.1-ultra", asOf: "2026-11-01" },
];
