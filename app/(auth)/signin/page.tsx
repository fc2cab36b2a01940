import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { signInAction } from "../actions";
import { signInProviders } from "@/lib/auth/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { currentUser } from "@/lib/auth/current-user";
import { env, isTeamMode } from "@/lib/env";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Sign in · FLUX Playground", robots: { index: false } };

/** Auth.js's error codes (its `?error=`), said so a person knows what to do. */
function errorMessage(code: string | undefined): string | null {
  if (!code) return null;
  if (code === "AccessDenied") {
    const domains = env().AUTH_ALLOWED_EMAIL_DOMAINS;
    return domains.length
      ? `This instance only admits verified e-mail addresses at ${domains.join(", ")}. Sign in with such an account, or ask its administrator to add your domain (AUTH_ALLOWED_EMAIL_DOMAINS).`
      : "The sign-in was refused: your provider did not confirm that this account's e-mail address is verified.";
  }
  if (code === "OAuthAccountNotLinked") return "This e-mail address already signed in here with another provider: use that one.";
  if (code === "Configuration") return "Sign-in is misconfigured on this server: its administrator should check the AUTH_* variables (see the server's log).";
  return "The sign-in did not complete. Try again.";
}

const single = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  if (!isTeamMode()) redirect("/");
  const query = await searchParams;
  const callbackUrl = safeCallbackUrl(single(query.callbackUrl));
  if (await currentUser()) redirect(callbackUrl);
  const error = errorMessage(single(query.error));
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6">
      <h1 className="text-2xl font-semibold tracking-tight">
        FLUX <span className="text-amber-400">Playground</span>
      </h1>
      <p className="text-sm text-zinc-400">Sign in to run, compare and keep images. Links shared with you open without an account.</p>
      {single(query.signedOut) ? (
        <p data-testid="signed-out" className="text-sm text-zinc-300">
          You are signed out.
        </p>
      ) : null}
      {error ? (
        <p data-testid="signin-error" role="status" className="rounded-md border border-red-900 bg-red-950/40 p-3 text-sm text-red-200">
          {error}
        </p>
      ) : null}
      <div className="flex flex-col gap-2">
        {signInProviders().map((provider) => (
          <form key={provider.id} action={signInAction}>
            <input type="hidden" name="provider" value={provider.id} />
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <button type="submit" data-testid={`signin-${provider.id}`} className={buttonClass("primary", "md", "w-full")}>
              Continue with {provider.name}
            </button>
          </form>
        ))}
      </div>
    </main>
  );
}
