import { createHash } from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { apiTokens, sessions, users } from "@/lib/db/schema";
import { env } from "@/lib/env";

/**
 * Who is asking: from the Auth.js session cookie (a row in `sessions`), or from a personal API
 * token (`Authorization: Bearer`, /api/v1 only). Read from the database each time, so a sign-out
 * or a revoked token is refused at once, on every instance.
 */

export interface SignedInUser {
  id: string;
  name: string | null;
  email: string | null;
  image: string | null;
  /** How this request proved who it is. */
  via: "local" | "session" | "token";
  isAdmin: boolean;
  /** For a session: when it ends unless renewed. */
  sessionExpires?: Date;
}

// Auth.js names its cookie with the __Secure- prefix when the site is served over https.
export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

export const TOKEN_PREFIX = "fpt_";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function isAdminEmail(email: string | null | undefined): boolean {
  return Boolean(email) && env().AUTH_ADMIN_EMAILS.includes(email!.toLowerCase());
}

type UserRow = { id: string; name: string | null; email: string | null; image: string | null };
const toSignedIn = (user: UserRow, via: SignedInUser["via"]): SignedInUser => ({
  id: user.id,
  name: user.name,
  email: user.email,
  image: user.image,
  via,
  isAdmin: isAdminEmail(user.email),
});

export async function userForSessionToken(sessionToken: string | undefined): Promise<SignedInUser | null> {
  if (!sessionToken) return null;
  const db = await getDb();
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email, image: users.image, expires: sessions.expires })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.sessionToken, sessionToken), gt(sessions.expires, new Date())))
    .limit(1);
  return row ? { ...toSignedIn(row, "session"), sessionExpires: row.expires } : null;
}

// Auth.js's own defaults: a session lasts 30 days from its last use, renewed at most once a day.
export const SESSION_MAX_AGE_MS = 30 * 86_400_000;
const SESSION_UPDATE_AGE_MS = 86_400_000;

/**
 * A session in use is renewed (as Auth.js does when asked for the session, which this app's pages
 * never need to): the new expiry when it was renewed now, else null.
 */
export async function renewSession(sessionToken: string, expires: Date, now = Date.now()): Promise<Date | null> {
  if (expires.getTime() - (SESSION_MAX_AGE_MS - SESSION_UPDATE_AGE_MS) > now) return null;
  const renewed = new Date(now + SESSION_MAX_AGE_MS);
  const db = await getDb();
  await db.update(sessions).set({ expires: renewed }).where(eq(sessions.sessionToken, sessionToken));
  return renewed;
}

// lastUsedAt is written at most this often per token: one write per request would be waste.
const LAST_USED_RESOLUTION_MS = 60_000;

export async function userForApiToken(token: string): Promise<SignedInUser | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, id: users.id, name: users.name, email: users.email, image: users.image })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) return null;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
  }
  return toSignedIn(row, "token");
}

/** `Bearer <token>` → the token, else null. */
export function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match ? match[1] : null;
}

/** Bearer tokens are for the JSON API and the images it links to; pages and server actions take the session only. */
export const acceptsTokens = (pathname: string) => pathname === "/api/v1" || pathname.startsWith("/api/v1/") || pathname.startsWith("/api/images/");

export interface RequestCredentials {
  pathname: string;
  authorization: string | null;
  cookie: (name: string) => string | undefined;
}

/** Team mode's check of one request: its bearer token (API only), else its session cookie. */
export async function resolveUser(request: RequestCredentials): Promise<SignedInUser | null> {
  // A token where tokens are taken decides alone (a bad one is refused, not saved by a cookie);
  // elsewhere it is ignored and the session decides.
  const token = bearerToken(request.authorization);
  if (token && acceptsTokens(request.pathname)) return userForApiToken(token);
  for (const name of SESSION_COOKIES) {
    const value = request.cookie(name);
    if (value) return userForSessionToken(value);
  }
  return null;
}
