import { ProviderError } from "@/lib/providers/errors";
import { getAdapter } from "@/lib/providers/registry";
import { PROVIDER_IDS } from "@/lib/providers/types";
import { ownKeyConnection, parseProviderId } from "./service";

/** What is left behind a user's own key, asked of the host itself (BFL: `GET /v1/credits`). */
export interface KeyBalance {
  provider: string;
  usd: number;
  /** In the host's unit where it counts credits (BFL: 1 credit = $0.01). */
  credits: number | null;
  checkedAt: string;
}

export type BalanceFailure = { ok: false; status: 400 | 404 | 422 | 502; message: string };

const BALANCE_TIMEOUT_MS = 10_000;

/** Hosts with a balance endpoint: known from their adapters, never listed twice. */
export const BALANCE_HOSTS = PROVIDER_IDS.filter((id) => getAdapter(id).balance);

export async function userKeyBalance(userId: string, providerRaw: string): Promise<{ ok: true; balance: KeyBalance } | BalanceFailure> {
  const parsed = parseProviderId(providerRaw);
  if (!parsed.ok) return { ok: false, status: 404, message: parsed.message };
  const adapter = getAdapter(parsed.provider);
  if (!adapter.balance) {
    return { ok: false, status: 404, message: `Balance is not available for ${adapter.name}: the host has no balance endpoint (hosts with one: ${BALANCE_HOSTS.join(", ")})` };
  }
  const connection = await ownKeyConnection(userId, parsed.provider);
  if (!connection) return { ok: false, status: 404, message: `You have no key for ${adapter.name}: set one first, then ask its balance` };
  if (connection.problem) return { ok: false, status: 400, message: connection.problem };
  try {
    const { usd, credits } = await adapter.balance({ baseUrl: connection.baseUrl, apiKey: connection.apiKey, requestTimeoutMs: BALANCE_TIMEOUT_MS });
    return { ok: true, balance: { provider: adapter.id, usd, credits, checkedAt: new Date().toISOString() } };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    // The host's words name the env variable of the server's key: this one is the user's.
    if (error.code === "auth") return { ok: false, status: 422, message: `${adapter.name} rejected your key${error.status ? ` (HTTP ${error.status})` : ""}: check it and set it again` };
    return { ok: false, status: 502, message: `${adapter.name} could not tell the balance: ${error.message}` };
  }
}
