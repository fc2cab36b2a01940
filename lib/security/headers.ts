/**
 * The security headers of every response (the proxy sets them, next.config.ts for Next's static
 * files). Pages get a Content-Security-Policy whose scripts need this request's nonce: Next reads
 * it from the request's own `Content-Security-Policy` header and stamps it on the scripts it emits.
 * Everything else (JSON, images, files) gets a policy that allows nothing to run.
 */

export interface SecurityPolicy {
  /** Fresh per request; empty for responses that are not pages. */
  nonce: string;
  /** Set on the response. */
  headers: Record<string, string>;
}

const DEV = process.env.NODE_ENV === "development";

const BASE_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), display-capture=()",
} as const;

/** Share pages and their cards may be embedded anywhere (that is what a link preview is); nothing else may be framed (clickjacking of Run). */
export const isFramable = (pathname: string) => pathname.startsWith("/s/");

/** Responses that hold no markup of ours: the API, images, emulators. */
const isResource = (pathname: string) => pathname.startsWith("/api/");

/** The sign-in form may end in a redirect to the identity provider: form-action would block that hop. */
const postsAcrossOrigins = (pathname: string) => pathname === "/signin";

export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function pageContentSecurityPolicy({ nonce, framable, formsAnywhere = false, dev = DEV }: { nonce: string; framable: boolean; formsAnywhere?: boolean; dev?: boolean }): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': the chunks Next's nonced scripts load may run, nothing an attacker injects may.
    // React's dev tools evaluate code: only `next dev` gets 'unsafe-eval'.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Next's <link> styles are 'self'; style attributes (React's style props) cannot carry a nonce;
    // the dev server injects <style> elements from script.
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    // An image prompt is previewed from its data: URL before upload.
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    ...(formsAnywhere ? [] : ["form-action 'self'"]),
    `frame-ancestors ${framable ? "*" : "'none'"}`,
  ].join("; ");
}

/** JSON, images and files run nothing and load nothing. */
export function resourceContentSecurityPolicy(framable: boolean): string {
  return `default-src 'none'; frame-ancestors ${framable ? "*" : "'none'"}`;
}

/** What one request's response carries. */
export function securityPolicy(pathname: string): SecurityPolicy {
  const framable = isFramable(pathname);
  const resource = isResource(pathname);
  const nonce = resource ? "" : newNonce();
  const csp = resource ? resourceContentSecurityPolicy(framable) : pageContentSecurityPolicy({ nonce, framable, formsAnywhere: postsAcrossOrigins(pathname) });
  return {
    nonce,
    headers: {
      "Content-Security-Policy": csp,
      ...BASE_HEADERS,
      ...(framable ? {} : { "X-Frame-Options": "DENY" }),
    },
  };
}

/** Next renders a page with the nonce it finds in the request's CSP header (and `x-nonce` for our own code). */
export function forwardNonce(requestHeaders: Headers, policy: SecurityPolicy): void {
  if (!policy.nonce) return;
  requestHeaders.set("content-security-policy", policy.headers["Content-Security-Policy"]);
  requestHeaders.set("x-nonce", policy.nonce);
}

export function withSecurityHeaders<R extends Response>(response: R, policy: SecurityPolicy): R {
  for (const [name, value] of Object.entries(policy.headers)) response.headers.set(name, value);
  return response;
}

/** Next's hashed static files never reach the proxy: next.config.ts gives them these. */
export const STATIC_FILE_HEADERS: { key: string; value: string }[] = Object.entries({
  ...BASE_HEADERS,
  "Content-Security-Policy": resourceContentSecurityPolicy(false),
}).map(([key, value]) => ({ key, value }));
