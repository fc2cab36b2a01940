import { randomInt } from "node:crypto";
import { nanoid } from "nanoid";
import { z } from "zod";
import { env } from "@/lib/env";
import { comparisonGenerations, getComparisonRow, insertComparison, insertVote, votesOf, type ComparisonInsert } from "@/lib/db/queries";
import { imageInputFields, modelIdSchema, toFieldIssues, type CanonicalParams, type FieldIssue, type ModelId } from "@/lib/models";
import { SEED_MAX } from "@/lib/models/fields";
import { roundUsd } from "@/lib/pricing";
import { providerIdSchema, type ProviderConnection } from "@/lib/providers/registry";
import { keyringOf } from "@/lib/keys/service";
import { failoverProblems, failoverSchema, invalid, limitFailure, prepareGeneration, storeUserImages } from "@/lib/jobs/service";
import { estimateRunCost, storedInputFiles } from "@/lib/jobs/image-inputs";
import { ledgerGuard, LimitExceededError, type LimitFailure } from "@/lib/limits/service";
import type { ProviderId } from "@/lib/providers/types";
import { cellKeyIn, cellKeys, distinctHosts, isSingleModel, pairKey, type ComparisonCell } from "./cells";
import { comparisonCells, toComparisonDto } from "./dto";
import { mapSharedParams } from "./shared-params";
import type { ComparisonDto } from "./types";
import { parseInput } from "@/lib/validation/input";

/** The verbs of comparisons: one prompt on many hosts and seeds, shared by the actions and the API. */

export const MAX_SEEDS = 8;

const seedsField = z
  .array(z.number().int().min(0).max(SEED_MAX), { error: `seeds must be whole numbers from 0 to ${SEED_MAX}` })
  .min(1)
  .max(MAX_SEEDS, { error: `At most ${MAX_SEEDS} seeds` })
  .refine((list) => new Set(list).size === list.length, { error: "Each seed may appear once" })
  .optional();

/** What both forms share: the seeds, the shared parameters and the run's options. */
const runFields = {
  seeds: seedsField,
  params: z.record(z.string(), z.unknown(), { error: "params must be an object of the model's parameters" }),
  blind: z.boolean().optional(),
  /** Required when the billable estimate is above COMPARE_CONFIRM_USD. */
  confirm: z.boolean().optional(),
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
  /** Opt-in per host row: the hosts its cells run on, in order, if that host fails with 429, 5xx or a timeout. */
  failover: z.record(z.string(), failoverSchema).optional(),
  /** Sandbox hosts only: a fault or latency per host, for tests and demos. */
  sandbox: z.partialRecord(providerIdSchema, z.object({ fault: z.string().max(200).optional(), latencyMs: z.number().int().min(0).max(600_000).optional() }).strict()).optional(),
};

/** One model on several hosts: the first form, kept as it was. */
export const createComparisonInput = z.object({
  model: modelIdSchema,
  providers: z
    .array(providerIdSchema)
    .min(1, { error: "Choose at least one host" })
    .refine((list) => new Set(list).size === list.length, { error: "Each host may appear once" }),
  ...runFields,
}).strict();
export type CreateComparisonInput = z.input<typeof createComparisonInput>;

/** Columns of a grid: 8 hosts of one model, or a few models on a few hosts each. */
export const MAX_CELLS = 12;

/** Columns as host × model cells, models free to vary. */
export const createCellsComparisonInput = z.object({
  cells: z
    .array(z.object({ model: modelIdSchema, provider: providerIdSchema }).strict(), { error: "cells must be a list of { model, provider }" })
    .min(1, { error: "Choose at least one cell" })
    .max(MAX_CELLS, { error: `At most ${MAX_CELLS} cells` })
    .superRefine((cells, ctx) => {
      const seen = new Set<string>();
      cells.forEach((cell, i) => {
        const key = pairKey(cell.provider, cell.model);
        if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i], message: `${cell.provider} with ${cell.model} is already a cell: each host × model may appear once` });
        seen.add(key);
      });
    }),
  ...runFields,
}).strict();
export type CreateCellsComparisonInput = z.input<typeof createCellsComparisonInput>;

export interface ComparisonEstimate {
  /** List price of every cell, sandbox hosts included. */
  totalUsd: number;
  /** What live hosts would bill: what the confirmation is about. */
  billableUsd: number;
  /** Per cell key: the host of a one-model comparison, `provider@model` across models. */
  perProvider: Record<string, number>;
  confirmAboveUsd: number;
}

/** A column as created: its model and host, and what of the shared parameters its model did not take. */
export interface CreatedCell extends ComparisonCell {
  key: string;
  warnings: string[];
}

export type CreateComparisonResult =
  | { ok: true; id: string; created: boolean; generations: { id: string; provider: string; model: ModelId; seed: number }[]; cells: CreatedCell[]; estimate: ComparisonEstimate }
  | { ok: false; message: string; issues: FieldIssue[]; needsConfirmation?: ComparisonEstimate; limit?: LimitFailure };

const shuffled = <T>(list: readonly T[]): T[] => {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

/** Either form as its cells, with the path that names each cell's host in an error. */
function readForm(raw: unknown) {
  const fields = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  if (!("cells" in fields)) {
    const input = parseInput(createComparisonInput, raw);
    if (!input.success) return invalid(toFieldIssues(input.error));
    const { model, providers, ...rest } = input.data;
    return { ok: true as const, run: rest, cells: providers.map((provider) => ({ model, provider })), hostPath: (i: number) => `providers.${i}` };
  }
  if ("model" in fields || "providers" in fields) return invalid([{ path: "cells", message: 'Send either "cells" or "model" with "providers", not both' }]);
  const input = parseInput(createCellsComparisonInput, raw);
  if (!input.success) return invalid(toFieldIssues(input.error));
  const { cells, ...rest } = input.data;
  return { ok: true as const, run: rest, cells, hostPath: (i: number) => `cells.${i}.provider` };
}

/**
 * Validates, prices and stores a comparison and all its cells (one generation per cell × seed)
 * before any host is called. The caller then runs every cell in the background.
 */
export async function createComparison(raw: unknown, userId: string, opts: { sourceId?: string } = {}): Promise<CreateComparisonResult> {
  const form = readForm(raw);
  if (!form.ok) return form;
  const { run, cells, hostPath } = form;
  const { blind = false, confirm = false, idempotencyKey } = run;
  const model = cells[0].model;
  const providers = distinctHosts(cells);
  const keys = cellKeys(cells);
  const issues: FieldIssue[] = [];
  // Each host with the key its cells will use: what is billable depends on it.
  const keyring = await keyringOf(userId);
  const connections = new Map<string, ProviderConnection>();
  for (const provider of providers) connections.set(provider, await keyring.connect(provider as ProviderId));
  for (const [i, cell] of cells.entries()) {
    const connection = connections.get(cell.provider)!;
    if (!connection.adapter.models.includes(cell.model)) issues.push({ path: hostPath(i), message: `${connection.adapter.name} does not serve ${cell.model}` });
    else if (connection.problem) issues.push({ path: hostPath(i), message: `${connection.adapter.name} is misconfigured: ${connection.problem}` });
  }
  // Checked here, before anything is stored, like every rule a cell would refuse.
  for (const provider of Object.keys(run.sandbox ?? {})) {
    const connection = connections.get(provider);
    if (!connection) issues.push({ path: `sandbox.${provider}`, message: `${provider} is not one of this comparison's hosts` });
    else if (!connection.sandbox) issues.push({ path: `sandbox.${provider}`, message: `sandbox options apply only to hosts in sandbox mode; ${provider} is live` });
  }
  for (const [host, list] of Object.entries(run.failover ?? {})) {
    if (!providers.includes(host)) issues.push({ path: `failover.${host}`, message: `${host} is not one of this comparison's hosts (${providers.join(", ")})` });
    else {
      // A host's failover serves every model it runs in this comparison.
      for (const hostModel of new Set(cells.filter((c) => c.provider === host).map((c) => c.model))) {
        issues.push(...(await failoverProblems(host, list, hostModel, keyring)).map((i) => ({ ...i, path: `failover.${host}.${i.path.split(".")[1]}` })));
      }
    }
  }
  if (issues.length) return invalid(issues);
  const mapped = mapSharedParams(cells.map((c) => c.model), run.params);
  if (!mapped.ok) return invalid(mapped.issues);
  // Each model's images (an image prompt, an input image) stored, or fetched for a URL, once for the
  // whole grid: every cell then refers to our copy.
  const given = Object.assign({}, ...[...mapped.byModel.values()].map((m) => imageInputFields(m.params))) as CanonicalParams;
  const stored = await storeUserImages(given, userId);
  if (!stored.ok) return stored;
  const storedImages = imageInputFields(stored.data);
  const withStoredImages = <P extends object>(params: P): P =>
    ({ ...params, ...Object.fromEntries(Object.entries(storedImages).filter(([field]) => field in params)) }) as P;
  const paramsOf = (m: ModelId) => withStoredImages(mapped.byModel.get(m)!.params);
  const seeds = run.seeds ?? [mapped.byModel.get(model)!.params.seed ?? randomInt(SEED_MAX)];

  const perProvider: Record<string, number> = {};
  let billableUsd = 0;
  for (const [i, cell] of cells.entries()) {
    const price = (await estimateRunCost(cell.provider as ProviderId, cell.model, paramsOf(cell.model))).estimatedUsd;
    perProvider[keys[i]] = roundUsd(price * seeds.length);
    if (!connections.get(cell.provider)!.sandbox) billableUsd += price * seeds.length;
  }
  const estimate: ComparisonEstimate = {
    totalUsd: roundUsd(Object.values(perProvider).reduce((a, b) => a + b, 0)),
    billableUsd: roundUsd(billableUsd),
    perProvider,
    confirmAboveUsd: env().COMPARE_CONFIRM_USD,
  };
  if (estimate.billableUsd > estimate.confirmAboveUsd && !confirm) {
    return {
      ...invalid([{ path: "confirm", message: `This comparison would bill about $${estimate.billableUsd.toFixed(2)}, above $${estimate.confirmAboveUsd.toFixed(2)}: send "confirm": true to run it` }]),
      needsConfirmation: estimate,
    };
  }

  const id = nanoid(16);
  const single = isSingleModel(cells);
  // One model: its full parameters, as always. Across models: the values the user set, each cell's
  // generation holding its own model's full parameters.
  const { seed: _seed, ...shared }: Record<string, unknown> = single ? paramsOf(model) : withStoredImages(mapped.shared);
  const comparisonRow: ComparisonInsert = {
    id,
    userId,
    model,
    params: shared as CanonicalParams,
    providers,
    cells,
    seeds,
    blind,
    blindOrder: Object.fromEntries(seeds.map((s) => [String(s), shuffled(keys)])),
    sourceId: opts.sourceId ?? null,
    inputFiles: storedInputFiles(stored.data),
    idempotencyKey: idempotencyKey ?? null,
    createdAt: new Date(),
  };
  // Every cell is built first, then stored with the comparison in one transaction (seed-major
  // order), after the budget and rate check: a refused comparison leaves nothing behind.
  const prepared = await Promise.all(
    seeds.flatMap((seed, row) =>
      cells.map(async ({ model: cellModel, provider }, column) => {
        // One model keeps the request's own values (as a single run would); across models, the mapped ones.
        const params = single ? { ...run.params, ...storedImages } : paramsOf(cellModel);
        const cell = await prepareGeneration(
          {
            model: cellModel,
            provider,
            params: { ...params, seed },
            ...(run.sandbox?.[provider as ProviderId] ? { sandbox: run.sandbox[provider as ProviderId] } : {}),
            ...(run.failover?.[provider] ? { failover: run.failover[provider] } : {}),
          },
          userId,
          // Distinct, ordered creation times keep the cells in grid order in every listing.
          { comparisonId: id, createdAt: new Date(comparisonRow.createdAt!.getTime() + row * cells.length + column), keyring, imagesStored: true, anonymous: blind },
        );
        if (cell.ok) cell.generation.warnings = [...mapped.byModel.get(cellModel)!.warnings, ...(cell.generation.warnings ?? [])];
        return { cell, provider, model: cellModel, seed };
      }),
    ),
  );
  // A cell refused here (e.g. a stored image prompt that is gone) refuses the whole comparison,
  // before anything is stored: a comparison is never left with missing cells.
  const refused = prepared.find((p) => !p.cell.ok);
  if (refused && !refused.cell.ok) return invalid(refused.cell.issues.map((issue) => ({ ...issue, message: `${refused.provider}: ${issue.message}` })));
  const built = prepared.flatMap((p) => (p.cell.ok ? [{ prepared: p.cell, provider: p.provider, model: p.model, seed: p.seed }] : []));
  const rows = built.map((c) => ({ generation: c.prepared.generation, tasks: c.prepared.tasks }));
  const createdCells = cells.map((c, i) => ({ ...c, key: keys[i], warnings: mapped.byModel.get(c.model)!.warnings }));
  let inserted;
  try {
    inserted = await insertComparison(comparisonRow, rows, ledgerGuard(userId, rows.map((r) => r.generation)));
  } catch (error) {
    if (error instanceof LimitExceededError) return limitFailure(error);
    throw error;
  }
  if (!inserted.created) {
    const replayed = await comparisonGenerations(inserted.comparison.id);
    const generations = replayed.rows.map((g) => ({ id: g.id, provider: g.provider, model: g.model, seed: g.params.seed ?? 0 }));
    return { ok: true, id: inserted.comparison.id, created: false, estimate, generations, cells: createdCells };
  }
  const generations = built.map((c) => ({ id: c.prepared.generation.id, provider: c.provider, model: c.model, seed: c.seed }));
  return { ok: true, id, created: true, estimate, generations, cells: createdCells };
}

export async function getComparisonDto(id: string, userId: string): Promise<ComparisonDto | null> {
  const row = await getComparisonRow(id, userId);
  if (!row) return null;
  const [cells, votes] = await Promise.all([comparisonGenerations(id), votesOf(id)]);
  return toComparisonDto(row, cells.rows, cells.images, votes);
}

export type VoteResult = { ok: true; comparison: ComparisonDto } | { ok: false; status: 400 | 404 | 409; message: string; issues?: FieldIssue[] };

export const voteInput = z.object({
  seed: z.number({ error: "seed is required: the row voted on" }).int(),
  /** The generation judged best; null for a tie. */
  winnerGenerationId: z.string().min(1).max(200).nullable(),
}).strict();

const rerunInput = z.object({ seeds: z.array(z.number().int()).optional(), confirm: z.boolean().optional(), blind: z.boolean().optional() }).strict();

/** Records a blind vote on one seed row: the best image among the row's finished images, or a tie. */
export async function voteOnComparison(id: string, raw: unknown, userId: string): Promise<VoteResult> {
  const input = parseInput(voteInput, raw);
  if (!input.success) return { ok: false, status: 400, message: "Invalid vote", issues: toFieldIssues(input.error) };
  const comparison = await getComparisonDto(id, userId);
  if (!comparison) return { ok: false, status: 404, message: `No comparison ${id}` };
  const { seed, winnerGenerationId } = input.data;
  if (!comparison.seeds.includes(seed)) return { ok: false, status: 400, message: `Seed ${seed} is not a row of this comparison`, issues: [{ path: "seed", message: `one of ${comparison.seeds.join(", ")}` }] };
  const row = comparison.generations.filter((g) => g.params.seed === seed);
  if (row.some((g) => g.status === "queued" || g.status === "running")) return { ok: false, status: 409, message: "Vote once every image of the row has ended" };
  const shown = row.filter((g) => g.status === "succeeded" && g.images.length > 0);
  if (shown.length < 2) return { ok: false, status: 409, message: "A vote needs at least two images in the row" };
  const winner = winnerGenerationId === null ? null : shown.find((g) => g.id === winnerGenerationId);
  if (winner === undefined) return { ok: false, status: 400, message: "The winner must be one of the row's images", issues: [{ path: "winnerGenerationId", message: "not an image of this row" }] };
  const stored = await insertVote({
    id: nanoid(16),
    comparisonId: id,
    userId,
    model: comparison.model,
    seed,
    // The cells that made the images, keyed by the host that served each: a cell that failed over
    // shows its failover host's work.
    candidates: [...new Set(shown.map((g) => cellKeyIn(comparison.cells, g.servedBy, g.model)))],
    winner: winner ? cellKeyIn(comparison.cells, winner.servedBy, winner.model) : null,
    sandbox: shown.some((g) => g.sandbox),
    createdAt: new Date(),
  });
  if (!stored) return { ok: false, status: 409, message: `Row ${seed} has a vote already` };
  return { ok: true, comparison: (await getComparisonDto(id, userId))! };
}

/** Runs the same comparison again with new seeds: a new comparison that points back at this one. */
export async function rerunComparison(id: string, raw: unknown, userId: string): Promise<CreateComparisonResult | null> {
  const source = await getComparisonRow(id, userId);
  if (!source) return null;
  const body = parseInput(rerunInput, raw ?? {});
  if (!body.success) return invalid(toFieldIssues(body.error));
  const seeds = body.data.seeds ?? source.seeds.map(() => randomInt(SEED_MAX));
  const cells = comparisonCells(source);
  // A one-model comparison reruns in the form it was made in, so its errors name the same fields.
  const columns = isSingleModel(cells) ? { model: source.model, providers: source.providers } : { cells };
  return createComparison(
    { ...columns, seeds, params: source.params, blind: body.data.blind ?? source.blind, confirm: body.data.confirm },
    userId,
    { sourceId: id },
  );
}
