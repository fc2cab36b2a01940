import { describe, expect, it } from "vitest";
import type { StoredError } from "@/lib/db/schema";
import { afterFailedSubmit, generationOutcome, isTaskCharged, isTaskEnded, nextPollDelayMs, retryDelayMs, type TaskOutcome } from "@/lib/jobs/state";

const HANDLE = { taskId: "t-1", pollingUrl: "https://api.eu4.bfl.ai/v1/get_result?id=t-1" };
const MODERATED: StoredError = { code: "moderated_output" as const, message: "BFL's moderation blocked the generated image" };
const HOST_ERROR: StoredError = { code: "provider_error" as const, message: "BFL reported the generation failed (Error)." };
const TIMEOUT: StoredError = { code: "timeout" as const, message: "No result before the deadline" };
const CANCELED: StoredError = { code: "canceled" as const, message: "Canceled by the user" };

const stored: TaskOutcome = { status: "stored", error: null, handle: HANDLE };
const failed = (error: StoredError = HOST_ERROR, handle: TaskOutcome["handle"] = HANDLE): TaskOutcome => ({ status: "failed", error, handle });
const canceled = (handle: TaskOutcome["handle"] = HANDLE): TaskOutcome => ({ status: "canceled", error: CANCELED, handle });
const submitted: TaskOutcome = { status: "submitted", error: null, handle: HANDLE };
const pending: TaskOutcome = { status: "pending", error: null, handle: null };

describe("generationOutcome", () => {
  it.each<[string, TaskOutcome[], boolean, { status: string; error: unknown; warnings: RegExp[] }]>([
    ["all stored", [stored, stored, stored], false, { status: "succeeded", error: null, warnings: [] }],
    ["one stored", [stored], false, { status: "succeeded", error: null, warnings: [] }],
    ["none stored, one failed", [failed(MODERATED)], false, { status: "failed", error: MODERATED, warnings: [] }],
    ["none stored, two failed: the first error wins", [failed(MODERATED), failed(HOST_ERROR)], false, { status: "failed", error: MODERATED, warnings: [] }],
    ["some stored, some failed", [stored, failed(MODERATED)], false, { status: "succeeded", error: null, warnings: [/^1 of 2 images failed: .*moderation/] }],
    ["2 of 3 failed", [failed(), stored, failed()], false, { status: "succeeded", error: null, warnings: [/^2 of 3 images failed/] }],
    ["cancel, none stored", [canceled(), canceled()], true, { status: "canceled", error: { code: "canceled", message: "Canceled by the user" }, warnings: [] }],
    ["cancel, none stored, one failed", [failed(), canceled()], true, { status: "canceled", error: { code: "canceled", message: "Canceled by the user" }, warnings: [] }],
    ["cancel, some stored", [stored, canceled()], true, { status: "canceled", error: { code: "canceled", message: "Canceled by the user" }, warnings: [/1 of 2 images.*kept/] }],
    ["cancel after all stored", [stored, stored], true, { status: "succeeded", error: null, warnings: [] }],
  ])("%s", (_label, tasks, cancelRequested, expected) => {
    const outcome = generationOutcome(tasks, cancelRequested);
    expect(outcome.status).toBe(expected.status);
    expect(outcome.error).toEqual(expected.error);
    expect(outcome.warnings).toHaveLength(expected.warnings.length);
    expected.warnings.forEach((pattern, i) => expect(outcome.warnings[i]).toMatch(pattern));
  });

  it("fails with a generic provider_error when no failed task carries an error", () => {
    const outcome = generationOutcome([{ status: "failed", error: null, handle: null }], false);
    expect(outcome.status).toBe("failed");
    expect(outcome.error).toMatchObject({ code: "provider_error" });
    expect(outcome.error!.message.length).toBeGreaterThan(0);
  });

  it("the partial-failure warning quotes the failure's message", () => {
    const { warnings } = generationOutcome([stored, failed(MODERATED)], false);
    expect(warnings).toEqual([`1 of 2 images failed: ${MODERATED.message}`]);
  });
});

describe("isTaskEnded", () => {
  it.each<[TaskOutcome, boolean]>([
    [stored, true],
    [failed(), true],
    [canceled(), true],
    [submitted, false],
    [pending, false],
  ])("%o -> %s", (task, ended) => {
    expect(isTaskEnded(task)).toBe(ended);
  });
});

describe("isTaskCharged", () => {
  it.each<[string, TaskOutcome, boolean]>([
    ["stored", stored, true],
    ["stored without a handle", { status: "stored", error: null, handle: null }, true],
    ["failed: output moderated", failed(MODERATED), false],
    ["failed: request moderated", failed({ code: "moderated_request", message: "blocked" }), false],
    ["failed: host error", failed(HOST_ERROR), false],
    ["canceled with a handle (host accepted the work)", canceled(HANDLE), true],
    ["canceled before submit (no handle)", canceled(null), false],
    ["timed out with a handle", failed(TIMEOUT, HANDLE), true],
    ["timed out before submit (no handle)", failed(TIMEOUT, null), false],
    ["failed as canceled with a handle", failed(CANCELED, HANDLE), true],
    ["failed at submit (no handle)", failed(HOST_ERROR, null), false],
    ["ready at the host, download failed (expired URL)", { ...failed(HOST_ERROR), readyAt: new Date() }, true],
  ])("%s -> %s", (_label, task, charged) => {
    expect(isTaskCharged(task)).toBe(charged);
  });
});

describe("afterFailedSubmit", () => {
  // [what happened, error, host recognises a resubmit, expected]
  it.each<[string, { code: string; retryable: boolean; status: number | null }, boolean, "retry" | "final" | "unanswered"]>([
    ["429: the host refused it", { code: "rate_limited", retryable: true, status: 429 }, false, "retry"],
    ["500: the host refused it", { code: "provider_error", retryable: true, status: 500 }, false, "retry"],
    ["503", { code: "provider_error", retryable: true, status: 503 }, false, "retry"],
    ["401: final", { code: "auth", retryable: false, status: 401 }, false, "final"],
    ["422: final", { code: "invalid_params", retryable: false, status: 422 }, true, "final"],
    ["400 moderation: final", { code: "moderated_request", retryable: false, status: 400 }, true, "final"],
    ["connection reset, no resubmit recognised", { code: "network", retryable: true, status: null }, false, "unanswered"],
    ["connection reset, resubmit recognised", { code: "network", retryable: true, status: null }, true, "retry"],
    ["request timeout", { code: "timeout", retryable: true, status: null }, false, "unanswered"],
    ["a 200 we cannot read", { code: "provider_error", retryable: false, status: 200 }, false, "unanswered"],
    ["a body we cannot read, no status", { code: "provider_error", retryable: false, status: null }, true, "retry"],
    ["our own request was invalid", { code: "invalid_params", retryable: false, status: null }, true, "final"],
  ])("%s", (_label, error, resubmitSafe, expected) => {
    expect(afterFailedSubmit(error, resubmitSafe)).toBe(expected);
  });
});

describe("retryDelayMs", () => {
  const top = () => 1 - Number.EPSILON;
  const bottom = () => 0;

  it.each([
    [1, 500],
    [2, 1000],
    [3, 2000],
    [4, 4000],
    [5, 8000],
    [6, 15000],
    [7, 15000],
    [30, 15000],
  ])("attempt %i has ceiling %i", (attempt, ceiling) => {
    expect(retryDelayMs(attempt, null, top)).toBe(ceiling);
    expect(retryDelayMs(attempt, null, bottom)).toBe(ceiling / 2);
  });

  it("grows with the attempt and never exceeds 15000", () => {
    const delays = Array.from({ length: 12 }, (_, i) => retryDelayMs(i + 1, null, () => 0.5));
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(delays[0]).toBeLessThan(delays[5]!);
    expect(Math.max(...delays)).toBeLessThanOrEqual(15000);
  });

  it.each([0, 0.25, 0.5, 0.75, 0.999])("jitter with random %s stays between half and the full ceiling", (r) => {
    for (const attempt of [1, 3, 6, 10]) {
      const ceiling = Math.min(15000, 500 * 2 ** (attempt - 1));
      const delay = retryDelayMs(attempt, null, () => r);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
      expect(delay).toBe(Math.round(ceiling / 2 + (r * ceiling) / 2));
    }
  });

  it("treats attempt 0 like attempt 1", () => {
    expect(retryDelayMs(0, null, top)).toBe(500);
  });

  it.each([
    [1, 2000, 2000],
    [1, 60000, 60000],
    [6, 20000, 20000],
    [3, 100, 2000],
    [3, 0, 2000],
  ])("attempt %i with Retry-After %i ms waits %i ms", (attempt, retryAfterMs, expected) => {
    expect(retryDelayMs(attempt, retryAfterMs, top)).toBe(expected);
  });

  it("with Retry-After, is never below it even at the lowest jitter", () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      expect(retryDelayMs(attempt, 3000, bottom)).toBeGreaterThanOrEqual(3000);
    }
  });
});

describe("nextPollDelayMs", () => {
  it("polls on the normal beat without progress", () => {
    expect(nextPollDelayMs(250, 1000, null, 0)).toBe(250);
    expect(nextPollDelayMs(250, 1000, 0, 0)).toBe(250);
  });
  it("polls about when the host's progress says it will be done", () => {
    // 80% after 800 ms: about 200 ms left.
    expect(nextPollDelayMs(250, 800, 0.8, 0)).toBe(200);
    // 50% after 400 ms: 400 ms left, capped at the interval.
    expect(nextPollDelayMs(250, 400, 0.5, 0)).toBe(250);
  });
  it("never polls faster than the floor, and backs off when the host is late", () => {
    expect(nextPollDelayMs(250, 990, 0.99, 0)).toBe(50);
    expect(nextPollDelayMs(250, 1200, 0.99, 1)).toBe(100);
    expect(nextPollDelayMs(250, 1400, 0.99, 2)).toBe(200);
    expect(nextPollDelayMs(250, 1600, 0.99, 3)).toBe(250);
  });
});
