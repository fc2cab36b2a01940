"use server";

import { z } from "zod";
import { signIn, signOut } from "@/lib/auth/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

const signInInput = z.object({ provider: z.enum(["github", "google", "oidc"]), callbackUrl: z.string().optional() });

/** A sign-in button: off to the provider, and back to the page the visitor wanted. */
export async function signInAction(form: FormData): Promise<void> {
  const input = signInInput.safeParse({ provider: form.get("provider"), callbackUrl: form.get("callbackUrl") ?? undefined });
  if (!input.success) throw new Error("Unknown sign-in provider");
  await signIn(input.data.provider, { redirectTo: safeCallbackUrl(input.data.callbackUrl) });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin?signedOut=1" });
}
