import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "./client";
import { rowsOf } from "./queries";
import { generationTasks, hostPace, type HostPace } from "./schema";
import type { Tx } from "./limits";

/** The queries of the per-host queue: slots counted in the database, so every instance agrees. */

// Two-key advisory locks: the class keeps these apart from the runs lock (727_002).
const SLOT_LOCK_CLASS = 727_003;

export async function lockSlots(tx: Tx, slotKey: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${SLOT_LOCK_CLASS}, hashtext(${slotKey}))`);
}

export interface QueueState {
  /** Tasks holding a slot: granted and not ended. */
  active: number;
  /** Task ids waiting for a slot, first created first. */
  waiting: string[];
  pace: HostPace | null;
}

/** Where one host and key stand, read under its lock. */
export async function queueState(tx: Tx, slotKey: string): Promise<QueueState> {
  const [pace] = await tx.select().from(hostPace).where(eq(hostPace.slotKey, slotKey)).limit(1);
  const counted = rowsOf<{ active: number }>(
    await tx.execute(sql`select count(*)::int as active from generation_tasks
      where slot_key = ${slotKey} and slot_granted_at is not null and status in ('pending', 'submitting', 'submitted')`),
  );
  // Waiting: no slot yet, and its run can still start (not ended, not being canceled).
  const waiting = rowsOf<{ id: string }>(
    await tx.execute(sql`select t.id from generation_tasks t join generations g on g.id = t.generation_id
      where t.slot_key = ${slotKey} and t.slot_granted_at is null and t.status = 'pending'
        and g.status in ('queued', 'running') and not g.cancel_requested
      order by g.created_at, g.id, t.index`),
  );
  return { active: Number(counted[0]?.active ?? 0), waiting: waiting.map((r) => r.id), pace: pace ?? null };
}

export async function grantSlots(tx: Tx, taskIds: string[], at: Date): Promise<void> {
  if (taskIds.length) await tx.update(generationTasks).set({ slotGrantedAt: at }).where(and(inArray(generationTasks.id, taskIds), isNull(generationTasks.slotGrantedAt)));
}

/** Gives a slot back (a 429: the task waits again, at its place in the queue). */
export async function releaseSlot(taskId: string): Promise<void> {
  const db = await getDb();
  await db.update(generationTasks).set({ slotGrantedAt: null }).where(eq(generationTasks.id, taskId));
}

/** Runs `fn` holding the lock of one host and key, in one transaction. */
export async function withSlotLock<T>(slotKey: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await lockSlots(tx, slotKey);
    return fn(tx);
  });
}

export async function savePace(tx: Tx, slotKey: string, pace: { limit: number; loweredAt: Date; resumeAt: Date }): Promise<void> {
  await tx
    .insert(hostPace)
    .values({ slotKey, ...pace })
    .onConflictDoUpdate({ target: hostPace.slotKey, set: pace });
}

export async function paceOf(tx: Tx, slotKey: string): Promise<HostPace | null> {
  const [row] = await tx.select().from(hostPace).where(eq(hostPace.slotKey, slotKey)).limit(1);
  return row ?? null;
}
