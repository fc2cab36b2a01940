import type { PriceRule } from "@/lib/pricing/rules";

/** Runware's list prices (PROVIDERS.md D.6); the billed cost comes from each result's `cost` (includeCost). */
export const RUNWARE_PRICES: PriceRule[] = [
  {
    provider: "runware",
    model: "flux-pro-1.1",
    unit: "image",
    usd: 0.04,
    source: "https://runware.ai/docs/models/bfl-flux-1-1-pro (pricing: 1k $0.04)",
    asOf: "2026-11-01",
    note: "Listed for the \"1k\" tier only: sizes above 1 megapixel (up to 1440×1440) may cost more (unconfirmed)",
  },
  {
    provider: "runware",
    model: "flux-pro-1.1-ultra",
    unit: "image",
    usd: 0.06,
    source: "https://runware.ai/docs/models/bfl-flux-1-1-pro-ultra (pricing: 2k $0.06)",
    asOf: "2026-11-01",
  },
];
