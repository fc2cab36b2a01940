/**
 * What the JSON API refuses before any handler runs (the proxy asks): a state-changing request
 * from another site (its `Origin` or `Sec-Fetch-Site` says so: a page elsewhere may not spend its
 * visitor's keys), a body that is not JSON (a cross-site form or `text/plain` fetch), and in local
 * mode, where nobody signs in, a `Host` this server does not answer to (DNS rebinding).
 */

export interface GuardInput {
  method: string;
  pathname: string;
  headers: Headers;
  /** Local mode checks the Host; team mode's sessions do not travel to a rebinding name. */
  checkHost: boolean;
  /** host[:port] entries (APP_URL's, ALLOWED_HOSTS); loopback names are always known. */
  knownHosts: readonly string[];
}

export interface Refusal {
  status: 400 | 403 | 415 | 421;
  code: "cross_site" | "unsupported_media_type" | "unknown_host";
  message: string;
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

const hostnameOf = (host: string) => (host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0]).toLowerCase();

export function hostKnown(host: string, knownHosts: readonly string[]): boolean {
  const hostname = hostnameOf(host);
  if (LOOPBACK.has(hostname) || hostname.endsWith(".localhost")) return true;
  return knownHosts.some((known) => {
    const entry = known.toLowerCase();
    return entry.includes(":") && !entry.startsWith("[") ? entry === host.toLowerCase() : hostnameOf(entry) === hostname;
  });
}

export function guardRequest({ method, pathname, headers, checkHost, knownHosts }: GuardInput): Refusal | null {
  // The Host itself: a page at a rebinding name may set X-Forwarded-Host, never Host.
  const host = headers.get("host") ?? "";
  if (checkHost && !hostKnown(host, knownHosts)) {
    return {
      status: 421,
      code: "unknown_host",
      message: `This server does not answer to "${host.slice(0, 100)}": without sign-in it serves loopback names only. Set APP_URL to its public origin, or ALLOWED_HOSTS=${hostnameOf(host) || "<host>"}, to reach it by that name (and consider team mode: see README)`,
    };
  }
  const api = pathname === "/api/v1" || pathname.startsWith("/api/v1/");
  if (!api || !WRITES.has(method)) return null;
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    return { status: 403, code: "cross_site", message: `A ${site} request may not change anything here: call the API from this site, or from a script with an API token` };
  }
  const origin = headers.get("origin");
  // Behind a proxy the public name is X-Forwarded-Host (a cross-site page cannot set it without a preflight, which fails).
  const names = [host, headers.get("x-forwarded-host") ?? ""].map((name) => name.toLowerCase());
  if (origin && origin !== "null" && URL.canParse(origin) && !names.includes(new URL(origin).host.toLowerCase())) {
    return { status: 403, code: "cross_site", message: `A request from ${new URL(origin).origin} may not change anything here: call the API from this site, or from a script with an API token` };
  }
  if (origin === "null") return { status: 403, code: "cross_site", message: "A request from an opaque origin may not change anything here" };
  const hasBody = (Number(headers.get("content-length") ?? 0) > 0) || headers.has("transfer-encoding");
  const type = headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (hasBody && type !== "application/json") {
    return { status: 415, code: "unsupported_media_type", message: `The request body must be JSON, sent as Content-Type: application/json (got ${type ?? "none"})` };
  }
  return null;
}
