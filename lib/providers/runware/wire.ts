import { z } from "zod";
import { ProviderError, parseRetryAfter, type ErrorCode } from "../errors";
import type { ReadyImage, TaskUpdate } from "../types";

/** Runware's wire shapes (PROVIDERS.md D). Lenient: unknown fields are ignored, nullable ones tolerated. */
export const runwareErrorItem = z
  .object({
    code: z.string().nullish(),
    message: z.string().nullish(),
    parameter: z.string().nullish(),
    taskType: z.string().nullish(),
    taskUUID: z.string().nullish(),
  })
  .passthrough();
export type RunwareErrorItem = z.infer<typeof runwareErrorItem>;

export const runwareResultItem = z
  .object({
    taskType: z.string().nullish(),
    taskUUID: z.string().nullish(),
    /** Only in getResponse answers: processing | success | error. */
    status: z.string().nullish(),
    imageUUID: z.string().nullish(),
    imageURL: z.string().nullish(),
    imageDataURI: z.string().nullish(),
    imageBase64Data: z.string().nullish(),
    seed: z.number().nullish(),
    /** USD, with includeCost:true. */
    cost: z.number().nullish(),
    progress: z.number().nullish(),
    error: runwareErrorItem.nullish(),
  })
  .passthrough();
export type RunwareResultItem = z.infer<typeof runwareResultItem>;

/** `{data:[...]}`, `{errors:[...]}`, or both (partial results). */
export const runwareEnvelope = z
  .object({ data: z.array(runwareResultItem).nullish(), errors: z.array(runwareErrorItem).nullish() })
  .passthrough();
export type RunwareEnvelope = z.infer<typeof runwareEnvelope>;

/** Where in the lifecycle an error came: moderation before generation is the prompt's, after it the image's. */
export type ErrorStage = "submit" | "task";

type Category = "validation" | "auth" | "quota" | "rateLimit" | "safety" | "provider" | "timeout" | "notFound" | "serverError" | "unknown";

const SAFETY_CODES = new Set([
  "contentPolicyViolation",
  "providerContentPolicyViolation",
  "sensitiveContentDetected",
  "unsafeContentDetected",
  "nsfwContentDetected",
  "promptBlocked",
  "imageBlocked",
  "moderationFailed",
]);
const AUTH_CODES = new Set([
  "unauthorized",
  "forbidden",
  "permissionDenied",
  "insufficientPermissions",
  "authenticationFailed",
  "authFailed",
  "invalidAuthentication",
  "invalidCredentials",
  "missingAuthentication",
  "tokenExpired",
  "tokenInvalid",
  "tokenMissing",
  "tokenRevoked",
  "accountSuspended",
  "accountDisabled",
  "organizationSuspended",
  "organizationDisabled",
  "workspaceSuspended",
  "workspaceDisabled",
]);
const SERVER_CODES = new Set(["internalServerError", "serviceUnavailable", "serverUnavailable", "standardError", "unknownError", "undefinedError", "defaultError", "unrecognizedResponse"]);
const NOT_FOUND_CODES = new Set(["taskCancelled", "taskFailedOrNotFound", "unknownModel"]);
const PROVIDER_CODES = new Set(["inferenceError", "processingFailed", "taskFailed", "downloadFailed", "uploadFailed", "noAvailableServer", "modelUnavailable", "modelDisabled", "modelNotReady"]);
const VALIDATION_PREFIXES = ["invalid", "missing", "conflict", "duplicate", "unsupported", "value", "array", "max"];
const VALIDATION_CODES = new Set(["unknownParameter", "incompatibleParameters", "mismatchProviderSettingsProvider", "unknownProviderSettingsProvider", "validationFailed"]);

/** Runware's error codes by kind, in the order of the official SDK's classifier (rw-ts src/errors.ts deriveCode). */
export function runwareErrorCategory(code: string): Category {
  if (code.includes("Credits") || code.includes("Quota") || code.includes("Balance") || code === "quotaExceeded" || code === "paymentRequired") return "quota";
  if (code.includes("RateLimit") || code === "rateLimitExceeded") return "rateLimit";
  if (SAFETY_CODES.has(code)) return "safety";
  if (AUTH_CODES.has(code) || code.includes("ApiKey")) return "auth";
  // The SDK misses Runware's own example code `timeoutProvider` (lower-case "timeout" first).
  if (code.includes("Timeout") || code.startsWith("timeout")) return "timeout";
  if (NOT_FOUND_CODES.has(code) || code.endsWith("NotFound") || code.endsWith("Expired")) return "notFound";
  if (SERVER_CODES.has(code)) return "serverError";
  if (PROVIDER_CODES.has(code) || code.startsWith("provider")) return "provider";
  if (VALIDATION_PREFIXES.some((p) => code.startsWith(p)) || VALIDATION_CODES.has(code)) return "validation";
  return "unknown";
}

const PROMPT_PARAMETERS = new Set(["positivePrompt", "prompt"]);

/** Moderation of the prompt (request) or of the generated image (output). */
function moderationCode(code: string, parameter: string | null | undefined, stage: ErrorStage): ErrorCode {
  if (code === "promptBlocked" || (parameter && PROMPT_PARAMETERS.has(parameter))) return "moderated_request";
  if (["nsfwContentDetected", "sensitiveContentDetected", "unsafeContentDetected", "imageBlocked"].includes(code)) return "moderated_output";
  return stage === "submit" ? "moderated_request" : "moderated_output";
}

function codeFromStatus(status: number | null): { code: ErrorCode; retryable: boolean } {
  if (status === 401 || status === 403) return { code: "auth", retryable: false };
  if (status === 402) return { code: "insufficient_credits", retryable: false };
  if (status === 429) return { code: "rate_limited", retryable: true };
  if (status === 400 || status === 422) return { code: "invalid_params", retryable: false };
  if (status === 408 || status === 504) return { code: "timeout", retryable: true };
  if (status !== null && status >= 500) return { code: "provider_error", retryable: true };
  return { code: "provider_error", retryable: false };
}

function classify(item: RunwareErrorItem | null, status: number | null, stage: ErrorStage): { code: ErrorCode; retryable: boolean } {
  const raw = item?.code ?? "";
  switch (runwareErrorCategory(raw)) {
    case "quota":
      return { code: "insufficient_credits", retryable: false };
    case "rateLimit":
      return { code: "rate_limited", retryable: true };
    case "safety":
      return { code: moderationCode(raw, item?.parameter, stage), retryable: false };
    case "auth":
      return { code: "auth", retryable: false };
    case "timeout":
      return { code: "timeout", retryable: true };
    case "notFound":
      return { code: "provider_error", retryable: false };
    case "serverError":
    case "provider":
      return { code: "provider_error", retryable: true };
    case "validation":
      return { code: "invalid_params", retryable: false };
    default:
      return codeFromStatus(status);
  }
}

const LEAD: Record<ErrorCode, string> = {
  auth: "Runware rejected the API key",
  insufficient_credits: "Runware: not enough credits",
  rate_limited: "Runware: too many requests",
  invalid_params: "Runware refused the parameters",
  moderated_request: "Runware's moderation blocked the prompt",
  moderated_output: "Runware's moderation blocked the generated image",
  provider_error: "Runware reported an error",
  timeout: "Runware timed out",
  canceled: "Canceled",
  network: "Could not reach Runware",
};

const MESSAGE_MAX = 300;

/** One Runware error (an `errors[]` entry or an item's nested `error`) as a ProviderError, keeping Runware's words. */
export function runwareError(
  item: RunwareErrorItem | null,
  opts: { status?: number | null; stage: ErrorStage; headers?: Headers; text?: string },
): ProviderError {
  const status = opts.status ?? null;
  const { code, retryable } = classify(item, status, opts.stage);
  const hostMessage = (item?.message ?? (opts.text?.slice(0, MESSAGE_MAX) || "no message")).slice(0, MESSAGE_MAX);
  const tags = [item?.code, status === null ? null : `HTTP ${status}`].filter(Boolean).join(", ");
  const parameter = item?.parameter ? ` [parameter: ${item.parameter}]` : "";
  const hint = code === "auth" ? " Check RUNWARE_API_KEY." : "";
  return new ProviderError(code, `${LEAD[code]}${tags ? ` (${tags})` : ""}: ${hostMessage}${parameter}${hint}`, {
    status,
    retryable,
    retryAfterMs: parseRetryAfter(opts.headers?.get("retry-after")),
  });
}

/** A non-2xx answer: its first `errors[]` entry, else the bare status and text. */
export function runwareHttpError(status: number, json: unknown, text: string, headers: Headers, stage: ErrorStage): ProviderError {
  const parsed = runwareEnvelope.safeParse(json);
  const item = parsed.success ? (parsed.data.errors?.[0] ?? null) : null;
  return runwareError(item, { status, stage, headers, text });
}

const belongsTo = (taskUUID: string) => (item: { taskUUID?: string | null }) => !item.taskUUID || item.taskUUID === taskUUID;

/** The task's errors, from either place Runware puts them: top-level `errors[]` or items with status "error". */
export function taskErrors(envelope: RunwareEnvelope, taskUUID: string): RunwareErrorItem[] {
  const topLevel = (envelope.errors ?? []).filter(belongsTo(taskUUID));
  const inItems = (envelope.data ?? [])
    .filter((item) => item.status === "error" && belongsTo(taskUUID)(item))
    .map((item) => ({ ...(item.error ?? {}), taskUUID }));
  return [...topLevel, ...inItems];
}

const hasImage = (item: RunwareResultItem) => Boolean(item.imageURL || item.imageDataURI || item.imageBase64Data);

/** Finished results of the task: a sync answer's items (no status) or getResponse's "success" items. */
export function taskResults(envelope: RunwareEnvelope, taskUUID: string): RunwareResultItem[] {
  return (envelope.data ?? []).filter((item) => belongsTo(taskUUID)(item) && (item.status ?? "success") === "success" && hasImage(item));
}

const MIME = { JPG: "image/jpeg", PNG: "image/png", WEBP: "image/webp" } as const;

function imageUrl(item: RunwareResultItem, outputFormat: string): string {
  if (item.imageURL) return item.imageURL;
  if (item.imageDataURI) return item.imageDataURI;
  const mime = MIME[outputFormat as keyof typeof MIME] ?? MIME.JPG;
  return `data:${mime};base64,${item.imageBase64Data}`;
}

/** The sum of the results' `cost`, or null when Runware reported none. */
export function billedUsd(results: RunwareResultItem[]): number | null {
  const costs = results.map((r) => r.cost).filter((c): c is number => typeof c === "number");
  if (costs.length === 0) return null;
  return Math.round(costs.reduce((a, b) => a + b, 0) * 1e6) / 1e6;
}

export function readyUpdate(results: RunwareResultItem[], outputFormat: string): TaskUpdate & { state: "ready" } {
  const images: ReadyImage[] = results.map((r) => ({ url: imageUrl(r, outputFormat), seed: r.seed ?? null }));
  return { state: "ready", images, billedUsd: billedUsd(results) };
}

/**
 * Progress of a batch, 0..1: finished results count whole, processing ones by their `progress`
 * (a percentage in the SDK's fixtures, so values above 1 are read as percent).
 */
function batchProgress(items: RunwareResultItem[], expected: number): number | null {
  const reported = items.filter((i) => i.status === "success" || typeof i.progress === "number");
  if (reported.length === 0) return null;
  const parts = items.map((i) => {
    if (i.status === "success") return 1;
    const p = i.progress ?? 0;
    return Math.min(1, Math.max(0, p > 1 ? p / 100 : p));
  });
  const total = parts.reduce((a, b) => a + b, 0) / Math.max(expected, items.length, 1);
  return Math.min(0.99, Math.round(total * 100) / 100);
}

/**
 * One getResponse answer as a task update: any error fails the whole task (as the SDK does), the
 * task is ready once `expected` results succeeded, and pending before (items may trickle in).
 */
export function parseGetResponse(envelope: RunwareEnvelope, taskUUID: string, expected: number, outputFormat: string): TaskUpdate {
  const errors = taskErrors(envelope, taskUUID);
  if (errors.length > 0) return { state: "failed", error: runwareError(errors[0], { stage: "task" }) };
  const results = taskResults(envelope, taskUUID);
  if (results.length >= expected) return readyUpdate(results, outputFormat);
  const items = (envelope.data ?? []).filter(belongsTo(taskUUID));
  return { state: "pending", progress: batchProgress(items, expected) };
}

/**
 * Runware's refusal of a taskUUID it already has: the earlier submit of this very generation got
 * through, so its task is polled rather than failed (the code's exact name is UNVERIFIED).
 */
export function isDuplicateTask(item: RunwareErrorItem): boolean {
  return Boolean(item.code?.startsWith("duplicate")) && item.parameter === "taskUUID";
}
