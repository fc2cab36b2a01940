const BASE = "http://callback.invalid";

/**
 * Only a path on this site: a callback URL from the address bar must not send anyone elsewhere.
 * Parsed as a browser would (which drops tabs and newlines, so "/\t/evil.test" is "//evil.test"),
 * then kept only if it stays on the same origin.
 */
export function safeCallbackUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE || url.pathname.startsWith("//") || url.pathname.startsWith("/signin")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
