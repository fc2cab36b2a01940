import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { nanoid } from "nanoid";
import { env } from "@/lib/env";
import type { Generation, GenerationTask, StoredError } from "@/lib/db/schema";
import {
  acquireLease,
  getGeneration,
  getTasks,
  insertImage,
  releaseLease,
  renewLease,
  updateGeneration,
  updateTask as saveTask,
} from "@/lib/db/queries";
import { billedCost } from "@/lib/pricing";
import { ProviderError } from "@/lib/providers/errors";
import { appendExchange, downloadFile, redactExchange, redactRequest } from "@/lib/providers/http";
import type { ProviderConnection } from "@/lib/providers/registry";
import type { AdapterContext, ReadyImage, TaskUpdate } from "@/lib/providers/types";
import { connectForRun, ownKeyRefusal } from "@/lib/keys/service";
import { scrubText, secretsToScrub } from "@/lib/security/scrub-secrets";
import { storeImage } from "@/lib/storage/image-store";
import { publishGenerationChange } from "./events";
import { resolveImageInputs } from "./image-inputs";
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

async function advance(id: string, cancel: AbortController, takeOverFrom?: string): Promise<void> {
  const generation = await acquireLease(id, INSTANCE_ID, LEASE_TTL_MS, takeOverFrom);
  if (!generation) return;
  const msLeft = generation.deadlineAt.getTime() - Date.now();
  const deadline = AbortSignal.timeout(Math.max(1, msLeft));
  const signal = AbortSignal.any([cancel.signal, deadline]);
  let lostLease = false;
  let finished = false;
  let runKey: string | undefined;
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
    // The key is read again from the source the run recorded; it is never stored with the run.
    const connection = await connectForRun(generation);
    runKey = connection.apiKey;
    const ctx: RunContext = {
      generation,
      connection,
      signal,
      pollIntervalMs: env().JOB_POLL_INTERVAL_MS ?? connection.adapter.pollIntervalMs,
      adapterCtx: {
        baseUrl: connection.baseUrl,
        apiKey: connection.apiKey,
        extraHeaders: connection.sandbox ? (generation.sandboxHeaders ?? undefined) : undefined,
        signal,
        requestTimeoutMs: env().HOST_REQUEST_TIMEOUT_MS,
      },
      changed: () => publishGenerationChange(id),
    };
    ctx.changed(); // taking the lease set it running
    const tasks = await getTasks(id);
    if (msLeft > 0 && !generation.cancelRequested) {
      await Promise.all(tasks.filter((t) => !isTaskEnded(t)).map((task) => runTask(ctx, task)));
    }
    if (lostLease) return;
    await finish(id, deadline.aborted && !cancel.signal.aborted);
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
          ? { code: "timeout", message: `No result before the deadline (${Math.round((generation.deadlineAt.getTime() - generation.createdAt.getTime()) / 1000)} s)` }
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
  const ctx: RunContext = {
    ...runCtx,
    adapterCtx: { ...runCtx.adapterCtx, record: (e) => (exchanges = appendExchange(exchanges, redactExchange(e, adapter.secretHeaders, runCtx.adapterCtx.apiKey))) },
  };
  const updateTask = (id: string, patch: Parameters<typeof saveTask>[1]) => saveTask(id, { ...patch, exchanges });
  try {
    let handle = task.handle;
    let immediate: TaskUpdate | undefined;
    if (!handle) {
      const params = await resolveImageInputs(ctx.generation.params);
      const requests = adapter.buildRequests(ctx.generation.model, params, { ...ctx.adapterCtx, requestKey: ctx.generation.id });
      const request = requests[Math.floor(task.index / task.imageCount)];
      let attempt = task.submitAttempts;
      // This process (or one before it) stopped while a submit was on its way: the host may have
      // taken the task. Sent again only where the host recognises it (no second bill).
      if (task.status === "submitting" && !adapter.resubmitSafe) {
        throw new ProviderError("provider_error", unansweredSubmitMessage(adapter.name, "The server stopped before the host answered the submit"), { retryable: false });
      }
      for (;;) {
        const stop = stopReason(ctx);
        if (stop) throw stop;
        attempt += 1;
        const sent = redactRequest(request, adapter.secretHeaders, ctx.adapterCtx.apiKey);
        // Kept in memory too: a later failure's write must not blank the recorded request.
        task.request = sent;
        task.submitAttempts = attempt;
        // Stored before sending: after a crash, "submitting" says the host may have the task.
        await updateTask(task.id, { status: "submitting", submitAttempts: attempt, request: sent });
        try {
          const result = await adapter.submit(request, ctx.adapterCtx);
          handle = result.handle;
          task.handle = handle;
          immediate = result.immediate;
          task.submittedAt = new Date();
          await updateTask(task.id, { status: "submitted", handle, billedUsd: result.billedUsd, submittedAt: task.submittedAt, submitAttempts: attempt, request: sent });
          task.billedUsd = result.billedUsd;
          ctx.changed();
          break;
        } catch (error) {
          const e = error instanceof ProviderError ? error : new ProviderError("provider_error", String(error));
          if (stopReason(ctx)) throw e;
          const next = afterFailedSubmit(e, adapter.resubmitSafe ?? false);
          if (next === "unanswered") throw new ProviderError(e.code, unansweredSubmitMessage(adapter.name, e.message), { status: e.status, retryable: false });
          if (next === "final" || attempt >= MAX_SUBMIT_ATTEMPTS) throw e;
          // The host refused it: nothing of ours is there, a restart may submit again.
          await updateTask(task.id, { status: "pending" });
          await sleep(retryDelayMs(attempt, e.retryAfterMs), ctx.signal);
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
    // (the user's cancel, or the deadline).
    const stored = asStoredError(stopReason(ctx) ?? error, ctx.adapterCtx.apiKey);
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
