"use server";

import { z } from "zod";
import { signIn, signOut } from "@/lib/auth/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { isTeamMode } from "@/lib/env";

const signInInput = z.object({ provider: z.enum(["github", "google", "oidc"]), callbackUrl: z.string().max(2000).optional() });

/**
 * A sign-in button: off to the provider, and back to the page the visitor wanted. Anything but the
 * page's own form (local mode, no form, an unknown provider) does nothing: only a forged call sends it.
 */
export async function signInAction(form: unknown): Promise<void> {
  if (!isTeamMode() || !(form instanceof FormData)) return;
  const input = signInInput.safeParse({ provider: form.get("provider"), callbackUrl: form.get("callbackUrl") ?? undefined });
  if (!input.success) return;
  await signIn(input.data.provider, { redirectTo: safeCallbackUrl(input.data.callbackUrl) });
}

export async function signOutAction(): Promise<void> {
  if (!isTeamMode()) return;
  await signOut({ redirectTo: "/signin?signedOut=1" });
}
