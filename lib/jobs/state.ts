import type { GenerationTask, StoredError } from "@/lib/db/schema";
import type { GenerationStatus } from "./types";

/**
 * Pure rules of the generation lifecycle, kept apart from I/O so they can be tested as tables.
 *
 * queued --run--> running --all tasks ended--> succeeded | failed | canceled
 * A task: pending --submit--> submitted --ready+stored--> stored, or --> failed | canceled.
 */
export type TaskOutcome = Pick<GenerationTask, "status" | "error" | "handle"> & { imageCount?: number; readyAt?: Date | string | null };

export const isTaskEnded = (t: Pick<GenerationTask, "status">) =>
  t.status === "stored" || t.status === "failed" || t.status === "canceled";

export interface GenerationOutcome {
  status: Extract<GenerationStatus, "succeeded" | "failed" | "canceled">;
  error: StoredError | null;
  warnings: string[];
}

/** The terminal state of a generation from its tasks' ends; images already stored always count. */
export function generationOutcome(tasks: readonly TaskOutcome[], cancelRequested: boolean): GenerationOutcome {
  const stored = tasks.filter((t) => t.status === "stored").length;
  const failed = tasks.filter((t) => t.status === "failed");
  const warnings: string[] = [];
  if (cancelRequested && stored < tasks.length) {
    if (stored > 0) warnings.push(`Canceled after ${stored} of ${tasks.length} images were ready; those are kept.`);
    return { status: "canceled", error: { code: "canceled", message: "Canceled by the user" }, warnings };
  }
  if (stored === tasks.length) return { status: "succeeded", error: null, warnings };
  const firstError = failed.find((t) => t.error)?.error ?? { code: "provider_error" as const, message: "The host did not return an image" };
  if (stored > 0) {
    warnings.push(`${tasks.length - stored} of ${tasks.length} images failed: ${firstError.message}`);
    return { status: "succeeded", error: null, warnings };
  }
  return { status: "failed", error: firstError, warnings };
}

/**
 * Whether the host will bill a task: it made its images (even when we could not download them:
 * an expired URL), or it accepted the work and we stopped watching (cancel, deadline). Moderated
 * and failed tasks are not billed.
 */
export function isTaskCharged(task: TaskOutcome): boolean {
  if (task.status === "stored" || task.readyAt) return true;
  if (!task.handle) return false;
  return task.status === "canceled" || task.error?.code === "timeout" || task.error?.code === "canceled";
}

/** How many images the host bills for a task. */
export const chargedImages = (task: TaskOutcome) => (isTaskCharged(task) ? (task.imageCount ?? 1) : 0);

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 15_000;

/** Exponential backoff with full jitter; a host's Retry-After wins when it asks for longer. */
export function retryDelayMs(attempt: number, retryAfterMs: number | null, random = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}

/**
 * What to do after a failed submit. A host that answered with an HTTP error status refused the
 * work: retry if the error is transient. A dropped connection, a timeout or an unreadable answer
 * leaves unknown whether the host took the task: only a host that recognises a resubmit gets it
 * again ("retry"); elsewhere it ends "unanswered", since a second submit could bill twice.
 */
export function afterFailedSubmit(error: { code: string; retryable: boolean; status: number | null }, resubmitSafe: boolean): "retry" | "final" | "unanswered" {
  const refused = error.status !== null && (error.status < 200 || error.status >= 300);
  const unknownOutcome = !refused && ["network", "timeout", "provider_error"].includes(error.code);
  if (unknownOutcome) return resubmitSafe ? "retry" : "unanswered";
  return error.retryable ? "retry" : "final";
}

/** The message of a submit that may have reached the host and is not sent again. */
export function unansweredSubmitMessage(host: string, what: string): string {
  return `${what}. ${host} may have taken the task, and it has no way to recognise a second submit, so it was not sent again (that could bill twice): check ${host}'s dashboard.`;
}

export const MAX_SUBMIT_ATTEMPTS = 4;
export const MAX_CONSECUTIVE_POLL_FAILURES = 8;
export const MAX_DOWNLOAD_ATTEMPTS = 4;

export const MIN_POLL_MS = 50;

/**
 * When to poll a pending task again. Hosts report progress (BFL 0..1): poll about when that
 * progress says the task will be done rather than on a fixed beat, which shortens the wait
 * after the host is ready without polling faster the whole time. If the host is still pending
 * after its predicted end, the pause doubles again up to the normal interval.
 */
export function nextPollDelayMs(intervalMs: number, elapsedMs: number, progress: number | null, overduePolls: number): number {
  if (progress === null || !(progress > 0) || progress >= 1) return intervalMs;
  const remaining = (elapsedMs * (1 - progress)) / progress;
  const floor = MIN_POLL_MS * 2 ** Math.max(0, overduePolls);
  return Math.round(Math.min(intervalMs, Math.max(floor, remaining)));
}
