"use server";

import { z } from "zod";
import { currentUserId } from "@/lib/auth/current-user";
import { userKeyBalance, type KeyBalance } from "@/lib/keys/balance";
import { removeUserKey, setUserKey, type KeySummary } from "@/lib/keys/service";

type Failed = { ok: false; error: string };

// The key itself is checked by the service (the same rules as PUT /api/v1/keys/{provider}).
const setKeyActionInput = z.object({ provider: z.string().min(1).max(40), apiKey: z.string({ error: "Paste the key first" }) });
const providerActionInput = z.object({ provider: z.string().min(1).max(40) });

export async function setKeyAction(input: { provider: string; apiKey: string }): Promise<{ ok: true; key: KeySummary } | Failed> {
  const parsed = setKeyActionInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input" };
  const result = await setUserKey(await currentUserId(), parsed.data.provider, { apiKey: parsed.data.apiKey });
  return result.ok ? { ok: true, key: result.key } : { ok: false, error: result.message };
}

export async function deleteKeyAction(input: { provider: string }): Promise<{ ok: true } | Failed> {
  const parsed = providerActionInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: "A host is required" };
  const result = await removeUserKey(await currentUserId(), parsed.data.provider);
  return result.ok ? { ok: true } : { ok: false, error: result.message };
}

export async function keyBalanceAction(input: { provider: string }): Promise<{ ok: true; balance: KeyBalance } | Failed> {
  const parsed = providerActionInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: "A host is required" };
  const result = await userKeyBalance(await currentUserId(), parsed.data.provider);
  return result.ok ? { ok: true, balance: result.balance } : { ok: false, error: result.message };
}
