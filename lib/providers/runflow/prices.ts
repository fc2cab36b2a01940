import type { PriceRule } from "@/lib/pricing/rules";

/** Runflow's list prices (PROVIDERS.md G.5); the run object also reports its `cost`. */
export const RUNFLOW_PRICES: PriceRule[] = [
  { provider: "runflow", model: "flux-pro-1.1", unit: "image", usd: 0.04, source: "https://runflow.io/models/black-forest-labs/flux-1-1-pro", asOf: "2026-11-01" },
  { provider: "runflow", model: "flux-pro-1.1-ultra", unit: "image", usd: 0.06, source: "https://runflow.io/models/black-forest-labs/flux-1-1-pro-ultra", asOf: "2026-11-01" },
];
