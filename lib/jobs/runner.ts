import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { nanoid } from "nanoid";
import { env } from "@/lib/env";
import type { FailedAttempt, Generation, GenerationTask, StoredError } from "@/lib/db/schema";
import {
  acquireLease,
  getGeneration,
  getTasks,
  insertImage,
  markSlotGranted,
  markSubmitted,
  releaseLease,
  replaceTasks,
  renewLease,
  updateGeneration,
  updateTask as saveTask,
} from "@/lib/db/queries";
import { billedCost } from "@/lib/pricing";
import { ProviderError } from "@/lib/providers/errors";
import { appendExchange, downloadFile, redactExchange, redactRequest } from "@/lib/providers/http";
import { concurrencyLimit, type ProviderConnection } from "@/lib/providers/registry";
import type { ProviderId } from "@/lib/providers/types";
import type { AdapterContext, HttpExchange, ReadyImage, TaskUpdate } from "@/lib/providers/types";
import { connectForRun, keyringOf, ownKeyRefusal } from "@/lib/keys/service";
import { scrubText, secretsToScrub } from "@/lib/security/scrub-secrets";
import { storeImage } from "@/lib/storage/image-store";
import { publishGenerationChange } from "./events";
import { failsOver, queueAheadOf } from "./queue-rules";
import { rateLimited, slotFreed, slotKeyFor, waitForSlot } from "./slot-queue";
import { hostTasks } from "./host-tasks";
import { hostStartedAt } from "./host-timing";
import { estimateRunCost, resolveImageInputs } from "./image-inputs";
import {
  chargedImages,
  generationOutcome,
  afterFailedSubmit,
  isTaskEnded,
  MAX_CONSECUTIVE_POLL_FAILURES,
  MAX_DOWNLOAD_ATTEMPTS,
  MAX_SUBMIT_ATTEMPTS,
  MIN_POLL_MS,
  nextPollDelayMs,
  retryDelayMs,
  unansweredSubmitMessage,
} from "./state";

/** This process, as a lease owner. */
const INSTANCE_ID = ((globalThis as unknown as { __fluxInstance?: string }).__fluxInstance ??=
  `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`);
const LEASE_TTL_MS = 15_000;
/** Progress is stored (and pushed) in steps: every poll would cost two writes and a read. */
const PROGRESS_STEP = 0.1;
const LEASE_RENEW_MS = 5_000;
/** How often a waiting run's place in its host's queue is written (and pushed) at most. */
const QUEUE_SHOW_MS = 2_000;

/** Runs in this process right now: a local cancel aborts at once instead of at the next renewal. */
const running = ((globalThis as unknown as { __fluxRunning?: Map<string, { cancel: AbortController; done: Promise<void> }> }).__fluxRunning ??=
  new Map());

/** Cancels a run of this process and waits for it to record its end; false when it runs elsewhere. */
export async function abortLocalRun(id: string): Promise<boolean> {
  const run = running.get(id);
  if (!run) return false;
  run.cancel.abort(new ProviderError("canceled", "Canceled by the user"));
  await run.done;
  return true;
}

/**
 * Whether a lease owner is a process of this machine that no longer exists (a crash or kill -9
 * of the previous server): its jobs can be taken over at once instead of when the lease expires.
 */
export function isDeadLocalOwner(owner: string): boolean {
  const [host, pid] = owner.split(":");
  if (host !== hostname() || !/^\d+$/.test(pid ?? "") || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

// Under `next dev` the emulators are a route of this same server, compiled on its first request:
// a minute or more on a slow machine, which is not a host hanging. A newcomer's first Run waits for it.
const DEV_SANDBOX_TIMEOUT_MS = 180_000;

/** How long one request to the host may take before it counts as hung. */
function requestTimeoutFor(connection: ProviderConnection): number {
  const limit = env().HOST_REQUEST_TIMEOUT_MS;
  return connection.sandbox && process.env.NODE_ENV === "development" ? Math.max(limit, DEV_SANDBOX_TIMEOUT_MS) : limit;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** An error as the run stores it; its message may quote a host, so it is scrubbed of the run's key too. */
const asStoredError = (error: unknown, apiKey?: string): StoredError => {
  const stored: StoredError = error instanceof ProviderError
    ? { code: error.code, message: error.message }
    : { code: "provider_error", message: (error as Error)?.message ?? String(error) };
  return { ...stored, message: scrubText(stored.message, secretsToScrub([apiKey])) };
};

interface RunContext {
  generation: Generation;
  connection: ProviderConnection;
  adapterCtx: AdapterContext;
  /** Aborted by a cancel (reason: canceled) or the deadline (reason: DeadlineReached). */
  signal: AbortSignal;
  pollIntervalMs: number;
  changed: () => void;
  /** The host and key whose slots the run's tasks take, and how many it allows. */
  slotKey: string;
  slotLimit: number;
  /** Tells the generation (and whoever watches it) where its tasks stand in the host's queue. */
  queue: {
    waiting: (task: GenerationTask, ahead: number) => Promise<void>;
    granted: (task: GenerationTask) => Promise<void>;
  };
}

/**
 * Advances one generation to a terminal state, whether or not anyone watches. Safe to call from
 * several places (after a request, at start-up, on another instance): only the lease holder works.
 */
export async function runGeneration(id: string, opts: { takeOverFrom?: string } = {}): Promise<void> {
  const existing = running.get(id);
  if (existing) return existing.done;
  const cancel = new AbortController();
  const done = advance(id, cancel, opts.takeOverFrom);
  running.set(id, { cancel, done });
  try {
    await done;
  } finally {
    running.delete(id);
  }
}

/**
 * The run's deadline, which a queue may push back: time spent waiting for a slot at the host does
 * not count against it (the host gets JOB_DEADLINE_MS from the submit of the run's last task).
 */
class RunDeadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  readonly signal = this.controller.signal;

  constructor(public at: Date) {
    this.arm();
  }

  extendTo(at: Date) {
    if (this.signal.aborted || at <= this.at) return;
    this.at = at;
    this.arm();
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
  }

  private arm() {
    this.stop();
    // setTimeout takes at most 2^31-1 ms; a longer deadline is re-armed on its way.
    const ms = Math.min(2 ** 31 - 1, Math.max(1, this.at.getTime() - Date.now()));
    this.timer = setTimeout(() => (Date.now() >= this.at.getTime() ? this.controller.abort(new DOMException("Deadline reached", "TimeoutError")) : this.arm()), ms);
  }
}

/** A task that has not yet been sent to its host waits for a slot before its first submit. */
const waitsForFirstSlot = (t: GenerationTask) => !isTaskEnded(t) && !t.slotGrantedAt && t.submitAttempts === 0;

async function advance(id: string, cancel: AbortController, takeOverFrom?: string): Promise<void> {
  let generation = await acquireLease(id, INSTANCE_ID, LEASE_TTL_MS, takeOverFrom);
  if (!generation) return;
  let lostLease = false;
  let finished = false;
  let runKey: string | undefined;
  let deadlinePassed = false;
  const renewal = setInterval(async () => {
    try {
      const lease = await renewLease(id, INSTANCE_ID, LEASE_TTL_MS);
      if (!lease.held) lostLease = true;
      if (!lease.held || lease.cancelRequested) cancel.abort(new ProviderError("canceled", "Canceled by the user"));
    } catch {
      // A missed renewal is retried at the next tick; the lease outlives two misses.
    }
  }, LEASE_RENEW_MS);
  try {
    // One pass per host: the run's own, then each failover host in turn.
    for (;;) {
      const tasks = await getTasks(id);
      const deadline = new RunDeadline(generation.deadlineAt);
      // Restarted while tasks still waited for a slot: queued time does not count.
      if (tasks.some(waitsForFirstSlot)) deadline.extendTo(new Date(Date.now() + env().JOB_DEADLINE_MS));
      const signal = AbortSignal.any([cancel.signal, deadline.signal]);
      try {
        const ctx = await runContext(generation, signal, deadline);
        runKey = ctx.connection.apiKey;
        ctx.changed(); // taking the lease may have changed what is shown
        if (deadline.at.getTime() > Date.now() && !generation.cancelRequested) {
          await Promise.all(tasks.filter((t) => !isTaskEnded(t)).map((task) => runTask(ctx, task)));
        }
      } finally {
        deadlinePassed = deadline.signal.aborted && !cancel.signal.aborted;
        deadline.stop();
      }
      if (lostLease || cancel.signal.aborted) break;
      const next = await failOver(generation, await getTasks(id));
      if (!next) break;
      generation = next;
      publishGenerationChange(id);
    }
    if (lostLease) return;
    await finish(id, deadlinePassed);
    finished = true;
  } catch (error) {
    if (!lostLease) finished = await finish(id, false, asStoredError(error, runKey)).then(() => true, () => false);
  } finally {
    clearInterval(renewal);
    // finish() clears the lease in its own write; otherwise give it back for another instance.
    if (!finished) await releaseLease(id, INSTANCE_ID).catch(() => {});
    publishGenerationChange(id);
  }
}

/** The host a generation runs on now: its own, or the failover host that took over. */
export const servingHost = (g: Pick<Generation, "provider" | "servedBy">) => g.servedBy ?? g.provider;

async function runContext(generation: Generation, signal: AbortSignal, deadline: RunDeadline): Promise<RunContext> {
  // The key is read again from the source the run recorded; it is never stored with the run.
  const connection = await connectForRun({ ...generation, provider: servingHost(generation) });
  const id = generation.id;
  const waiting = new Map<string, number>();
  let shownAhead: number | null = generation.queueAhead;
  let shownAt = 0;
  const changed = () => publishGenerationChange(id);
  return {
    generation,
    connection,
    signal,
    pollIntervalMs: env().JOB_POLL_INTERVAL_MS ?? connection.adapter.pollIntervalMs,
    adapterCtx: {
      baseUrl: connection.baseUrl,
      apiKey: connection.apiKey,
      extraHeaders: connection.sandbox ? (generation.sandboxHeaders ?? undefined) : undefined,
      signal,
      requestTimeoutMs: requestTimeoutFor(connection),
    },
    changed,
    slotKey: slotKeyFor(connection),
    slotLimit: concurrencyLimit(connection.adapter.id),
    queue: {
      waiting: async (task, ahead) => {
        waiting.set(task.id, ahead);
        // Still waiting for a first submit: the deadline keeps its distance.
        if (task.submitAttempts === 0) deadline.extendTo(new Date(Date.now() + env().JOB_DEADLINE_MS));
        const now = queueAheadOf(waiting);
        // Every slot that frees moves everyone behind it: the place is written when it first
        // shows, when the run is next, and otherwise at most every QUEUE_SHOW_MS (one write per
        // waiting run per grant would cost a long queue O(n²) writes).
        if (now === shownAhead || (shownAhead !== null && now !== 0 && Date.now() - shownAt < QUEUE_SHOW_MS)) return;
        shownAhead = now;
        shownAt = Date.now();
        await updateGeneration(id, { queueAhead: now });
        changed();
      },
      granted: async (task) => {
        waiting.delete(task.id);
        shownAhead = queueAheadOf(waiting);
        if (task.submitAttempts === 0) deadline.extendTo(new Date(Date.now() + env().JOB_DEADLINE_MS));
        await markSlotGranted(id, deadline.at, shownAhead);
        changed();
      },
    },
  };
}

/**
 * After a pass that failed: the next failover host takes the generation over when the failure is
 * one a host causes (429, 5xx, timeout), with fresh tasks and a fresh deadline. The failed host's
 * answer is kept in the attempts; the cost will land on the host that serves it.
 */
async function failOver(generation: Generation, tasks: GenerationTask[]): Promise<Generation | null> {
  const current = await getGeneration(generation.id);
  if (!current || current.cancelRequested) return null;
  const outcome = generationOutcome(tasks, false);
  const next = current.failover[current.attempts.length] as ProviderId | undefined;
  const stored = tasks.filter((t) => t.status === "stored").length;
  if (outcome.status !== "failed" || !failsOver(outcome.error, next, stored)) return null;
  const connection = await (await keyringOf(current.userId)).connect(next!);
  if (connection.problem || !connection.adapter.models.includes(current.model)) return null;
  const now = new Date();
  const attempt: FailedAttempt = {
    provider: servingHost(current),
    keySource: current.keySource,
    error: outcome.error!,
    startedAt: (current.attempts.at(-1)?.endedAt ?? current.createdAt.toISOString()),
    endedAt: now.toISOString(),
    // What the failed host may still bill: tasks it accepted and we stopped watching.
    estimatedUsd: billedCost(tasks.map((t) => ({ chargedImages: chargedImages(t), hostBilledUsd: t.billedUsd })), current.unitPriceUsd, current.sandbox).billedUsd,
  };
  const params = await resolveImageInputs(current.params);
  const { unitPriceUsd, estimatedUsd } = await estimateRunCost(next!, current.model, params);
  const patch = {
    servedBy: next!,
    keySource: connection.keySource,
    sandbox: connection.sandbox,
    // The injected faults were meant for the first host.
    sandboxHeaders: null,
    unitPriceUsd,
    estimatedUsd,
    attempts: [...current.attempts, attempt],
    status: "queued" as const,
    progress: null,
    queueAhead: null,
    submittedAt: null,
    hostReadyAt: null,
    error: null,
    deadlineAt: new Date(now.getTime() + env().JOB_DEADLINE_MS),
  };
  await replaceTasks(current.id, patch, hostTasks(current.id, connection, current.model, params));
  return { ...current, ...patch };
}

/** Ends every task still open (deadline, cancel, crash) and records the generation's outcome. */
async function finish(id: string, deadlinePassed: boolean, crash?: StoredError) {
  const generation = await getGeneration(id);
  if (!generation || generation.status === "succeeded" || generation.status === "failed" || generation.status === "canceled") return;
  const tasks = await getTasks(id);
  const now = new Date();
  for (const task of tasks) {
    if (isTaskEnded(task)) continue;
    const error: StoredError = crash ??
      (generation.cancelRequested
        ? { code: "canceled", message: "Canceled by the user" }
        : deadlinePassed || generation.deadlineAt <= now
          ? { code: "timeout", message: `No result before the deadline (${Math.round(env().JOB_DEADLINE_MS / 1000)} s from the submit)` }
          : { code: "provider_error", message: "The task ended without a result" });
    task.status = error.code === "canceled" ? "canceled" : "failed";
    task.error = error;
    await saveTask(task.id, { status: task.status, error, finishedAt: now });
  }
  const outcome = generationOutcome(tasks, generation.cancelRequested);
  const cost = billedCost(
    tasks.map((t) => ({ chargedImages: chargedImages(t), hostBilledUsd: t.billedUsd })),
    generation.unitPriceUsd,
    generation.sandbox,
  );
  const readyTimes = tasks.map((t) => t.readyAt?.getTime()).filter((t): t is number => t !== undefined);
  await updateGeneration(id, {
    status: outcome.status,
    error: outcome.error,
    warnings: [...generation.warnings, ...outcome.warnings],
    billedUsd: cost.billedUsd,
    billedSource: cost.billedSource,
    // The host's latency ends when it reported the last image ready.
    hostReadyAt: readyTimes.length ? new Date(Math.max(...readyTimes)) : null,
    finishedAt: now,
    progress: null,
    queueAhead: null,
    // The run is over: the lease goes with the same write.
    leaseOwner: null,
    leaseUntil: null,
  });
}

function stopReason(ctx: RunContext): ProviderError | null {
  if (!ctx.signal.aborted) return null;
  const reason = ctx.signal.reason;
  if (reason instanceof ProviderError && reason.code === "canceled") return reason;
  return new ProviderError("timeout", "No result before the deadline");
}

/** One host task: submit (unless a handle survived a restart), poll, download, store. */
async function runTask(runCtx: RunContext, task: GenerationTask): Promise<void> {
  const { adapter } = runCtx.connection;
  // Every exchange with the host goes to the task's inspector log, redacted.
  let exchanges = task.exchanges ?? [];
  // The latest exchange as it happened: the submit's tells when the host started (host-timing.ts).
  let lastExchange: HttpExchange | null = null;
  const ctx: RunContext = {
    ...runCtx,
    adapterCtx: {
      ...runCtx.adapterCtx,
      record: (e) => {
        lastExchange = e;
        exchanges = appendExchange(exchanges, redactExchange(e, adapter.secretHeaders, runCtx.adapterCtx.apiKey));
      },
    },
  };
  const updateTask = (id: string, patch: Parameters<typeof saveTask>[1]) => saveTask(id, { ...patch, exchanges });
  let lastRateLimit: ProviderError | null = null;
  try {
    let handle = task.handle;
    let immediate: TaskUpdate | undefined;
    if (!handle) {
      const params = await resolveImageInputs(ctx.generation.params);
      const requests = adapter.buildRequests(ctx.generation.model, params, { ...ctx.adapterCtx, requestKey: ctx.generation.id });
      const request = requests[Math.floor(task.index / task.imageCount)];
      // Requests sent, and those that failed (a 429 is not a failure unless the run may fail over).
      let attempt = task.submitAttempts;
      // This process (or one before it) stopped while a submit was on its way: the host may have
      // taken the task. Sent again only where the host recognises it (no second bill).
      if (task.status === "submitting" && !adapter.resubmitSafe) {
        throw new ProviderError("provider_error", unansweredSubmitMessage(adapter.name, "The server stopped before the host answered the submit"), { retryable: false });
      }
      let failures = 0;
      let rateLimits = 0;
      if (task.slotKey !== ctx.slotKey) {
        // A run created before the queue, or whose key changed since: its slots are this key's.
        task.slotKey = ctx.slotKey;
        task.slotGrantedAt = null;
        await saveTask(task.id, { slotKey: ctx.slotKey, slotGrantedAt: null });
      }
      for (;;) {
        const stop = stopReason(ctx);
        if (stop) throw stop;
        if (!task.slotGrantedAt) {
          await waitForSlot(ctx.slotKey, task.id, ctx.slotLimit, ctx.signal, (ahead) => void ctx.queue.waiting(task, ahead).catch(() => {}));
          task.slotGrantedAt = new Date();
          await ctx.queue.granted(task);
        }
        attempt += 1;
        const sent = redactRequest(request, adapter.secretHeaders, ctx.adapterCtx.apiKey);
        // Kept in memory too: a later failure's write must not blank the recorded request.
        task.request = sent;
        task.submitAttempts = attempt;
        // Stored before sending: after a crash, "submitting" says the host may have the task.
        await updateTask(task.id, { status: "submitting", submitAttempts: attempt, request: sent });
        lastExchange = null;
        try {
          const result = await adapter.submit(request, ctx.adapterCtx);
          handle = result.handle;
          task.handle = handle;
          immediate = result.immediate;
          task.submittedAt = new Date();
          await updateTask(task.id, { status: "submitted", handle, billedUsd: result.billedUsd, submittedAt: task.submittedAt, submitAttempts: attempt, request: sent });
          const submitExchange = lastExchange as HttpExchange | null;
          await markSubmitted(ctx.generation.id, submitExchange ? hostStartedAt(submitExchange) : task.submittedAt);
          task.billedUsd = result.billedUsd;
          ctx.changed();
          break;
        } catch (error) {
          const e = error instanceof ProviderError ? error : new ProviderError("provider_error", String(error));
          if (stopReason(ctx)) throw e;
          if (e.code === "rate_limited") {
            // The host is fuller than its limit says: everyone's pace at this host and key drops,
            // and this task queues again at its place. Not a failure, unless a failover host waits.
            lastRateLimit = e;
            rateLimits += 1;
            await rateLimited(ctx.slotKey, task.id, ctx.slotLimit, e.retryAfterMs);
            task.slotGrantedAt = null;
            if (!ctx.generation.failover.length) {
              // Refused: nothing of ours is at the host, a restart may submit again.
              await updateTask(task.id, { status: "pending" });
              await sleep(retryDelayMs(rateLimits, e.retryAfterMs), ctx.signal);
              continue;
            }
          }
          const next = afterFailedSubmit(e, adapter.resubmitSafe ?? false);
          if (next === "unanswered") throw new ProviderError(e.code, unansweredSubmitMessage(adapter.name, e.message), { status: e.status, retryable: false });
          failures += 1;
          if (next === "final" || failures >= MAX_SUBMIT_ATTEMPTS) throw e;
          // The host refused it: nothing of ours is there, a restart may submit again.
          await updateTask(task.id, { status: "pending" });
          await sleep(retryDelayMs(failures, e.retryAfterMs), ctx.signal);
        }
      }
    }
    let failures = 0;
    let lastProgress = task.progress ?? -1;
    let overduePolls = 0;
    const pollingSince = (task.submittedAt ?? new Date()).getTime();
    for (;;) {
      const stop = stopReason(ctx);
      if (stop) throw stop;
      let update: TaskUpdate;
      try {
        // A synchronous host answered the submit with the result itself: no poll needed.
        update = immediate ?? (await ctx.connection.adapter.poll(handle, ctx.adapterCtx));
        immediate = undefined;
        failures = 0;
      } catch (error) {
        const e = error instanceof ProviderError ? error : new ProviderError("provider_error", String(error));
        failures += 1;
        if (!e.retryable || failures >= MAX_CONSECUTIVE_POLL_FAILURES || stopReason(ctx)) throw e;
        await sleep(retryDelayMs(failures, e.retryAfterMs), ctx.signal);
        continue;
      }
      if (update.state === "failed") throw update.error;
      if (update.state === "ready") {
        const readyAt = new Date();
        // The host made the images: billed even if the download fails (kept by the failure's write).
        task.readyAt = readyAt;
        await storeResults(ctx, task, update.images);
        // The image is visible from here on; the bookkeeping below does not hold it back.
        ctx.changed();
        await updateTask(task.id, {
          status: "stored",
          readyAt,
          hostImageUrl: update.images[0]?.url ?? null,
          billedUsd: update.billedUsd ?? task.billedUsd,
          finishedAt: new Date(),
          progress: 1,
        });
        task.status = "stored";
        task.readyAt = readyAt;
        ctx.changed();
        return;
      }
      // Progress is written when it moved enough to show, not on every poll.
      if (update.progress !== null && update.progress - lastProgress >= PROGRESS_STEP) {
        lastProgress = update.progress;
        await updateTask(task.id, { progress: update.progress });
        await updateGeneration(ctx.generation.id, { progress: update.progress });
        ctx.changed();
      }
      const delay = nextPollDelayMs(ctx.pollIntervalMs, Date.now() - pollingSince, update.progress, overduePolls);
      if (delay < ctx.pollIntervalMs && delay <= MIN_POLL_MS * 2 ** overduePolls) overduePolls += 1;
      await sleep(delay, ctx.signal);
    }
  } catch (error) {
    // A request aborted by the run's own stop reports "canceled"; the stop says which it was
    // (the user's cancel, or the deadline). A host that kept answering 429 until the deadline says so.
    const stop = stopReason(ctx);
    const stored =
      stop?.code === "timeout" && lastRateLimit && !task.handle
        ? asStoredError(new ProviderError("rate_limited", `${lastRateLimit.message} (still refused with 429 when the run's deadline passed)`), ctx.adapterCtx.apiKey)
        : asStoredError(stop ?? error, ctx.adapterCtx.apiKey);
    if (stored.code === "auth" && ctx.generation.keySource === "user") stored.message = ownKeyRefusal(stored.message);
    const status = stored.code === "canceled" ? "canceled" : "failed";
    // Stopped by us after the host took it: ask the host to stop too, where it has a way.
    if ((stored.code === "canceled" || stored.code === "timeout") && task.handle && adapter.cancel) {
      const { signal: _stopped, ...withoutSignal } = ctx.adapterCtx;
      await adapter.cancel(task.handle, { ...withoutSignal, requestTimeoutMs: 5_000 }).catch(() => {});
    }
    await updateTask(task.id, { status, error: stored, finishedAt: new Date(), request: task.request, submitAttempts: task.submitAttempts, readyAt: task.readyAt });
    task.status = status;
    ctx.changed();
  } finally {
    // Ended or not (a lost lease), a slot this task held may serve the next in line here.
    slotFreed(ctx.slotKey);
  }
}


/** Copies the host's images into our storage at once: its URLs expire. */
async function storeResults(ctx: RunContext, task: GenerationTask, ready: ReadyImage[]) {
  // One image per task at BFL; a host that returns a batch in one task fills consecutive indexes.
  for (const [offset, image] of ready.entries()) {
    let attempt = 0;
    for (;;) {
      attempt += 1;
      try {
        const buffer = await downloadFile(image.url, ctx.adapterCtx);
        const stored = await storeImage(buffer, { dir: env().DATA_DIR });
        await insertImage({
          id: nanoid(),
          generationId: ctx.generation.id,
          userId: ctx.generation.userId,
          index: task.index + offset,
          sha256: stored.sha256,
          ext: stored.ext,
          contentType: stored.contentType,
          width: stored.width,
          height: stored.height,
          bytes: stored.bytes,
          // The task's seed is the first image's; the host reports the others' or they are unknown.
          seed: image.seed ?? (offset === 0 ? task.seed : null),
          sourceUrl: image.url,
        });
        break; // this image is stored: on to the next
      } catch (error) {
        const e = error instanceof ProviderError ? error : new ProviderError("provider_error", `Storing the image failed: ${(error as Error).message}`, { retryable: false });
        if (!e.retryable || attempt >= MAX_DOWNLOAD_ATTEMPTS || stopReason(ctx)) throw e;
        await sleep(retryDelayMs(attempt, e.retryAfterMs), ctx.signal);
      }
    }
  }
}
