import NextAuth, { type NextAuthConfig } from "next-auth";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { getDb } from "@/lib/db/client";
import { accounts, sessions, users, verificationTokens } from "@/lib/db/schema";
import { env, signInProviderSettings } from "@/lib/env";
import { claimLocalWork } from "./claim";
import { emailAllowed, emailVerifiedBy } from "./policy";

export type SignInProviderId = "github" | "google" | "oidc";

/** The sign-in buttons: each provider whose variables are all set, with its label. */
export function signInProviders(): { id: SignInProviderId; name: string }[] {
  const e = env();
  const names: Record<SignInProviderId, string> = { github: "GitHub", google: "Google", oidc: e.AUTH_OIDC_NAME ?? "OpenID Connect" };
  return signInProviderSettings(e).configured.map((id) => ({ id, name: names[id] }));
}

function providers(): NextAuthConfig["providers"] {
  const e = env();
  return signInProviderSettings(e).configured.map((id) => {
    if (id === "github") return GitHub({ clientId: e.AUTH_GITHUB_ID, clientSecret: e.AUTH_GITHUB_SECRET });
    if (id === "google") return Google({ clientId: e.AUTH_GOOGLE_ID, clientSecret: e.AUTH_GOOGLE_SECRET });
    // Any OpenID Connect issuer, found through its discovery document; callback /api/auth/callback/oidc.
    return { id: "oidc", name: e.AUTH_OIDC_NAME ?? "OpenID Connect", type: "oidc" as const, issuer: e.AUTH_OIDC_ISSUER, clientId: e.AUTH_OIDC_ID, clientSecret: e.AUTH_OIDC_SECRET };
  });
}

/**
 * Auth.js in team mode: database sessions (revocable, shared by every instance) in our own tables,
 * read lazily because the database opens on first use, never at import time.
 */
export const { handlers, signIn, signOut } = NextAuth(async () => {
  const e = env();
  const db = await getDb();
  return {
    adapter: DrizzleAdapter(db, { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens }),
    session: { strategy: "database" },
    providers: providers(),
    secret: e.AUTH_SECRET,
    trustHost: e.AUTH_TRUST_HOST || undefined,
    pages: { signIn: "/signin", error: "/signin" },
    callbacks: {
      signIn: ({ user, account, profile }) =>
        emailAllowed({ email: user.email ?? (profile?.email as string | undefined) ?? null, verified: emailVerifiedBy(account?.provider, profile) }),
    },
    events: {
      createUser: async ({ user }) => {
        if (user.id) await claimLocalWork(user.id);
      },
    },
  } satisfies NextAuthConfig;
});
