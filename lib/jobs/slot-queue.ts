import { createHash } from "node:crypto";
import { grantSlots, paceOf, queueState, releaseSlot, savePace, withSlotLock } from "@/lib/db/queue";
import type { ProviderConnection } from "@/lib/providers/registry";
import { effectiveLimit, paceAfterRateLimit, planSlots, slotKeyOf } from "./queue-rules";

/**
 * The per-host queue at work. Slots are counted in the database under a lock per host and key, so
 * every instance sharing it agrees; within a process one coordinator per host and key asks for all
 * its waiting tasks at once (one transaction, not one per task), when a slot frees here and every
 * RECHECK_MS for slots freed by other instances.
 */
const RECHECK_MS = 1000;

interface Waiter {
  resolve: () => void;
  onAhead: (ahead: number) => void;
}

interface KeyQueue {
  limit: number;
  waiters: Map<string, Waiter>;
  timer: NodeJS.Timeout | null;
  timerAt: number;
  ticking: boolean;
  again: boolean;
}

const queues = ((globalThis as unknown as { __fluxSlotQueues?: Map<string, KeyQueue> }).__fluxSlotQueues ??= new Map());

/** A connection's slot key: its host and a fingerprint of its key (sandbox runs share one). */
export function slotKeyFor(connection: Pick<ProviderConnection, "adapter" | "sandbox" | "apiKey">): string {
  const fingerprint = connection.sandbox ? "sandbox" : createHash("sha256").update(connection.apiKey).digest("base64url").slice(0, 16);
  return slotKeyOf(connection.adapter.id, fingerprint);
}

/**
 * Resolves once the task holds a slot (granted in the database); rejects with the signal's reason
 * when the run stops first. `onAhead` hears the task's place while it waits.
 */
export function waitForSlot(slotKey: string, taskId: string, limit: number, signal: AbortSignal, onAhead: (ahead: number) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const queue: KeyQueue = queues.get(slotKey) ?? { limit, waiters: new Map<string, Waiter>(), timer: null, timerAt: 0, ticking: false, again: false };
    queues.set(slotKey, queue);
    queue.limit = limit;
    const stop = () => {
      queue.waiters.delete(taskId);
      reject(signal.reason);
    };
    signal.addEventListener("abort", stop, { once: true });
    queue.waiters.set(taskId, {
      resolve: () => {
        signal.removeEventListener("abort", stop);
        resolve();
      },
      onAhead,
    });
    schedule(slotKey, 0);
  });
}

/** A task of this host and key ended or gave its slot back: local waiters ask at once. */
export function slotFreed(slotKey: string): void {
  if (queues.get(slotKey)?.waiters.size) schedule(slotKey, 0);
}

/** A 429 although we kept to the limit: the effective limit for this host and key is lowered for everyone. */
export async function rateLimited(slotKey: string, taskId: string, configuredLimit: number, retryAfterMs: number | null): Promise<void> {
  await withSlotLock(slotKey, async (tx) => {
    const current = await paceOf(tx, slotKey);
    await savePace(tx, slotKey, paceAfterRateLimit(configuredLimit, current, new Date(), retryAfterMs));
  });
  // The task waits again at its place in the queue; its slot goes back.
  await releaseSlot(taskId);
}

function schedule(slotKey: string, delayMs: number) {
  const queue = queues.get(slotKey);
  if (!queue) return;
  if (queue.ticking) {
    if (delayMs === 0) queue.again = true;
    return;
  }
  const at = Date.now() + delayMs;
  if (queue.timer && queue.timerAt <= at) return;
  if (queue.timer) clearTimeout(queue.timer);
  queue.timerAt = at;
  queue.timer = setTimeout(() => void tick(slotKey), delayMs);
}

async function tick(slotKey: string) {
  const queue = queues.get(slotKey);
  if (!queue) return;
  queue.timer = null;
  if (queue.waiters.size === 0) {
    queues.delete(slotKey);
    return;
  }
  queue.ticking = true;
  queue.again = false;
  let nextMs = RECHECK_MS;
  try {
    const now = new Date();
    const local = new Set<string>(queue.waiters.keys());
    const { plan, resumeAt } = await withSlotLock(slotKey, async (tx) => {
      const state = await queueState(tx, slotKey);
      const paused = state.pace !== null && state.pace.resumeAt > now;
      const plan = planSlots({ waiting: state.waiting, local, active: state.active, limit: effectiveLimit(queue.limit, state.pace, now), paused });
      await grantSlots(tx, plan.grant, now);
      return { plan, resumeAt: paused ? state.pace!.resumeAt : null };
    });
    for (const id of plan.grant) {
      queue.waiters.get(id)?.resolve();
      queue.waiters.delete(id);
    }
    for (const [id, ahead] of plan.ahead) queue.waiters.get(id)?.onAhead(ahead);
    if (resumeAt) nextMs = Math.max(10, Math.min(RECHECK_MS, resumeAt.getTime() - Date.now() + 5));
  } catch (error) {
    // Asked again at the next recheck: a waiting task loses nothing but time.
    console.error(`slot queue ${slotKey}:`, (error as Error).message);
  } finally {
    queue.ticking = false;
  }
  if (queue.waiters.size === 0) {
    if (!queue.timer) queues.delete(slotKey);
    return;
  }
  schedule(slotKey, queue.again ? 0 : nextMs);
}
