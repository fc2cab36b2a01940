import { randomInt } from "node:crypto";
import { nanoid } from "nanoid";
import { z } from "zod";
import { env } from "@/lib/env";
import { comparisonGenerations, getComparisonRow, insertComparison, insertVote, votesOf, type ComparisonInsert } from "@/lib/db/queries";
import { imageInputFields, modelIdSchema, parseParams, toFieldIssues, type FieldIssue } from "@/lib/models";
import { SEED_MAX } from "@/lib/models/fields";
import { roundUsd } from "@/lib/pricing";
import { providerIdSchema, type ProviderConnection } from "@/lib/providers/registry";
import { keyringOf } from "@/lib/keys/service";
import { failoverProblems, failoverSchema, invalid, limitFailure, prepareGeneration, storeUserImages } from "@/lib/jobs/service";
import { estimateRunCost, storedInputFiles } from "@/lib/jobs/image-inputs";
import { ledgerGuard, LimitExceededError, type LimitFailure } from "@/lib/limits/service";
import { toComparisonDto } from "./dto";
import type { ComparisonDto } from "./types";
import { parseInput } from "@/lib/validation/input";

/** The verbs of comparisons: one prompt on many hosts and seeds, shared by the actions and the API. */

export const MAX_SEEDS = 8;

export const createComparisonInput = z.object({
  model: modelIdSchema,
  providers: z
    .array(providerIdSchema)
    .min(1, { error: "Choose at least one host" })
    .refine((list) => new Set(list).size === list.length, { error: "Each host may appear once" }),
  seeds: z
    .array(z.number().int().min(0).max(SEED_MAX), { error: `seeds must be whole numbers from 0 to ${SEED_MAX}` })
    .min(1)
    .max(MAX_SEEDS, { error: `At most ${MAX_SEEDS} seeds` })
    .refine((list) => new Set(list).size === list.length, { error: "Each seed may appear once" })
    .optional(),
  params: z.record(z.string(), z.unknown(), { error: "params must be an object of the model's parameters" }),
  blind: z.boolean().optional(),
  /** Required when the billable estimate is above COMPARE_CONFIRM_USD. */
  confirm: z.boolean().optional(),
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
  /** Opt-in per host row: the hosts its cells run on, in order, if that host fails with 429, 5xx or a timeout. */
  failover: z.record(z.string(), failoverSchema).optional(),
  /** Sandbox hosts only: a fault or latency per host, for tests and demos. */
  sandbox: z.partialRecord(providerIdSchema, z.object({ fault: z.string().max(200).optional(), latencyMs: z.number().int().min(0).max(600_000).optional() }).strict()).optional(),
}).strict();
export type CreateComparisonInput = z.input<typeof createComparisonInput>;

export interface ComparisonEstimate {
  /** List price of every cell, sandbox hosts included. */
  totalUsd: number;
  /** What live hosts would bill: what the confirmation is about. */
  billableUsd: number;
  perProvider: Record<string, number>;
  confirmAboveUsd: number;
}

export type CreateComparisonResult =
  | { ok: true; id: string; created: boolean; generations: { id: string; provider: string; seed: number }[]; estimate: ComparisonEstimate }
  | { ok: false; message: string; issues: FieldIssue[]; needsConfirmation?: ComparisonEstimate; limit?: LimitFailure };

const shuffled = <T>(list: readonly T[]): T[] => {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

/**
 * Validates, prices and stores a comparison and all its cells (one generation per host × seed)
 * before any host is called. The caller then runs every cell in the background.
 */
export async function createComparison(raw: unknown, userId: string, opts: { sourceId?: string } = {}): Promise<CreateComparisonResult> {
  const input = parseInput(createComparisonInput, raw);
  if (!input.success) return invalid(toFieldIssues(input.error));
  const { model, providers, blind = false, confirm = false, idempotencyKey } = input.data;
  const issues: FieldIssue[] = [];
  // Each host with the key its cells will use: what is billable depends on it.
  const keyring = await keyringOf(userId);
  const connections = new Map<string, ProviderConnection>();
  for (const [i, provider] of providers.entries()) {
    const connection = await keyring.connect(provider);
    connections.set(provider, connection);
    if (!connection.adapter.models.includes(model)) issues.push({ path: `providers.${i}`, message: `${connection.adapter.name} does not serve ${model}` });
    else if (connection.problem) issues.push({ path: `providers.${i}`, message: `${connection.adapter.name} is misconfigured: ${connection.problem}` });
  }
  // Checked here, before anything is stored, like every rule a cell would refuse.
  for (const provider of Object.keys(input.data.sandbox ?? {})) {
    const connection = connections.get(provider);
    if (!connection) issues.push({ path: `sandbox.${provider}`, message: `${provider} is not one of this comparison's hosts` });
    else if (!connection.sandbox) issues.push({ path: `sandbox.${provider}`, message: `sandbox options apply only to hosts in sandbox mode; ${provider} is live` });
  }
  for (const [host, list] of Object.entries(input.data.failover ?? {})) {
    if (!(providers as string[]).includes(host)) issues.push({ path: `failover.${host}`, message: `${host} is not one of this comparison's hosts (${providers.join(", ")})` });
    else issues.push(...(await failoverProblems(host, list, model, keyring)).map((i) => ({ ...i, path: `failover.${host}.${i.path.split(".")[1]}` })));
  }
  if (issues.length) return invalid(issues);
  const checked = parseParams(model, input.data.params);
  if (!checked.ok) return invalid(checked.issues);
  // Stored (or fetched, for a URL) once for the whole grid: every cell then refers to our copy.
  const parsed = await storeUserImages(checked.data, userId);
  if (!parsed.ok) return parsed;
  const seeds = input.data.seeds ?? [parsed.data.seed ?? randomInt(SEED_MAX)];

  const perProvider: Record<string, number> = {};
  let billableUsd = 0;
  for (const provider of providers) {
    const cell = (await estimateRunCost(provider, model, parsed.data)).estimatedUsd;
    perProvider[provider] = roundUsd(cell * seeds.length);
    if (!connections.get(provider)!.sandbox) billableUsd += cell * seeds.length;
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
  const { seed: _seed, ...shared } = parsed.data;
  const comparisonRow: ComparisonInsert = {
    id,
    userId,
    model,
    params: shared as typeof parsed.data,
    providers,
    seeds,
    blind,
    blindOrder: Object.fromEntries(seeds.map((s) => [String(s), shuffled(providers)])),
    sourceId: opts.sourceId ?? null,
    inputFiles: storedInputFiles(parsed.data),
    idempotencyKey: idempotencyKey ?? null,
    createdAt: new Date(),
  };
  // Every cell is built first, then stored with the comparison in one transaction (seed-major
  // order), after the budget and rate check: a refused comparison leaves nothing behind.
  const storedImages = imageInputFields(parsed.data);
  const prepared = await Promise.all(
    seeds.flatMap((seed, row) =>
      providers.map(async (provider, column) => {
        const cell = await prepareGeneration(
          {
            model,
            provider,
            params: { ...input.data.params, ...storedImages, seed },
            ...(input.data.sandbox?.[provider] ? { sandbox: input.data.sandbox[provider] } : {}),
            ...(input.data.failover?.[provider] ? { failover: input.data.failover[provider] } : {}),
          },
          userId,
          // Distinct, ordered creation times keep the cells in grid order in every listing.
          { comparisonId: id, createdAt: new Date(comparisonRow.createdAt!.getTime() + row * providers.length + column), keyring, imagesStored: true, anonymous: blind },
        );
        return { cell, provider, seed };
      }),
    ),
  );
  // A cell refused here (e.g. a stored image prompt that is gone) refuses the whole comparison,
  // before anything is stored: a comparison is never left with missing cells.
  const refused = prepared.find((p) => !p.cell.ok);
  if (refused && !refused.cell.ok) return invalid(refused.cell.issues.map((issue) => ({ ...issue, message: `${refused.provider}: ${issue.message}` })));
  const cells = prepared.flatMap((p) => (p.cell.ok ? [{ prepared: p.cell, provider: p.provider, seed: p.seed }] : []));
  const rows = cells.map((c) => ({ generation: c.prepared.generation, tasks: c.prepared.tasks }));
  let stored;
  try {
    stored = await insertComparison(comparisonRow, rows, ledgerGuard(userId, rows.map((r) => r.generation)));
  } catch (error) {
    if (error instanceof LimitExceededError) return limitFailure(error);
    throw error;
  }
  if (!stored.created) {
    const replayed = await comparisonGenerations(stored.comparison.id);
    return { ok: true, id: stored.comparison.id, created: false, estimate, generations: replayed.rows.map((g) => ({ id: g.id, provider: g.provider, seed: g.params.seed ?? 0 })) };
  }
  const generations = cells.map((c) => ({ id: c.prepared.generation.id, provider: c.provider, seed: c.seed }));
  return { ok: true, id, created: true, estimate, generations };
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
    // The hosts that made the images: a cell that failed over shows its failover host's work.
    candidates: [...new Set(shown.map((g) => g.servedBy))],
    winner: winner?.servedBy ?? null,
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
  return createComparison(
    { model: source.model, providers: source.providers, seeds, params: source.params, blind: body.data.blind ?? source.blind, confirm: body.data.confirm },
    userId,
    { sourceId: id },
  );
}
