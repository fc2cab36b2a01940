"use server";

import { z } from "zod";
import { currentUserId } from "@/lib/auth/current-user";
import { userKeyBalance, type KeyBalance } from "@/lib/keys/balance";
import { removeUserKey, setUserKey, type KeySummary } from "@/lib/keys/service";
import { validatedAction } from "@/lib/validation/action";

type Failed = { ok: false; error: string };

// The key itself is checked by the service (the same rules as PUT /api/v1/keys/{provider}).
const provider = z.string({ error: "A host is required" }).min(1, { error: "A host is required" }).max(40);
const setKeyInput = z.object({ provider, apiKey: z.string({ error: "Paste the key first" }) });
const providerInput = z.object({ provider });

export const setKeyAction = validatedAction(["input"], [setKeyInput], async (input): Promise<{ ok: true; key: KeySummary } | Failed> => {
  const result = await setUserKey(await currentUserId(), input.provider, { apiKey: input.apiKey });
  return result.ok ? { ok: true, key: result.key } : { ok: false, error: result.message };
});

export const deleteKeyAction = validatedAction(["input"], [providerInput], async (input): Promise<{ ok: true } | Failed> => {
  const result = await removeUserKey(await currentUserId(), input.provider);
  return result.ok ? { ok: true } : { ok: false, error: result.message };
});

export const keyBalanceAction = validatedAction(["input"], [providerInput], async (input): Promise<{ ok: true; balance: KeyBalance } | Failed> => {
  const result = await userKeyBalance(await currentUserId(), input.provider);
  return result.ok ? { ok: true, balance: result.balance } : { ok: false, error: result.message };
});
