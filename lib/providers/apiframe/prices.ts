import type { PriceRule } from "@/lib/pricing/rules";

const NOTE = "UNVERIFIED: Apiframe bills credits (creditCost on each job) and publishes no credit amounts for FLUX or a dollar value per credit; listed at the model's price elsewhere (PROVIDERS.md F.5)";

export const APIFRAME_PRICES: PriceRule[] = [
  { provider: "apiframe", model: "flux-pro-1.1", unit: "image", usd: 0.04, source: "https://docs-v2.apiframe.ai/images/flux/flux-1-1-pro", asOf: "2026-11-01", note: NOTE },
  { provider: "apiframe", model: "flux-pro-1.1-ultra", unit: "image", usd: 0.06, source: "https://apiframe.ai/models/flux-1.1-pro-ultra", asOf: "2026-11-01", note: NOTE },
];
