/** Only a path on this site: a callback URL from the address bar must not send anyone elsewhere. */
export function safeCallbackUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || value.startsWith("/signin")) return "/";
  return value;
}
