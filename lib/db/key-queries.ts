import { and, asc, eq } from "drizzle-orm";
import { getDb } from "./client";
import { userKeys, type UserKey } from "./schema";

/** Users' own host keys (encrypted by lib/keys; nothing here sees a key in clear). */

export async function upsertUserKey(row: { userId: string; provider: string; ciphertext: string; last4: string }): Promise<UserKey> {
  const db = await getDb();
  const updatedAt = new Date();
  const [saved] = await db
    .insert(userKeys)
    .values({ ...row, updatedAt })
    .onConflictDoUpdate({ target: [userKeys.userId, userKeys.provider], set: { ciphertext: row.ciphertext, last4: row.last4, updatedAt } })
    .returning();
  return saved;
}

export async function userKeysOf(userId: string): Promise<UserKey[]> {
  const db = await getDb();
  return db.select().from(userKeys).where(eq(userKeys.userId, userId)).orderBy(asc(userKeys.provider));
}

export async function getUserKey(userId: string, provider: string): Promise<UserKey | null> {
  const db = await getDb();
  const [row] = await db.select().from(userKeys).where(and(eq(userKeys.userId, userId), eq(userKeys.provider, provider)));
  return row ?? null;
}

export async function deleteUserKey(userId: string, provider: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db.delete(userKeys).where(and(eq(userKeys.userId, userId), eq(userKeys.provider, provider))).returning({ provider: userKeys.provider });
  return rows.length > 0;
}
