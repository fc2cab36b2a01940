import { env } from "@/lib/env";

/**
 * Whether the provider vouches for the address: OpenID Connect issuers and Google say so in the
 * `email_verified` claim (some send the string "true"); GitHub only hands out a verified address.
 */
export function emailVerifiedBy(provider: string | undefined, profile: Record<string, unknown> | undefined): boolean {
  if (provider === "github") return true;
  const claim = profile?.email_verified;
  return claim === true || claim === "true";
}

/**
 * Who may sign in. An address is a key to rights here (AUTH_ALLOWED_EMAIL_DOMAINS,
 * AUTH_ADMIN_EMAILS), so where it matters it must be verified: else anyone who registers an
 * unverified `admin@corp` at a self-service issuer would take that account's rights.
 */
export function emailAllowed({ email, verified }: { email: string | null; verified: boolean }): boolean {
  const e = env();
  const address = email?.toLowerCase() ?? null;
  if (address && e.AUTH_ADMIN_EMAILS.includes(address) && !verified) return false;
  const domains = e.AUTH_ALLOWED_EMAIL_DOMAINS;
  if (domains.length === 0) return true;
  if (!address || !verified) return false;
  const domain = address.split("@").pop() ?? "";
  return domains.some((allowed) => domain === allowed || domain.endsWith(`.${allowed}`));
}
