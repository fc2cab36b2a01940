import type { PriceRule } from "@/lib/pricing/rules";

// UNVERIFIED (PROVIDERS.md F.5): Apiframe bills credits (creditCost on each job) and publishes no credit
// amounts for FLUX nor a dollar value per credit, so the model's price elsewhere stands in.
const NOTE = "Unconfirmed: Apiframe bills in credits and publishes no dollar price for FLUX; shown at the model's usual price";

export const APIFRAME_PRICES: PriceRule[] = [
  { provider: "apiframe", model: "flux-pro-1.1", unit: "image", usd: 0.04, source: "https://docs-v2.apiframe.ai/images/flux/flux-1-1-pro", asOf: "2026-11-01", note: NOTE },
  { provider: "apiframe", model: "flux-pro-1.1-ultra", unit: "image", usd: 0.06, source: "https://apiframe.ai/models/flux-1.1-pro-ultra", asOf: "2026-11-01", note: NOTE },
];
