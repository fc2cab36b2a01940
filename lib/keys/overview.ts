import { listProviders, type ProviderMode } from "@/lib/providers/registry";
import type { KeySource } from "@/lib/jobs/types";
import { BALANCE_HOSTS } from "./balance";
import { listUserKeys, providersForUser } from "./service";

/** One host on the Keys page: the user's key (masked), what runs use now, and without it. */
export interface HostKeyStatus {
  id: string;
  name: string;
  key: { last4: string; updatedAt: string } | null;
  now: { keySource: KeySource; mode: ProviderMode; problem: string | null };
  /** What this user's runs would use if they deleted their key. */
  withoutOwnKey: { keySource: KeySource; mode: ProviderMode };
  hasBalance: boolean;
  docsUrl: string;
}

export async function hostKeyStatuses(userId: string): Promise<HostKeyStatus[]> {
  const [keys, hosts] = await Promise.all([listUserKeys(userId), providersForUser(userId)]);
  const fallback = new Map(listProviders().map((p) => [p.id, p]));
  return hosts.map((host) => {
    const key = keys.find((k) => k.provider === host.id);
    const without = fallback.get(host.id)!;
    return {
      id: host.id,
      name: host.name,
      key: key ? { last4: key.last4, updatedAt: key.updatedAt } : null,
      now: { keySource: host.keySource, mode: host.mode, problem: host.problem },
      withoutOwnKey: { keySource: without.keySource, mode: without.mode },
      hasBalance: (BALANCE_HOSTS as string[]).includes(host.id),
      docsUrl: host.docsUrl,
    };
  });
}
