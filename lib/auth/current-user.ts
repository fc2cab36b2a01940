import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { isTeamMode } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { resolveUser, type SignedInUser } from "./identity";

/**
 * Local single-user mode: every owned row still carries a user id, so team mode needs no data
 * migration (and AUTH_CLAIM_LOCAL can hand the local user's work to the first person who signs in).
 */
export const LOCAL_USER = { id: "local", name: "Local user" } as const;

const ensured = globalThis as unknown as { __fluxLocalUser?: Promise<void> };

async function ensureLocalUser(): Promise<void> {
  ensured.__fluxLocalUser ??= (async () => {
    const db = await getDb();
    await db.insert(users).values(LOCAL_USER).onConflictDoNothing();
  })().catch((error) => {
    ensured.__fluxLocalUser = undefined;
    throw error;
  });
  await ensured.__fluxLocalUser;
}

/** Tests reopen databases: the next call must insert the user again. */
export function forgetLocalUser() {
  ensured.__fluxLocalUser = undefined;
}

/** Team mode refuses a request with no valid session or token (the proxy answers 401 before this). */
export class UnauthorizedError extends AppError {
  constructor() {
    super("unauthorized:api");
  }
}

/**
 * The person behind this request: the local user in local mode; in team mode, null when nobody
 * signed in. Asked once per render (the layout and the page share it).
 */
export const currentUser = cache(async (): Promise<SignedInUser | null> => {
  if (!isTeamMode()) {
    await ensureLocalUser();
    return { ...LOCAL_USER, email: null, image: null, via: "local", isAdmin: true };
  }
  const [h, c] = await Promise.all([headers(), cookies()]);
  // The proxy put the path here: next/headers has no URL of its own.
  const pathname = h.get("x-flux-pathname") ?? "/";
  return resolveUser({ pathname, authorization: h.get("authorization"), cookie: (name) => c.get(name)?.value });
});

/** The person behind this request; throws UnauthorizedError (401 from a route) when team mode finds nobody. */
export async function requireUser(): Promise<SignedInUser> {
  const user = await currentUser();
  if (!user) throw new UnauthorizedError();
  return user;
}

/** The owner of everything this request reads or changes; throws when team mode finds nobody. */
export async function currentUserId(): Promise<string> {
  return (await requireUser()).id;
}

/** Pages: the signed-in user, or off to the sign-in page (which comes back here afterwards). */
export async function requirePageUser(): Promise<SignedInUser> {
  const user = await currentUser();
  if (user) return user;
  const h = await headers();
  redirect(`/signin?callbackUrl=${encodeURIComponent(h.get("x-flux-pathname") ?? "/")}`);
}

/**
 * For long answers (event streams): a check, run later, that this request's credentials still
 * name the same user, so a sign-out or a revoked token also ends a stream already open.
 */
export async function credentialsStillValid(userId: string): Promise<(() => Promise<boolean>) | undefined> {
  if (!isTeamMode()) return undefined; // the local user never signs out
  const [h, c] = await Promise.all([headers(), cookies()]);
  const pathname = h.get("x-flux-pathname") ?? "/";
  const authorization = h.get("authorization");
  const jar = new Map(c.getAll().map((cookie) => [cookie.name, cookie.value]));
  return async () => (await resolveUser({ pathname, authorization, cookie: (name) => jar.get(name) }))?.id === userId;
}
