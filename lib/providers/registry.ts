import { z } from "zod";
import { appOrigin, env, type Env } from "@/lib/env";
import type { ModelId } from "@/lib/models";
import { priceRule } from "@/lib/pricing";
import { bflAdapter } from "./bfl";
import type { ProviderAdapter, ProviderId } from "./types";

const ADAPTERS: Partial<Record<ProviderId, ProviderAdapter>> = { bfl: bflAdapter };
export const PROVIDER_IDS = Object.keys(ADAPTERS) as ProviderId[];
export const providerIdSchema = z.enum(PROVIDER_IDS as [ProviderId, ...ProviderId[]], {
  error: `Provider must be one of: ${PROVIDER_IDS.join(", ")}`,
});

export const SANDBOX_API_KEY = "sandbox-key";

export function getAdapter(id: ProviderId): ProviderAdapter {
  const adapter = ADAPTERS[id];
  if (!adapter) throw new Error(`No adapter for host ${id}`);
  return adapter;
}

export interface ProviderConnection {
  adapter: ProviderAdapter;
  /** No key configured: the host is the local emulator, which bills nothing. */
  sandbox: boolean;
  baseUrl: string;
  apiKey: string;
}

/** Where a host is reached: its real API with the user's key, or its sandbox when there is none. */
export function connect(id: ProviderId): ProviderConnection {
  const adapter = getAdapter(id);
  const e = env();
  const apiKey = adapter.env.apiKey.map((name) => e[name as keyof Env]).find((v): v is string => typeof v === "string" && v !== "");
  if (!apiKey) {
    return { adapter, sandbox: true, baseUrl: `${appOrigin()}/api/sandbox/${id}`, apiKey: SANDBOX_API_KEY };
  }
  const baseUrl = (e[adapter.env.baseUrl as keyof Env] as string | undefined) ?? adapter.defaultBaseUrl;
  return { adapter, sandbox: false, baseUrl, apiKey };
}

export interface ProviderInfo {
  id: string;
  name: string;
  mode: "live" | "sandbox";
  models: ModelId[];
  unitPriceUsd: Partial<Record<ModelId, number>>;
}

/** What the browser may know of each host: never its key or base URL. */
export function listProviders(): ProviderInfo[] {
  return PROVIDER_IDS.map((id) => {
    const { adapter, sandbox } = connect(id);
    const unitPriceUsd: Partial<Record<ModelId, number>> = {};
    for (const model of adapter.models) {
      const rule = priceRule(id, model);
      if (rule) unitPriceUsd[model] = rule.usd;
    }
    return { id, name: adapter.name, mode: sandbox ? "sandbox" : "live", models: [...adapter.models], unitPriceUsd };
  });
}
