import { and, count, eq, ne, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { comparisons, generations, images, runLedger, shares, users, votes } from "@/lib/db/schema";
import { env } from "@/lib/env";

const LOCAL_ID = "local";

/**
 * AUTH_CLAIM_LOCAL=true: the first person to sign in takes over what the local user made before
 * team mode (history, comparisons, votes, shares), so switching modes loses nothing.
 */
export async function claimLocalWork(userId: string): Promise<boolean> {
  if (!env().AUTH_CLAIM_LOCAL || userId === LOCAL_ID) return false;
  const db = await getDb();
  return db.transaction(async (tx) => {
    // Serialises two first sign-ins racing on PostgreSQL; PGlite runs one transaction at a time.
    await tx.execute(sql`select id from ${users} where id = ${LOCAL_ID} for update`);
    const [others] = await tx
      .select({ n: count() })
      .from(users)
      .where(and(ne(users.id, LOCAL_ID), ne(users.id, userId)));
    if (others.n > 0) return false;
    for (const table of [comparisons, generations, images, votes, shares, runLedger]) {
      await tx.update(table).set({ userId }).where(eq(table.userId, LOCAL_ID));
    }
    return true;
  });
}
