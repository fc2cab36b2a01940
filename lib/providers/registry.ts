import { z } from "zod";
import { appOrigin, env, isTeamMode, type Env } from "@/lib/env";
import { defaultParams, outputSize, type CanonicalParams, type ModelId } from "@/lib/models";
import { imagePrice, priceRule, type PriceRule } from "@/lib/pricing";
import { HOSTS } from "./hosts";
import { concurrencyVariable, PROVIDER_IDS } from "./catalog";
import { sandboxApiKey } from "@/lib/sandbox/access";
import type { CapabilityTables } from "./capabilities";
import type { ProviderAdapter, ProviderId } from "./types";
import type { KeySource } from "@/lib/jobs/types";
import { DEFAULT_MAX_CONCURRENCY } from "@/lib/jobs/queue-rules";

export { PROVIDER_IDS };
export const providerIdSchema = z.enum(PROVIDER_IDS, {
  error: `Provider must be one of: ${PROVIDER_IDS.join(", ")}`,
});


export function getAdapter(id: ProviderId): ProviderAdapter {
  const adapter = HOSTS.find((a) => a.id === id);
  if (!adapter) throw new Error(`No adapter for host ${id}`);
  return adapter;
}

/** Active tasks per key at a host: `<ID>_MAX_CONCURRENCY`, else what the host documents, else 8. */
export function concurrencyLimit(id: ProviderId): number {
  const e = env() as Env & Record<string, number | undefined>;
  return e[concurrencyVariable(id)] ?? getAdapter(id).maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
}

export type ProviderMode = "live" | "sandbox" | "misconfigured";

export interface ProviderConnection {
  adapter: ProviderAdapter;
  mode: ProviderMode;
  /** No key to use: the host is the local emulator, which bills nothing. */
  sandbox: boolean;
  baseUrl: string;
  apiKey: string;
  /** Whose key this connection uses. */
  keySource: KeySource;
  /** Why a misconfigured host cannot run, naming the variables to fix. */
  problem: string | null;
}

/** The key a connection should use: a user's own (read by lib/keys), the server's, or none. */
export type KeyChoice = { source: "user"; apiKey: string } | { source: "server" } | { source: "sandbox" };

/** Locally the server's keys are the local user's; team mode lends them only with AUTH_SHARE_SERVER_KEYS=true. */
export function serverKeysShared(): boolean {
  return !isTeamMode() || env().AUTH_SHARE_SERVER_KEYS;
}

/**
 * Where a host is reached. With `choice`, exactly that key (lib/keys passes a user's own; a run
 * resumes with the source it started with); without, the server's key when it is shared, else the
 * sandbox. An inconsistent configuration is said plainly, never silently sandboxed.
 */
export function connect(id: ProviderId, choice?: KeyChoice): ProviderConnection {
  const adapter = getAdapter(id);
  const e = env() as Env & Record<string, string | undefined>;
  const serverKey = adapter.env.apiKey.map((name) => e[name]).find((v): v is string => typeof v === "string" && v !== "");
  const baseUrlSetting = e[adapter.env.baseUrl];
  const use: KeyChoice = choice ?? (serverKey && serverKeysShared() ? { source: "server" } : { source: "sandbox" });
  const sandbox = { adapter, mode: "sandbox" as const, sandbox: true, baseUrl: `${appOrigin()}/api/sandbox/${id}`, apiKey: sandboxApiKey(), keySource: "sandbox" as const, problem: null };
  if (use.source === "sandbox") {
    // Local mode, a base URL with no key anywhere: someone meant a real host, so this is not a
    // sandbox. In team mode it is where users' own keys go; a user without one has the sandbox.
    if (!choice && baseUrlSetting && !serverKey && !isTeamMode()) {
      return { ...sandbox, mode: "misconfigured", problem: `${adapter.env.baseUrl} is set but no key is: set ${adapter.env.apiKey[0]} (or your own key on /keys), or unset ${adapter.env.baseUrl} to use the sandbox` };
    }
    return sandbox;
  }
  const apiKey = use.source === "user" ? use.apiKey : serverKey;
  const refused = { ...sandbox, sandbox: false, mode: "misconfigured" as const, keySource: use.source };
  if (!apiKey) {
    const missing = use.source === "user" ? `You have no key of your own for ${adapter.name}` : `The server's key for ${adapter.name} (${adapter.env.apiKey[0]}) is not set`;
    return { ...refused, apiKey: "", problem: missing };
  }
  if (baseUrlSetting && !URL.canParse(baseUrlSetting)) {
    return { ...refused, apiKey, problem: `${adapter.env.baseUrl} must be an absolute URL (it replaces ${adapter.defaultBaseUrl})` };
  }
  return { adapter, mode: "live", sandbox: false, baseUrl: (baseUrlSetting ?? adapter.defaultBaseUrl).replace(/\/$/, ""), apiKey, keySource: use.source, problem: null };
}

export interface ProviderInfo {
  id: string;
  name: string;
  mode: ProviderMode;
  problem: string | null;
  /** Whose key a run by this user would use now. */
  keySource: KeySource;
  /** The last 4 characters of this user's own key for the host, when they set one. */
  userKeyLast4: string | null;
  models: ModelId[];
  /** The list price of one image per model (at the default size for per-megapixel rules). */
  unitPriceUsd: Partial<Record<ModelId, number>>;
  prices: PriceRule[];
  /** Per model, how each parameter reaches the host, and when a value does not arrive as given. */
  capabilities: CapabilityTables;
  env: { apiKey: readonly string[]; baseUrl: string };
  defaultBaseUrl: string;
  docsUrl: string;
}

/** Which hosts a user has their own key for (lib/keys reads them; never the key itself). */
export type UserKeyHints = Partial<Record<ProviderId, { last4: string }>>;

// Whether a user key exists decides the mode, not its value: listing hosts never decrypts one.
const KEY_NOT_READ = "<not read>";

/** What the browser and the API may know of each host: never a key. Without hints: a user with no key of their own. */
export function listProviders(userKeys: UserKeyHints = {}): ProviderInfo[] {
  return HOSTS.map((adapter) => {
    const own = userKeys[adapter.id];
    const { mode, problem, keySource } = connect(adapter.id, own ? { source: "user", apiKey: KEY_NOT_READ } : undefined);
    const prices = adapter.models.map((model) => priceRule(adapter.id, model)).filter((r): r is PriceRule => r !== null);
    const unitPriceUsd: Partial<Record<ModelId, number>> = {};
    for (const rule of prices) unitPriceUsd[rule.model] = imagePrice(rule, outputSize(rule.model, defaultParams(rule.model) as CanonicalParams));
    return {
      id: adapter.id,
      name: adapter.name,
      mode,
      problem,
      keySource,
      userKeyLast4: own?.last4 ?? null,
      models: [...adapter.models],
      unitPriceUsd,
      prices,
      capabilities: adapter.capabilities,
      env: adapter.env,
      defaultBaseUrl: adapter.defaultBaseUrl,
      docsUrl: adapter.docsUrl,
    };
  });
}
