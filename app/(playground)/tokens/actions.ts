"use server";

import { currentUser } from "@/lib/auth/current-user";
import { createApiToken, revokeApiToken, type NewApiTokenDto } from "@/lib/auth/tokens";
import { checkedByService, idArgument, validatedAction } from "@/lib/validation/action";

export type CreateTokenActionResult = { ok: true; token: NewApiTokenDto } | { ok: false; error: string };

/** "Create token": the new token, shown once by the page. The name is validated by the service's schema. */
export const createTokenAction = validatedAction(["input"], [checkedByService<{ name: string }>()], async (input): Promise<CreateTokenActionResult> => {
  const user = await currentUser();
  if (!user) return { ok: false, error: "Sign in first" };
  const result = await createApiToken(user, input);
  return result.ok ? { ok: true, token: result.token } : { ok: false, error: result.message };
});

export const revokeTokenAction = validatedAction(["id"], [idArgument("A token")], async (id): Promise<{ ok: boolean; error?: string }> => {
  const user = await currentUser();
  if (!user) return { ok: false, error: "Sign in first" };
  return (await revokeApiToken(user.id, id)) ? { ok: true } : { ok: false, error: `No token ${id}` };
});
