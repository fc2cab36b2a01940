import { apiframeAdapter } from "./apiframe";
import { bflAdapter } from "./bfl";
import { falAdapter } from "./fal";
import { lumenfallAdapter } from "./lumenfall";
import { replicateAdapter } from "./replicate";
import { runflowAdapter } from "./runflow";
import { runwareAdapter } from "./runware";
import { togetherAdapter } from "./together";
import { PROVIDER_IDS } from "./catalog";
import type { ProviderAdapter } from "./types";

/**
 * Every host's adapter, in the catalog's order. Nothing here imports pricing or the registry, so
 * both can derive their lists from it without an import cycle.
 */
const ADAPTERS: Record<(typeof PROVIDER_IDS)[number], ProviderAdapter> = {
  bfl: bflAdapter,
  fal: falAdapter,
  replicate: replicateAdapter,
  runware: runwareAdapter,
  runflow: runflowAdapter,
  lumenfall: lumenfallAdapter,
  apiframe: apiframeAdapter,
  together: togetherAdapter,
};

export const HOSTS: readonly ProviderAdapter[] = PROVIDER_IDS.map((id) => ADAPTERS[id]);
