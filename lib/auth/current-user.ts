import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";

/**
 * Local single-user mode: every owned row still carries a user id, so accounts can come later
 * without a data migration.
 */
export const LOCAL_USER = { id: "local", name: "Local user" } as const;

const ensured = globalThis as unknown as { __fluxLocalUser?: Promise<void> };

export async function currentUserId(): Promise<string> {
  ensured.__fluxLocalUser ??= (async () => {
    const db = await getDb();
    await db.insert(users).values(LOCAL_USER).onConflictDoNothing();
  })().catch((error) => {
    ensured.__fluxLocalUser = undefined;
    throw error;
  });
  await ensured.__fluxLocalUser;
  return LOCAL_USER.id;
}

/** Tests reopen databases: the next call must insert the user again. */
export function forgetLocalUser() {
  ensured.__fluxLocalUser = undefined;
}
