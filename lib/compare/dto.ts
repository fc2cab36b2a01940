import type { Comparison, Generation, ImageRow, Vote } from "@/lib/db/schema";
import { toGenerationDto } from "@/lib/jobs/dto";
import { withoutInapplicable } from "@/lib/models";
import type { GenerationDto } from "@/lib/jobs/types";
import { roundUsd } from "@/lib/pricing/price";
import type { ComparisonDto, ComparisonSummary } from "./types";
import { comparisonStatus, comparisonWallMs } from "./status";
import type { ComparisonCell } from "./cells";

export { comparisonStatus };

/** A comparison's columns; a row stored before cells had them is its model on each host. */
export function comparisonCells(row: Pick<Comparison, "cells" | "model" | "providers">): ComparisonCell[] {
  return row.cells?.length ? row.cells : row.providers.map((provider) => ({ model: row.model, provider }));
}

function costOf(cells: GenerationDto[]) {
  return {
    estimatedUsd: roundUsd(cells.reduce((sum, c) => sum + c.cost.estimatedUsd, 0)),
    billedUsd: roundUsd(cells.reduce((sum, c) => sum + (c.cost.billedUsd ?? 0), 0)),
  };
}

export function toComparisonDto(row: Comparison, cellRows: Generation[], imageRows: ImageRow[], voteRows: Vote[], options?: { includeDeleted?: boolean }): ComparisonDto {
  const generations = cellRows.map((g) => toGenerationDto(g, imageRows, options));
  const status = comparisonStatus(generations);
  return {
    id: row.id,
    status,
    model: row.model,
    params: withoutInapplicable({ ...row.params }) as unknown as Record<string, unknown>,
    providers: row.providers,
    cells: comparisonCells(row),
    seeds: row.seeds,
    blind: row.blind,
    blindOrder: row.blindOrder,
    sourceId: row.sourceId,
    createdAt: row.createdAt.toISOString(),
    generations,
    votes: voteRows.map((v) => ({ seed: v.seed, candidates: v.candidates, winner: v.winner, sandbox: v.sandbox, createdAt: v.createdAt.toISOString() })),
    cost: costOf(generations),
    wallMs: comparisonWallMs(row.createdAt.toISOString(), generations),
  };
}

export function toComparisonSummary(row: Comparison, cellRows: Generation[], imageRows: ImageRow[]): ComparisonSummary {
  const cells = cellRows.filter((g) => g.comparisonId === row.id).map((g) => toGenerationDto(g, imageRows));
  return {
    id: row.id,
    status: comparisonStatus(cells),
    model: row.model,
    prompt: row.params.prompt,
    providers: row.providers,
    columns: comparisonCells(row),
    seeds: row.seeds,
    blind: row.blind,
    createdAt: row.createdAt.toISOString(),
    cells: cells.length,
    images: cells.flatMap((c) => (c.images[0] ? [{ ...c.images[0], provider: c.provider, model: c.model, seed: (c.params.seed as number | undefined) ?? null }] : [])),
    cost: costOf(cells),
  };
}
