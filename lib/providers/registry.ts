import { z } from "zod";
import { appOrigin, env, type Env } from "@/lib/env";
import { defaultParams, outputSize, type CanonicalParams, type ModelId } from "@/lib/models";
import { imagePrice, priceRule, type PriceRule } from "@/lib/pricing";
import { apiframeAdapter } from "./apiframe";
import { bflAdapter } from "./bfl";
import { falAdapter } from "./fal";
import { lumenfallAdapter } from "./lumenfall";
import { replicateAdapter } from "./replicate";
import { runflowAdapter } from "./runflow";
import { runwareAdapter } from "./runware";
import { togetherAdapter } from "./together";
import { describeCapabilities } from "./capabilities";
import type { ProviderAdapter, ProviderId } from "./types";
import type { KeySource } from "@/lib/jobs/types";

/** Every host, in the order the UI lists them: one adapter each. */
const ADAPTERS: readonly ProviderAdapter[] = [
  bflAdapter,
  falAdapter,
  replicateAdapter,
  runwareAdapter,
  runflowAdapter,
  lumenfallAdapter,
  apiframeAdapter,
  togetherAdapter,
];

export const PROVIDER_IDS = ADAPTERS.map((a) => a.id) as ProviderId[];
export const providerIdSchema = z.enum(PROVIDER_IDS as [ProviderId, ...ProviderId[]], {
  error: `Provider must be one of: ${PROVIDER_IDS.join(", ")}`,
});

export const SANDBOX_API_KEY = "sandbox-key";

export function getAdapter(id: ProviderId): ProviderAdapter {
  const adapter = ADAPTERS.find((a) => a.id === id);
  if (!adapter) throw new Error(`No adapter for host ${id}`);
  return adapter;
}

export type ProviderMode = "live" | "sandbox" | "misconfigured";

export interface ProviderConnection {
  adapter: ProviderAdapter;
  mode: ProviderMode;
  /** No key configured: the host is the local emulator, which bills nothing. */
  sandbox: boolean;
  baseUrl: string;
  apiKey: string;
  /** Why a misconfigured host cannot run, naming the variables to fix. */
  problem: string | null;
}

/**
 * Where a host is reached: its real API with the user's key, its sandbox when there is none, or
 * nowhere when its configuration is inconsistent (said plainly, never silently sandboxed).
 */
export function connect(id: ProviderId): ProviderConnection {
  const adapter = getAdapter(id);
  const e = env() as Env & Record<string, string | undefined>;
  const apiKey = adapter.env.apiKey.map((name) => e[name]).find((v): v is string => typeof v === "string" && v !== "");
  const baseUrlSetting = e[adapter.env.baseUrl];
  const sandbox = { adapter, mode: "sandbox" as const, sandbox: true, baseUrl: `${appOrigin()}/api/sandbox/${id}`, apiKey: SANDBOX_API_KEY, problem: null };
  if (!apiKey) {
    if (baseUrlSetting) {
      return { ...sandbox, mode: "misconfigured", problem: `${adapter.env.baseUrl} is set but no key is: set ${adapter.env.apiKey[0]}, or unset ${adapter.env.baseUrl} to use the sandbox` };
    }
    return sandbox;
  }
  if (baseUrlSetting && !URL.canParse(baseUrlSetting)) {
    return { ...sandbox, sandbox: false, mode: "misconfigured", apiKey, problem: `${adapter.env.baseUrl} must be an absolute URL (it replaces ${adapter.defaultBaseUrl})` };
  }
  return { adapter, mode: "live", sandbox: false, baseUrl: (baseUrlSetting ?? adapter.defaultBaseUrl).replace(/\/$/, ""), apiKey, problem: null };
}

export interface ProviderInfo {
  id: string;
  name: string;
  mode: ProviderMode;
  problem: string | null;
  /** Whose key a run by this user would use now. */
  keySource: KeySource;
  models: ModelId[];
  /** The list price of one image per model (at the default size for per-megapixel rules). */
  unitPriceUsd: Partial<Record<ModelId, number>>;
  prices: PriceRule[];
  capabilities: ReturnType<typeof describeCapabilities>;
  env: { apiKey: readonly string[]; baseUrl: string };
  defaultBaseUrl: string;
  docsUrl: string;
}

/** What the browser and the API may know of each host: never its key. */
export function listProviders(): ProviderInfo[] {
  return ADAPTERS.map((adapter) => {
    const { mode, problem } = connect(adapter.id);
    const prices = adapter.models.map((model) => priceRule(adapter.id, model)).filter((r): r is PriceRule => r !== null);
    const unitPriceUsd: Partial<Record<ModelId, number>> = {};
    for (const rule of prices) unitPriceUsd[rule.model] = imagePrice(rule, outputSize(rule.model, defaultParams(rule.model) as CanonicalParams));
    return {
      id: adapter.id,
      name: adapter.name,
      mode,
      problem,
      keySource: mode === "sandbox" ? "sandbox" : "server",
      models: [...adapter.models],
      unitPriceUsd,
      prices,
      capabilities: describeCapabilities(adapter.capabilities),
      env: adapter.env,
      defaultBaseUrl: adapter.defaultBaseUrl,
      docsUrl: adapter.docsUrl,
    };
  });
}
