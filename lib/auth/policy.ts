import { env } from "@/lib/env";

/**
 * AUTH_ALLOWED_EMAIL_DOMAINS: with a list, only addresses of those domains (or their subdomains) may
 * sign in, and only when the provider does not say the address is unverified.
 */
export function emailAllowed({ email, verified }: { email: string | null; verified?: boolean }): boolean {
  const domains = env().AUTH_ALLOWED_EMAIL_DOMAINS;
  if (domains.length === 0) return true;
  if (!email || verified === false) return false;
  const domain = email.toLowerCase().split("@").pop() ?? "";
  return domains.some((allowed) => domain === allowed || domain.endsWith(`.${allowed}`));
}
