import { runflowAdapter } from ".";

/** Runflow's list prices, read off its per-model entries (./models.ts). */
export const RUNFLOW_PRICES = runflowAdapter.prices;
