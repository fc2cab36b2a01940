import { nanoid } from "nanoid";
import { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { historyTotals } from "@/lib/history/query";
import { getGeneration, imagesOf, insertGeneration, listGenerations, unfinishedGenerations, updateGeneration, type NewGeneration, type NewTask } from "@/lib/db/queries";
import { modelIdSchema, parseParams, toFieldIssues, type CanonicalParams, type FieldIssue, type ModelId } from "@/lib/models";
import type { ProviderId } from "@/lib/providers/types";
import { ANONYMOUS_HEADER, FAULT_HEADER, LATENCY_HEADER } from "@/lib/sandbox/faults";
import { providerIdSchema } from "@/lib/providers/registry";
import { keyringOf, type Keyring } from "@/lib/keys/service";
import { paramWarnings } from "@/lib/providers/capabilities";
import { ledgerGuard, LimitExceededError, toLimitFailure, type LimitFailure } from "@/lib/limits/service";
import { estimateRunCost, ImageInputError, storedInputFiles, storeImageInputs } from "./image-inputs";
import { hostTasks } from "./host-tasks";
import { lineageOf, parentImageFor } from "./lineage";
import { decodeCursor, encodeCursor, toGenerationDto } from "./dto";
import { abortLocalRun, isDeadLocalOwner, runGeneration } from "./runner";
import { isTerminal, type GenerationDto, type GenerationPage, type HistoryTotals } from "./types";
import { parseInput } from "@/lib/validation/input";

/** The verbs of generations, shared by the server actions and the JSON API. */

export const failoverSchema = z
  .array(providerIdSchema, { error: "failover must be a list of host ids, in the order to try them" })
  .max(7, { error: "failover lists at most 7 hosts" })
  .refine((list) => new Set(list).size === list.length, { error: "Each failover host may appear once" });

export const createGenerationInput = z.object({
  model: modelIdSchema,
  provider: providerIdSchema,
  params: z.record(z.string(), z.unknown(), { error: "params must be an object of the model's parameters" }),
  idempotencyKey: z.string().trim().min(1).max(200, { error: "idempotencyKey must be at most 200 characters" }).optional(),
  /** Opt-in: the hosts to run on, in order, if this one fails with 429, 5xx or a timeout. */
  failover: failoverSchema.optional(),
  /** An edit's source: one of the user's images (else inferred from a stored `input_image`). */
  parentImageId: z.string({ error: "parentImageId must be an image id" }).trim().min(1, { error: "parentImageId must not be empty" }).max(200, { error: "parentImageId must be at most 200 characters" }).optional(),
  /** Sandbox hosts only: inject a fault or a latency (see README), for tests and demos. */
  sandbox: z
    .object({
      fault: z.string().trim().max(200).optional(),
      latencyMs: z.number().int().min(0).max(600_000).optional(),
    })
    .strict()
    .optional(),
}).strict();
export type CreateGenerationInput = z.input<typeof createGenerationInput>;

export type CreateResult =
  | { ok: true; id: string; status: GenerationDto["status"]; created: boolean }
  | { ok: false; message: string; issues: FieldIssue[]; limit?: LimitFailure };

export const invalid = (issues: FieldIssue[]): { ok: false; message: string; issues: FieldIssue[] } => ({
  ok: false,
  message: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "),
  issues,
});

export type PreparedGeneration = { ok: true; generation: NewGeneration; tasks: NewTask[] } | { ok: false; message: string; issues: FieldIssue[] };

/**
 * Validates a generation and builds its rows (the generation and one row per host task), without
 * storing anything but its image prompt (an upload, or a URL fetched now).
 */
export async function prepareGeneration(
  raw: unknown,
  userId: string,
  /**
   * imagesStored: the caller (a comparison) stored the user's images already, once for all cells.
   * anonymous: a blind comparison's cell, whose sandbox picture must not name its host.
   */
  opts: { comparisonId?: string; createdAt?: Date; keyring?: Keyring; imagesStored?: boolean; anonymous?: boolean } = {},
): Promise<PreparedGeneration> {
  const input = parseInput(createGenerationInput, raw);
  if (!input.success) return invalid(toFieldIssues(input.error));
  const { model, provider, idempotencyKey, sandbox, failover = [] } = input.data;
  // The user's own key, else the server's (when shared), else the sandbox.
  const connection = await (opts.keyring ??= await keyringOf(userId)).connect(provider);
  if (!connection.adapter.models.includes(model)) {
    return invalid([{ path: "model", message: `${connection.adapter.name} does not serve ${model}` }]);
  }
  if (connection.problem) return invalid([{ path: "provider", message: `${connection.adapter.name} is misconfigured: ${connection.problem}` }]);
  if (sandbox && !connection.sandbox) {
    return invalid([{ path: "sandbox", message: `sandbox options apply only to hosts in sandbox mode; ${provider} is live` }]);
  }
  const params = parseParams(model, input.data.params);
  if (!params.ok) return invalid(params.issues);
  const failoverIssues = await failoverProblems(provider, failover, model, opts.keyring);
  if (failoverIssues.length) return invalid(failoverIssues);
  const stored = opts.imagesStored ? { ok: true as const, data: params.data } : await storeUserImages(params.data, userId);
  if (!stored.ok) return stored;
  const storedParams = stored.data;
  const parent = await parentImageFor(input.data.parentImageId, storedParams, userId);
  if (!parent.ok) return invalid(parent.issues);

  const { unitPriceUsd, estimatedUsd } = await estimateRunCost(provider, model, storedParams);
  const now = opts.createdAt ?? new Date();
  const id = nanoid(16);
  const sandboxHeaders: Record<string, string> = {};
  if (sandbox?.fault) sandboxHeaders[FAULT_HEADER] = sandbox.fault;
  if (sandbox?.latencyMs !== undefined) sandboxHeaders[LATENCY_HEADER] = String(sandbox.latencyMs);
  if (opts.anonymous) sandboxHeaders[ANONYMOUS_HEADER] = "1";
  return {
    ok: true,
    generation: {
      id,
      userId,
      model,
      provider,
      params: storedParams,
      inputFiles: storedInputFiles(storedParams),
      parentImageId: parent.parentImageId,
      status: "queued",
      sandbox: connection.sandbox,
      keySource: connection.keySource,
      sandboxHeaders: Object.keys(sandboxHeaders).length ? sandboxHeaders : null,
      comparisonId: opts.comparisonId ?? null,
      idempotencyKey: idempotencyKey ?? null,
      unitPriceUsd,
      estimatedUsd,
      // Set here, not by the database: cursors carry milliseconds, PostgreSQL keeps microseconds.
      createdAt: now,
      deadlineAt: new Date(now.getTime() + env().JOB_DEADLINE_MS),
      warnings: paramWarnings(connection.adapter.capabilities[model], params.data),
      failover,
    },
    tasks: hostTasks(id, connection, model, params.data),
  };
}

/**
 * The params with the images the user gave stored (uploads, or URLs fetched now), or the field's
 * issue: a refused image stops the run before anything is stored or sent to a host.
 */
export async function storeUserImages<P extends CanonicalParams>(params: P, userId: string): Promise<{ ok: true; data: P } | ReturnType<typeof invalid>> {
  try {
    return { ok: true, data: await storeImageInputs(params, userId) };
  } catch (error) {
    if (error instanceof ImageInputError) return invalid([{ path: `params.${error.path}`, message: error.message }]);
    throw error;
  }
}

/** Why a failover list cannot be used: each host must differ from the run's, serve the model and be usable now. */
export async function failoverProblems(provider: string, failover: readonly ProviderId[], model: ModelId, keyring: Keyring): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  for (const [i, next] of failover.entries()) {
    const connection = await keyring.connect(next);
    if (next === provider) issues.push({ path: `failover.${i}`, message: `${next} is the run's own host: list other hosts to fail over to` });
    else if (!connection.adapter.models.includes(model)) issues.push({ path: `failover.${i}`, message: `${connection.adapter.name} does not serve ${model}` });
    else if (connection.problem) issues.push({ path: `failover.${i}`, message: `${connection.adapter.name} is misconfigured: ${connection.problem}` });
  }
  return issues;
}

/** A budget or rate limit's refusal as a service failure (the API answers it with 429). */
export const limitFailure = (error: LimitExceededError) => ({ ok: false as const, message: error.message, issues: [], limit: toLimitFailure(error.refusal) });

/**
 * Validates and stores a generation (with its tasks) before any host is called, unless it would
 * pass the user's budget or rate limit. The caller then runs it with `runGeneration`, in the
 * background of the request.
 */
export async function createGeneration(raw: unknown, userId: string): Promise<CreateResult> {
  const prepared = await prepareGeneration(raw, userId);
  if (!prepared.ok) return prepared;
  try {
    const { generation, created } = await insertGeneration(prepared.generation, prepared.tasks, ledgerGuard(userId, [prepared.generation]));
    return { ok: true, id: generation.id, status: generation.status, created };
  } catch (error) {
    if (error instanceof LimitExceededError) return limitFailure(error);
    throw error;
  }
}

export async function getGenerationDto(id: string, userId: string): Promise<GenerationDto | null> {
  const row = await getGeneration(id, userId);
  if (!row) return null;
  const [imageRows, lineage] = await Promise.all([imagesOf([row.id]), lineageOf([row], userId)]);
  return toGenerationDto(row, imageRows, { lineage });
}

export const MAX_PAGE_SIZE = 100;

export async function listGenerationPage(userId: string, cursor: string | null, limit: number): Promise<GenerationPage & { totals: HistoryTotals }> {
  const decoded = cursor ? decodeCursor(cursor) : null;
  if (cursor && !decoded) throw new InvalidCursorError();
  const [{ rows, hasMore }, totals] = await Promise.all([listGenerations(userId, decoded, limit), historyTotals(userId)]);
  const [imageRows, lineage] = await Promise.all([imagesOf(rows.map((r) => r.id)), lineageOf(rows, userId)]);
  return {
    items: rows.map((r) => toGenerationDto(r, imageRows, { lineage })),
    nextCursor: hasMore && rows.length ? encodeCursor(rows[rows.length - 1]) : null,
    totals,
  };
}

/** A page cursor this API did not make: 400 naming `cursor`. */
export class InvalidCursorError extends AppError {
  constructor() {
    const message = "cursor is not one this API returned; start again without it";
    super("bad_request:history", message, { issues: [{ path: "cursor", message }] });
  }
}

export type CancelResult = { ok: true; generation: GenerationDto } | { ok: false; status: 404 | 409; message: string };

/**
 * Cancels a generation: at once when it runs in this process, at the next lease renewal when it
 * runs on another instance, and directly when nobody runs it. Stored images are kept.
 */
export async function cancelGeneration(id: string, userId: string): Promise<CancelResult> {
  const row = await getGeneration(id, userId);
  if (!row) return { ok: false, status: 404, message: `No generation ${id}` };
  if (isTerminal(row.status)) return { ok: false, status: 409, message: `Generation ${id} has already ended (${row.status})` };
  await updateGeneration(id, { cancelRequested: true });
  if (!(await abortLocalRun(id))) {
    // Nobody here runs it: take the lease if it is free and record the cancel now.
    await runGeneration(id);
  }
  const dto = await getGenerationDto(id, userId);
  return dto ? { ok: true, generation: dto } : { ok: false, status: 404, message: `No generation ${id}` };
}

/**
 * The resume sweep, at start-up and then periodically: every generation that has not ended and
 * that nobody alive advances is picked up (a past deadline ends it as a timeout).
 */
export async function resumeUnfinishedGenerations(): Promise<number> {
  const now = Date.now();
  let resumed = 0;
  for (const row of await unfinishedGenerations()) {
    const expired = !row.leaseOwner || !row.leaseUntil || row.leaseUntil.getTime() < now;
    const takeOverFrom = row.leaseOwner && !expired && isDeadLocalOwner(row.leaseOwner) ? row.leaseOwner : undefined;
    if (!expired && !takeOverFrom) continue;
    resumed += 1;
    void runGeneration(row.id, { takeOverFrom }).catch((error) => console.error(`resume ${row.id}:`, error));
  }
  return resumed;
}
