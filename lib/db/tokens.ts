import { and, desc, eq } from "drizzle-orm";
import { getDb } from "./client";
import { apiTokens, type ApiToken } from "./schema";

/** The queries of personal API tokens (identity.ts checks them on each request). */

export async function insertApiToken(row: typeof apiTokens.$inferInsert): Promise<ApiToken> {
  const db = await getDb();
  const [inserted] = await db.insert(apiTokens).values(row).returning();
  return inserted;
}

/** A user's tokens, newest first; never their hashes. */
export async function apiTokensOf(userId: string): Promise<Pick<ApiToken, "id" | "name" | "createdAt" | "lastUsedAt">[]> {
  const db = await getDb();
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** Deletes the owner's token; false when the id is unknown or someone else's. */
export async function deleteApiToken(id: string, userId: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}
