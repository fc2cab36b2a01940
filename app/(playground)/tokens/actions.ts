"use server";

import { z } from "zod";
import { currentUser } from "@/lib/auth/current-user";
import { createApiToken, revokeApiToken, type NewApiTokenDto } from "@/lib/auth/tokens";

export type CreateTokenActionResult = { ok: true; token: NewApiTokenDto } | { ok: false; error: string };

const tokenId = z.string().trim().min(1, { error: "A token id is required" }).max(100);

/** "Create token": the new token, shown once by the page. The name is validated by the service's schema. */
export async function createTokenAction(input: { name: string }): Promise<CreateTokenActionResult> {
  const user = await currentUser();
  if (!user) return { ok: false, error: "Sign in first" };
  const result = await createApiToken(user, input);
  return result.ok ? { ok: true, token: result.token } : { ok: false, error: result.message };
}

export async function revokeTokenAction(id: string): Promise<{ ok: boolean; error?: string }> {
  const parsed = tokenId.safeParse(id);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  const user = await currentUser();
  if (!user) return { ok: false, error: "Sign in first" };
  return (await revokeApiToken(user.id, parsed.data)) ? { ok: true } : { ok: false, error: `No token ${parsed.data}` };
}
