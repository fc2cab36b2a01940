import { describe, expect, it } from "vitest";
import {
  effectiveLimit,
  failsOver,
  PACE_BURST_MS,
  PACE_RECOVERY_MS,
  paceAfterRateLimit,
  planSlots,
  queueAheadOf,
  RATE_LIMIT_PAUSE_MS,
  slotKeyOf,
  type Pace,
} from "@/lib/jobs/queue-rules";
import type { ErrorCode } from "@/lib/providers/errors";

const T0 = new Date("2026-12-04T12:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const pace = (limit: number, loweredMs = 0, resumeMs = 1000): Pace => ({ limit, loweredAt: at(loweredMs), resumeAt: at(resumeMs) });

describe("planSlots: who gets the free slots of one host and key", () => {
  it.each<[string, { waiting: string[]; local: string[]; active: number; limit: number; paused?: boolean }, { grant: string[]; ahead: [string, number][] }]>([
    ["room for all", { waiting: ["a", "b"], local: ["a", "b"], active: 0, limit: 24 }, { grant: ["a", "b"], ahead: [] }],
    ["FIFO: the first two of six", { waiting: ["a", "b", "c", "d", "e", "f"], local: ["a", "b", "c", "d", "e", "f"], active: 0, limit: 2 }, { grant: ["a", "b"], ahead: [["c", 2], ["d", 3], ["e", 4], ["f", 5]] }],
    ["full: nobody starts, everyone learns their place", { waiting: ["a", "b"], local: ["a", "b"], active: 2, limit: 2 }, { grant: [], ahead: [["a", 0], ["b", 1]] }],
    ["one slot left", { waiting: ["a", "b"], local: ["a", "b"], active: 1, limit: 2 }, { grant: ["a"], ahead: [["b", 1]] }],
    ["over the limit (it was lowered): nobody starts", { waiting: ["a"], local: ["a"], active: 5, limit: 2 }, { grant: [], ahead: [["a", 0]] }],
    // Another instance's task ahead keeps its turn: this instance grants only within the free slots.
    ["another instance's task is first", { waiting: ["x", "a", "b"], local: ["a", "b"], active: 0, limit: 2 }, { grant: ["a"], ahead: [["b", 2]] }],
    ["only other instances' tasks fit", { waiting: ["x", "y", "a"], local: ["a"], active: 0, limit: 2 }, { grant: [], ahead: [["a", 2]] }],
    ["paused after a 429 (Retry-After): nobody starts", { waiting: ["a"], local: ["a"], active: 0, limit: 8, paused: true }, { grant: [], ahead: [["a", 0]] }],
    ["a local task not in the queue (ended meanwhile) is left alone", { waiting: ["a"], local: ["a", "gone"], active: 0, limit: 8 }, { grant: ["a"], ahead: [] }],
  ])("%s", (_label, input, expected) => {
    const plan = planSlots({ ...input, local: new Set(input.local), paused: input.paused ?? false });
    expect(plan.grant).toEqual(expected.grant);
    expect([...plan.ahead]).toEqual(expected.ahead);
  });
});

describe("effectiveLimit: a lowered limit recovers step by step", () => {
  it.each<[string, number, Pace | null, number, number]>([
    ["no 429: the configured limit", 24, null, 0, 24],
    ["just lowered", 24, pace(12), 0, 12],
    ["one recovery period later: doubled", 24, pace(6), PACE_RECOVERY_MS, 12],
    ["two periods later", 24, pace(6), 2 * PACE_RECOVERY_MS + 1, 24],
    ["never above the configured limit", 24, pace(12), 10 * PACE_RECOVERY_MS, 24],
    ["a configured limit lowered since", 4, pace(12), 0, 4],
    ["never below one", 8, pace(0), 0, 1],
    ["long ago: no overflow", 8, pace(1), 1e12, 8],
  ])("%s", (_label, configured, current, nowMs, expected) => {
    expect(effectiveLimit(configured, current, at(nowMs))).toBe(expected);
  });
});

describe("paceAfterRateLimit: a 429 halves the limit in force and pauses submits", () => {
  it.each<[string, number, Pace | null, number, number | null, { limit: number; loweredMs: number; resumeMs: number }]>([
    ["first 429 with Retry-After 5 s", 24, null, 0, 5000, { limit: 12, loweredMs: 0, resumeMs: 5000 }],
    ["first 429 without Retry-After: a short pause", 24, null, 0, null, { limit: 12, loweredMs: 0, resumeMs: RATE_LIMIT_PAUSE_MS }],
    ["same burst: not halved again, the later resume wins", 24, pace(12, 0, 5000), PACE_BURST_MS - 1, 1000, { limit: 12, loweredMs: 0, resumeMs: 5000 }],
    ["same burst, longer Retry-After", 24, pace(12, 0, 1000), 500, 4000, { limit: 12, loweredMs: 0, resumeMs: 4500 }],
    ["after the burst: halved again", 24, pace(12, 0, 1000), PACE_BURST_MS, 1000, { limit: 6, loweredMs: PACE_BURST_MS, resumeMs: PACE_BURST_MS + 1000 }],
    ["halves what recovered, not the original", 24, pace(6, 0, 0), PACE_RECOVERY_MS, 0, { limit: 6, loweredMs: PACE_RECOVERY_MS, resumeMs: PACE_RECOVERY_MS }],
    ["never below one", 2, pace(1, 0, 0), PACE_BURST_MS, 0, { limit: 1, loweredMs: PACE_BURST_MS, resumeMs: PACE_BURST_MS }],
  ])("%s", (_label, configured, current, nowMs, retryAfterMs, expected) => {
    const next = paceAfterRateLimit(configured, current, at(nowMs), retryAfterMs);
    expect({ limit: next.limit, loweredMs: next.loweredAt.getTime() - T0.getTime(), resumeMs: next.resumeAt.getTime() - T0.getTime() }).toEqual(expected);
  });
});

describe("failsOver: only a host's own failures move a run to the next host", () => {
  it.each<[string, { code: ErrorCode; status?: number | null } | null, string | undefined, number, boolean]>([
    ["429", { code: "rate_limited", status: 429 }, "fal", 0, true],
    ["5xx", { code: "provider_error", status: 503 }, "fal", 0, true],
    ["the host's task failed (no status)", { code: "provider_error" }, "fal", 0, true],
    ["timeout", { code: "timeout" }, "fal", 0, true],
    ["connection reset", { code: "network" }, "fal", 0, true],
    ["a provider_error that is a 4xx", { code: "provider_error", status: 404 }, "fal", 0, false],
    ["request moderated", { code: "moderated_request" }, "fal", 0, false],
    ["output moderated", { code: "moderated_output" }, "fal", 0, false],
    ["invalid params (400/422)", { code: "invalid_params", status: 422 }, "fal", 0, false],
    ["bad key", { code: "auth", status: 401 }, "fal", 0, false],
    ["no credits", { code: "insufficient_credits", status: 402 }, "fal", 0, false],
    ["canceled by the user", { code: "canceled" }, "fal", 0, false],
    ["no next host", { code: "provider_error", status: 500 }, undefined, 0, false],
    ["some images were stored", { code: "provider_error", status: 500 }, "fal", 1, false],
    ["no error", null, "fal", 0, false],
  ])("%s", (_label, error, next, stored, expected) => {
    expect(failsOver(error, next, stored)).toBe(expected);
  });
});

describe("queue bookkeeping", () => {
  it("shows the fewest ahead of a generation's waiting tasks, or nothing", () => {
    expect(queueAheadOf(new Map())).toBeNull();
    expect(queueAheadOf(new Map([["t-2", 5], ["t-3", 6]]))).toBe(5);
  });

  it("keys slots by host and key fingerprint", () => {
    expect(slotKeyOf("bfl", "sandbox")).toBe("bfl:sandbox");
    expect(slotKeyOf("fal", "abc")).not.toBe(slotKeyOf("fal", "abd"));
  });
});
