import { and, asc, eq, gt, gte, lt, sql } from "drizzle-orm";
import { getDb, type Db } from "./client";
import { runLedger, userLimits, users, type UserLimits } from "./schema";

/** The queries of budgets, rate limits and their ledger. */

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Executor = Db | Tx;

export type NewLedgerRow = typeof runLedger.$inferInsert;

// Two-key advisory locks have their own key space: no clash with the migration lock (one bigint key).
const RUN_LOCK_CLASS = 727_002;

/**
 * Serialises the runs a user starts, across every instance sharing the database, until the
 * transaction ends: the check of their limits and the ledger rows it writes are one step.
 */
export async function lockUserRuns(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${RUN_LOCK_CLASS}, hashtext(${userId}))`);
}

export async function userLimitsOf(userId: string, db?: Executor): Promise<UserLimits | null> {
  const executor = db ?? (await getDb());
  const [row] = await executor.select().from(userLimits).where(eq(userLimits.userId, userId)).limit(1);
  return row ?? null;
}

/** A user's live spend since `dayStart` and the start times since `windowStart` (oldest first). */
export async function ledgerUsage(userId: string, since: { dayStart: Date; windowStart: Date }, db?: Executor): Promise<{ liveUsdToday: number; runsToday: number; recentStarts: Date[] }> {
  const executor = db ?? (await getDb());
  // One after the other: inside a transaction both share one connection.
  const [today] = await executor
    .select({
      liveUsd: sql<number>`coalesce(sum(${runLedger.estimatedUsd}) filter (where ${runLedger.live}), 0)::float8`,
      runs: sql<number>`count(*)::int`,
    })
    .from(runLedger)
    .where(and(eq(runLedger.userId, userId), gte(runLedger.createdAt, since.dayStart)));
  const recent = await executor
    .select({ createdAt: runLedger.createdAt })
    .from(runLedger)
    .where(and(eq(runLedger.userId, userId), gt(runLedger.createdAt, since.windowStart)))
    .orderBy(asc(runLedger.createdAt));
  return { liveUsdToday: Number(today?.liveUsd ?? 0), runsToday: Number(today?.runs ?? 0), recentStarts: recent.map((r) => r.createdAt) };
}

export async function insertLedgerRows(tx: Tx, rows: NewLedgerRow[]): Promise<void> {
  if (rows.length) await tx.insert(runLedger).values(rows);
}

/** Every user (or one) with their overrides and what they started since `dayStart`, oldest account first. */
export async function usersWithLimits(dayStart: Date, userId?: string) {
  const db = await getDb();
  const today = db
    .select({
      userId: runLedger.userId,
      liveUsd: sql<number>`coalesce(sum(${runLedger.estimatedUsd}) filter (where ${runLedger.live}), 0)::float8`.as("live_usd"),
      runs: sql<number>`count(*)::int`.as("runs"),
    })
    .from(runLedger)
    .where(gte(runLedger.createdAt, dayStart))
    .groupBy(runLedger.userId)
    .as("today");
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      createdAt: users.createdAt,
      dailyBudgetUsd: userLimits.dailyBudgetUsd,
      rateLimitPerMinute: userLimits.rateLimitPerMinute,
      liveUsdToday: sql<number>`coalesce(${today.liveUsd}, 0)::float8`,
      runsToday: sql<number>`coalesce(${today.runs}, 0)::int`,
    })
    .from(users)
    .leftJoin(userLimits, eq(userLimits.userId, users.id))
    .leftJoin(today, eq(today.userId, users.id))
    .where(userId ? eq(users.id, userId) : undefined)
    .orderBy(asc(users.createdAt), asc(users.id));
}

/** Sets a user's overrides (null: the server's default), recording who set them. */
export async function upsertUserLimits(userId: string, limits: { dailyBudgetUsd: number | null; rateLimitPerMinute: number | null }, updatedBy: string): Promise<void> {
  const db = await getDb();
  const values = { ...limits, updatedAt: new Date(), updatedBy };
  await db.insert(userLimits).values({ userId, ...values }).onConflictDoUpdate({ target: userLimits.userId, set: values });
}

/** Ledger rows older than any window that reads them (a UTC day, a minute): kept two days, then removed. */
export async function pruneLedger(before: Date): Promise<void> {
  const db = await getDb();
  await db.delete(runLedger).where(lt(runLedger.createdAt, before));
}
