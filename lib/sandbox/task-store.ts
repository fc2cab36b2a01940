import path from "node:path";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { env } from "@/lib/env";

/**
 * The sandbox hosts' task records, kept as JSON files under DATA_DIR so a task outlives a restart
 * of the server that emulates its host (a real host keeps running while we restart).
 */
const cache = ((globalThis as unknown as { __sandboxTasks?: Map<string, unknown> }).__sandboxTasks ??= new Map());
// The recent tasks (the ones being polled); older ones are read from their file again.
const CACHE_MAX = 2_000;

function remember(file: string, task: unknown) {
  cache.delete(file);
  cache.set(file, task);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function sandboxDir(provider: string): string {
  return path.resolve(env().DATA_DIR, "sandbox", provider);
}

function taskFile(provider: string, id: string): string {
  return path.join(sandboxDir(provider), "tasks", `${id}.json`);
}

export async function saveTask<T extends { id: string }>(provider: string, task: T): Promise<void> {
  if (!SAFE_ID.test(task.id)) throw new Error(`Unsafe sandbox task id ${task.id}`);
  const file = taskFile(provider, task.id);
  remember(file, task);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(task));
  await rename(tmp, file);
}

export async function loadTask<T>(provider: string, id: string): Promise<T | null> {
  if (!SAFE_ID.test(id)) return null;
  const file = taskFile(provider, id);
  const hit = cache.get(file);
  if (hit) return hit as T;
  try {
    const task = JSON.parse(await readFile(file, "utf8")) as T;
    remember(file, task);
    return task;
  } catch {
    return null;
  }
}

/**
 * Counts a poll of a task and says whether a fault limited to N polls (`poll_500*N`) still
 * applies. The count is written to disk only when such a fault depends on it: writing on every
 * poll of every task would cost more than the emulated host's whole answer.
 */
export async function notePoll<T extends { id: string; polls: number; fault: string | null; faultTimes: number | null }>(provider: string, task: T): Promise<boolean> {
  task.polls += 1;
  if (task.fault !== null && task.faultTimes !== null) await saveTask(provider, task);
  return task.faultTimes === null || task.polls <= task.faultTimes;
}

/** At most this many files per host and kind (tasks, results): past it the oldest go first. */
export const SANDBOX_MAX_FILES = 5_000;

/**
 * Deletes the emulators' task records and result files older than `ttlMs` (a real host forgets
 * its tasks too), and the oldest beyond SANDBOX_MAX_FILES per folder: the sandbox cannot fill the
 * disk, however many runs it is sent. Returns how many files went.
 */
export async function pruneSandboxFiles(ttlMs: number, now = Date.now()): Promise<number> {
  const root = path.resolve(env().DATA_DIR, "sandbox");
  const providers = await readdir(root).catch(() => [] as string[]);
  let removed = 0;
  for (const provider of providers) {
    for (const kind of ["tasks", "results"]) {
      const dir = path.join(root, provider, kind);
      const names = await readdir(dir).catch(() => [] as string[]);
      const files = (
        await Promise.all(names.map(async (name) => ({ file: path.join(dir, name), mtime: (await stat(path.join(dir, name)).catch(() => null))?.mtimeMs })))
      ).filter((f): f is { file: string; mtime: number } => f.mtime !== undefined);
      files.sort((a, b) => b.mtime - a.mtime);
      const doomed = files.filter((f, i) => now - f.mtime > ttlMs || i >= SANDBOX_MAX_FILES);
      for (const { file } of doomed) {
        await rm(file, { force: true });
        cache.delete(file);
        removed += 1;
      }
    }
  }
  return removed;
}
