import type { PriceRule } from "@/lib/pricing/rules";

/** Together's price for FLUX 1.1 [pro] (PROVIDERS.md H): per image; no cost in the answer. */
export const TOGETHER_PRICES: PriceRule[] = [
  {
    provider: "together",
    model: "flux-pro-1.1",
    unit: "image",
    usd: 0.04,
    // PROVIDERS.md H: about $0.04 per image, UNVERIFIED; Together may bill image models per megapixel.
    source: "https://www.together.ai/pricing (image models)",
    asOf: "2026-11-01",
    note: "Unconfirmed: Together may bill image models per megapixel rather than per image",
  },
];
