import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { getDb, type Db } from "./client";
import { lockUserRuns, type Tx } from "./limits";
import { comparisons, generations, generationTasks, images, shares, votes, type Comparison, type Generation, type GenerationTask, type ImageRow, type Share, type Vote } from "./schema";

/** Every query of the app, one function each. Owner checks live here, next to the SQL. */

export type NewGeneration = typeof generations.$inferInsert;
export type NewTask = typeof generationTasks.$inferInsert;

/**
 * Runs first in the transaction that stores runs, with the owner's runs locked (every instance):
 * the budget and rate check of lib/limits, which may throw to refuse them.
 */
export type RunGuard = (tx: Tx) => Promise<void>;

/**
 * Stores a generation and its tasks before any host is called. A repeated idempotency key returns
 * the generation it created the first time instead of a second one (and the guard is not run).
 */
export async function insertGeneration(generation: NewGeneration, tasks: NewTask[], guard?: RunGuard): Promise<{ generation: Generation; created: boolean }> {
  const db = await getDb();
  if (generation.idempotencyKey) {
    const existing = await findByIdempotencyKey(generation.userId, generation.idempotencyKey);
    if (existing) return { generation: existing, created: false };
  }
  try {
    return await db.transaction(async (tx) => {
      if (guard) {
        await lockUserRuns(tx, generation.userId);
        // A replay that raced past the lookup above is answered, not counted.
        const replay = generation.idempotencyKey ? await findByIdempotencyKey(generation.userId, generation.idempotencyKey, tx) : null;
        if (replay) return { generation: replay, created: false };
        await guard(tx);
      }
      const [inserted] = await tx.insert(generations).values(generation).returning();
      await tx.insert(generationTasks).values(tasks);
      return { generation: inserted, created: true };
    });
  } catch (error) {
    // Two requests with one key raced: the loser answers with the winner's generation.
    if (generation.idempotencyKey) {
      const existing = await findByIdempotencyKey(generation.userId, generation.idempotencyKey);
      if (existing) return { generation: existing, created: false };
    }
    throw error;
  }
}

async function findByIdempotencyKey(userId: string, key: string, executor?: Db | Tx): Promise<Generation | null> {
  const db = executor ?? (await getDb());
  const [row] = await db
    .select()
    .from(generations)
    .where(and(eq(generations.userId, userId), eq(generations.idempotencyKey, key)))
    .limit(1);
  return row ?? null;
}

/** The rows of a raw `db.execute`: PGlite and node-postgres shape their results differently. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return ((result as { rows?: unknown[] }).rows ?? (result as unknown[])) as T[];
}

/** With a user: that owner's view, where a deleted generation is gone. Without: any row (runner, shares). */
export async function getGeneration(id: string, userId?: string): Promise<Generation | null> {
  const db = await getDb();
  const where = userId ? and(eq(generations.id, id), eq(generations.userId, userId), isNull(generations.deletedAt)) : eq(generations.id, id);
  const [row] = await db.select().from(generations).where(where).limit(1);
  return row ?? null;
}

export async function getTasks(generationId: string): Promise<GenerationTask[]> {
  const db = await getDb();
  return db.select().from(generationTasks).where(eq(generationTasks.generationId, generationId)).orderBy(asc(generationTasks.index));
}

export async function updateGeneration(id: string, patch: Partial<NewGeneration>): Promise<void> {
  const db = await getDb();
  await db.update(generations).set(patch).where(eq(generations.id, id));
}

export async function updateTask(id: string, patch: Partial<NewTask>): Promise<void> {
  const db = await getDb();
  await db.update(generationTasks).set(patch).where(eq(generationTasks.id, id));
}

export async function insertImage(row: typeof images.$inferInsert): Promise<void> {
  const db = await getDb();
  await db.insert(images).values(row).onConflictDoNothing();
}

export async function imagesOf(generationIds: string[]): Promise<ImageRow[]> {
  if (generationIds.length === 0) return [];
  const db = await getDb();
  return db.select().from(images).where(inArray(images.generationId, generationIds)).orderBy(asc(images.index));
}

export interface PageCursor {
  createdAt: string;
  id: string;
}

/** Newest first, keyset-paged on (created_at, id): stable while new generations arrive. */
export async function listGenerations(userId: string, cursor: PageCursor | null, limit: number): Promise<{ rows: Generation[]; hasMore: boolean }> {
  const db = await getDb();
  const after = cursor
    ? or(
        lt(generations.createdAt, new Date(cursor.createdAt)),
        and(eq(generations.createdAt, new Date(cursor.createdAt)), lt(generations.id, cursor.id)),
      )
    : undefined;
  const rows = await db
    .select()
    .from(generations)
    .where(and(eq(generations.userId, userId), isNull(generations.deletedAt), after))
    .orderBy(desc(generations.createdAt), desc(generations.id))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

/**
 * Takes the right to advance a generation: free, expired, or already ours. Returns the row when
 * taken, null when another live instance holds it or the generation has ended.
 */
export async function acquireLease(id: string, owner: string, ttlMs: number, takeOverFrom?: string): Promise<Generation | null> {
  const db = await getDb();
  const now = new Date();
  const free = or(isNull(generations.leaseUntil), lt(generations.leaseUntil, now), eq(generations.leaseOwner, owner));
  const [row] = await db
    .update(generations)
    // The status stays "queued" until a task gets a slot at its host (lib/jobs/slot-queue.ts).
    .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + ttlMs) })
    .where(
      and(
        eq(generations.id, id),
        inArray(generations.status, ["queued", "running"]),
        // A lease whose owner is known dead is taken over without waiting for it to expire.
        takeOverFrom ? or(free, eq(generations.leaseOwner, takeOverFrom)) : free,
      ),
    )
    .returning();
  return row ?? null;
}

/**
 * A task of the generation got its slot: the run is running, and its deadline counts from now
 * (queued time does not count against the host). The deadline only ever moves later.
 */
export async function markSlotGranted(id: string, deadlineAt: Date, queueAhead: number | null): Promise<void> {
  const db = await getDb();
  await db
    .update(generations)
    .set({ status: "running", queueAhead, deadlineAt: sql`greatest(${generations.deadlineAt}, ${deadlineAt})` })
    .where(and(eq(generations.id, id), inArray(generations.status, ["queued", "running"])));
}

/** The host accepted the first task: host latency counts from here. */
export async function markSubmitted(id: string, at: Date): Promise<void> {
  const db = await getDb();
  await db.update(generations).set({ submittedAt: sql`coalesce(${generations.submittedAt}, ${at})` }).where(eq(generations.id, id));
}

/** A failover: the generation's tasks on the failed host give way to tasks on the next one, in one step. */
export async function replaceTasks(id: string, patch: Partial<NewGeneration>, tasks: NewTask[]): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.update(generations).set(patch).where(eq(generations.id, id));
    await tx.delete(generationTasks).where(eq(generationTasks.generationId, id));
    await tx.insert(generationTasks).values(tasks);
  });
}

/** Extends our lease; also reports a cancel asked for through any instance. */
export async function renewLease(id: string, owner: string, ttlMs: number): Promise<{ held: boolean; cancelRequested: boolean }> {
  const db = await getDb();
  const [row] = await db
    .update(generations)
    .set({ leaseUntil: new Date(Date.now() + ttlMs) })
    .where(and(eq(generations.id, id), eq(generations.leaseOwner, owner)))
    .returning({ cancelRequested: generations.cancelRequested });
  return { held: Boolean(row), cancelRequested: row?.cancelRequested ?? false };
}

export async function releaseLease(id: string, owner: string): Promise<void> {
  const db = await getDb();
  await db
    .update(generations)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(generations.id, id), eq(generations.leaseOwner, owner)));
}

/** Generations that have not ended, with who holds them, for the resume sweep. */
export async function unfinishedGenerations(): Promise<{ id: string; leaseOwner: string | null; leaseUntil: Date | null }[]> {
  const db = await getDb();
  return db
    .select({ id: generations.id, leaseOwner: generations.leaseOwner, leaseUntil: generations.leaseUntil })
    .from(generations)
    .where(inArray(generations.status, ["queued", "running"]))
    .orderBy(asc(generations.createdAt));
}

export type ComparisonInsert = typeof comparisons.$inferInsert;

/**
 * Stores a comparison with its cells and their tasks in one transaction; a repeated idempotency
 * key returns the first comparison instead (and stores no cells, runs no guard).
 */
export async function insertComparison(
  row: ComparisonInsert,
  cells: { generation: NewGeneration; tasks: NewTask[] }[],
  guard?: RunGuard,
): Promise<{ comparison: Comparison; created: boolean }> {
  const db = await getDb();
  const existing = async (executor: Db | Tx = db) =>
    row.idempotencyKey
      ? ((await executor.select().from(comparisons).where(and(eq(comparisons.userId, row.userId), eq(comparisons.idempotencyKey, row.idempotencyKey))).limit(1))[0] ?? null)
      : null;
  const before = await existing();
  if (before) return { comparison: before, created: false };
  try {
    return await db.transaction(async (tx) => {
      if (guard) {
        await lockUserRuns(tx, row.userId);
        const replay = await existing(tx);
        if (replay) return { comparison: replay, created: false };
        await guard(tx);
      }
      const [inserted] = await tx.insert(comparisons).values(row).returning();
      if (cells.length) {
        await tx.insert(generations).values(cells.map((c) => c.generation));
        await tx.insert(generationTasks).values(cells.flatMap((c) => c.tasks));
      }
      return { comparison: inserted, created: true };
    });
  } catch (error) {
    const after = await existing();
    if (after) return { comparison: after, created: false };
    throw error;
  }
}

/** With a user: that owner's view, where a deleted comparison is gone. Without: any row (shares). */
export async function getComparisonRow(id: string, userId?: string): Promise<Comparison | null> {
  const db = await getDb();
  const where = userId ? and(eq(comparisons.id, id), eq(comparisons.userId, userId), isNull(comparisons.deletedAt)) : eq(comparisons.id, id);
  const [row] = await db.select().from(comparisons).where(where).limit(1);
  return row ?? null;
}

/** A comparison's cells with their images, in creation order (seed-major). */
export async function comparisonGenerations(comparisonId: string): Promise<{ rows: Generation[]; images: ImageRow[] }> {
  const db = await getDb();
  const rows = await db.select().from(generations).where(eq(generations.comparisonId, comparisonId)).orderBy(asc(generations.createdAt), asc(generations.id));
  return { rows, images: await imagesOf(rows.map((r) => r.id)) };
}

export async function votesOf(comparisonId: string): Promise<Vote[]> {
  const db = await getDb();
  return db.select().from(votes).where(eq(votes.comparisonId, comparisonId)).orderBy(asc(votes.createdAt));
}

/** Stores a vote; null when the row has one already. */
export async function insertVote(row: typeof votes.$inferInsert): Promise<Vote | null> {
  const db = await getDb();
  const [inserted] = await db.insert(votes).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

/** Every vote of a user, oldest first: a vote across models counts on several models' boards. */
export async function votesOfUser(userId: string): Promise<Vote[]> {
  const db = await getDb();
  return db.select().from(votes).where(eq(votes.userId, userId)).orderBy(asc(votes.createdAt), asc(votes.id));
}

/** What the leaderboard needs of every generation of a model (or of every model): host, outcome, timings, cost. */
export async function generationStatsForModel(userId: string, model: Generation["model"] | null) {
  const db = await getDb();
  return db
    .select({
      // A run that failed over counts for the host that served it; the hosts it left, as failures.
      provider: sql<string>`coalesce(${generations.servedBy}, ${generations.provider})`,
      model: generations.model,
      attempts: generations.attempts,
      status: generations.status,
      sandbox: generations.sandbox,
      submittedAt: generations.submittedAt,
      hostReadyAt: generations.hostReadyAt,
      createdAt: generations.createdAt,
      finishedAt: generations.finishedAt,
      estimatedUsd: generations.estimatedUsd,
      billedUsd: generations.billedUsd,
      // Qualified by hand: inside a one-table select Drizzle writes columns without their table.
      images: sql<number>`(select count(*)::int from images i where i.generation_id = "generations"."id")`,
    })
    .from(generations)
    .where(and(eq(generations.userId, userId), model === null ? undefined : eq(generations.model, model)));
}

export async function generationsByIds(ids: string[]): Promise<Generation[]> {
  if (ids.length === 0) return [];
  const db = await getDb();
  return db.select().from(generations).where(inArray(generations.id, ids));
}

export async function comparisonsByIds(ids: string[]): Promise<Comparison[]> {
  if (ids.length === 0) return [];
  const db = await getDb();
  return db.select().from(comparisons).where(inArray(comparisons.id, ids));
}

export async function generationsOfComparisons(ids: string[]): Promise<Generation[]> {
  if (ids.length === 0) return [];
  const db = await getDb();
  return db.select().from(generations).where(inArray(generations.comparisonId, ids)).orderBy(asc(generations.createdAt), asc(generations.id));
}

export type NewShare = typeof shares.$inferInsert;

export async function insertShare(row: NewShare): Promise<Share> {
  const db = await getDb();
  const [inserted] = await db.insert(shares).values(row).returning();
  return inserted;
}

/** A share anyone may open: known and not revoked. */
export async function getActiveShare(slug: string): Promise<Share | null> {
  const db = await getDb();
  const [row] = await db.select().from(shares).where(and(eq(shares.slug, slug), isNull(shares.revokedAt))).limit(1);
  return row ?? null;
}

/** The owner's unrevoked shares of one generation or comparison, newest first. */
export async function activeSharesOf(userId: string, target: { generationId: string } | { comparisonId: string }): Promise<Share[]> {
  const db = await getDb();
  const item = "generationId" in target ? eq(shares.generationId, target.generationId) : eq(shares.comparisonId, target.comparisonId);
  return db
    .select()
    .from(shares)
    .where(and(eq(shares.userId, userId), item, isNull(shares.revokedAt)))
    .orderBy(desc(shares.createdAt), desc(shares.slug));
}

/** Revokes the owner's share (again is a no-op); false when the slug is unknown or someone else's. */
export async function revokeShare(slug: string, userId: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(shares)
    .set({ revokedAt: sql`coalesce(${shares.revokedAt}, now())` })
    .where(and(eq(shares.slug, slug), eq(shares.userId, userId)))
    .returning({ slug: shares.slug });
  return rows.length > 0;
}

/**
 * Team mode's rule for one stored file (by its sha256): its owner may fetch it (an image of theirs
 * or an image they gave a run), and anyone may while an active share shows it. Cheap checks first.
 */
export async function imageFileVisibleTo(sha256: string, userId: string | null): Promise<boolean> {
  const db = await getDb();
  const given = sql`array[${sha256}]::text[]`;
  const own = userId
    ? sql`exists (select 1 from ${images} i where i.sha256 = ${sha256} and i.user_id = ${userId})
      or exists (select 1 from ${generations} g where g.user_id = ${userId} and g.input_files @> ${given})
      or exists (select 1 from ${comparisons} c where c.user_id = ${userId} and c.input_files @> ${given})
      or `
    : sql``;
  const result = await db.execute(sql`select (${own}
    exists (select 1 from ${images} i join ${generations} g on g.id = i.generation_id
      join ${shares} s on s.revoked_at is null and (s.generation_id = g.id or s.comparison_id = g.comparison_id)
      where i.sha256 = ${sha256})
    or exists (select 1 from ${shares} s join ${generations} g on s.generation_id = g.id
      where s.revoked_at is null and g.input_files @> ${given})
    or exists (select 1 from ${shares} s join ${comparisons} c on s.comparison_id = c.id
      where s.revoked_at is null and c.input_files @> ${given})) as visible`);
  return rowsOf<{ visible: boolean }>(result)[0]?.visible === true;
}
