import { NextResponse, type NextRequest } from "next/server";
import { renewSession, resolveUser, SESSION_COOKIES } from "@/lib/auth/identity";
import { isPublicPath } from "@/lib/auth/public-paths";
import { forwardNonce, securityPolicy, withSecurityHeaders, type SecurityPolicy } from "@/lib/security/headers";
import { guardRequest } from "@/lib/security/request-guard";
import { limitRequest } from "@/lib/security/request-limits";
import { env, isTeamMode } from "@/lib/env";

/**
 * Team mode's gate: every page, server action and /api/v1 route needs a session (or, for the API,
 * a personal token); anonymous API calls get the API's 401 envelope, anonymous pages the sign-in
 * page. Each handler checks its owner again (lib/auth/current-user.ts); this only turns strangers away early.
 */
export async function proxy(request: NextRequest) {
  // Every answer carries the security headers, the proxy's own refusals and redirects included.
  const policy = securityPolicy(request.nextUrl.pathname);
  return withSecurityHeaders(await gate(request, policy), policy);
}

async function gate(request: NextRequest, policy: SecurityPolicy) {
  const { pathname, search } = request.nextUrl;
  const headers = new Headers(request.headers);
  // next/headers has no URL: handlers learn the path from here (a client's own value is replaced).
  headers.set("x-flux-pathname", pathname);
  forwardNonce(headers, policy);
  const pass = () => NextResponse.next({ request: { headers } });
  const refusal = guardRequest({ method: request.method, pathname, headers: request.headers, checkHost: !isTeamMode(), knownHosts: knownHosts() });
  if (refusal) return NextResponse.json({ error: { code: refusal.code, message: refusal.message } }, { status: refusal.status });
  const limited = await limitRequest(request);
  if (limited) return limited;
  // public/robots.txt keeps everything out of indexes; an operator may open share pages to crawlers.
  if (pathname === "/robots.txt" && env().ROBOTS_INDEX_SHARES) {
    return new NextResponse("User-agent: *\nAllow: /s/\nDisallow: /\n", { headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  if (!isTeamMode() || isPublicPath(pathname)) return pass();

  const user = await resolveUser({
    pathname,
    authorization: request.headers.get("authorization"),
    cookie: (name) => request.cookies.get(name)?.value,
  });
  if (user) {
    const response = pass();
    if (user.via === "session" && user.sessionExpires) await renewSessionCookie(request, response, user.sessionExpires);
    return response;
  }

  const isPageVisit = (request.method === "GET" || request.method === "HEAD") && !pathname.startsWith("/api/");
  if (!isPageVisit) {
    return NextResponse.json(
      { error: { code: "unauthorized", message: "Sign in first, or send a personal API token as `Authorization: Bearer <token>` (made on the Tokens page or with POST /api/v1/tokens)" } },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="flux-playground"' } },
    );
  }
  const signIn = new URL("/signin", request.url);
  signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

/** Someone at work stays signed in: a session in use moves its end (row and cookie) 30 days on, once a day. */
async function renewSessionCookie(request: NextRequest, response: NextResponse, expires: Date) {
  const name = SESSION_COOKIES.find((cookie) => request.cookies.has(cookie));
  const token = name && request.cookies.get(name)?.value;
  if (!name || !token) return;
  const renewed = await renewSession(token, expires);
  if (renewed) response.cookies.set(name, token, { expires: renewed, httpOnly: true, sameSite: "lax", path: "/", secure: name.startsWith("__Secure-") });
}

/** The names this server answers to besides loopback: APP_URL's and AUTH_URL's host, and ALLOWED_HOSTS. */
function knownHosts(): string[] {
  const e = env();
  return [e.APP_URL, e.AUTH_URL].filter((url): url is string => Boolean(url)).map((url) => new URL(url).host).concat(e.ALLOWED_HOSTS);
}

export const config = {
  // Everything but Next's own static assets.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
