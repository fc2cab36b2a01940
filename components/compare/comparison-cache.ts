import type { QueryClient } from "@tanstack/react-query";
import type { ModelId } from "@/lib/models";
import type { ComparisonDto, ComparisonSummary, LeaderboardDto, LeaderboardSource } from "@/lib/compare/types";
import type { GenerationDto } from "@/lib/jobs/types";
import { comparisonStatus } from "@/lib/compare/status";
import { roundUsd } from "@/lib/pricing/price";
import { getJson, newer, writeComparisonToHistory } from "@/components/gallery/generation-cache";

export const comparisonKey = (id: string) => ["comparisons", "one", id] as const;
// A prefix of the sourced key: invalidating ["leaderboard", model] refreshes both sources.
export const leaderboardKey = (model: ModelId | "all", source?: LeaderboardSource) => (source ? (["leaderboard", model, source] as const) : (["leaderboard", model] as const));

export function fetchComparison(id: string, signal?: AbortSignal): Promise<ComparisonDto> {
  return getJson<ComparisonDto>(`/api/v1/comparisons/${encodeURIComponent(id)}`, signal);
}

export function fetchLeaderboard(model: ModelId | "all", source: LeaderboardSource, signal?: AbortSignal): Promise<LeaderboardDto> {
  return getJson<LeaderboardDto>(`/api/v1/leaderboard?${new URLSearchParams({ model, source })}`, signal);
}

export { comparisonStatus };

export const cellSeed = (cell: GenerationDto): number | null => (typeof cell.params.seed === "number" ? cell.params.seed : null);

/** A cell's new state folded into its comparison: status and cost follow; wall time waits for the refetch. */
export function withCell(dto: ComparisonDto, cell: GenerationDto): ComparisonDto {
  const index = dto.generations.findIndex((g) => g.id === cell.id);
  if (index === -1) return dto;
  const current = dto.generations[index];
  const next = newer(current, cell);
  if (next === current) return dto;
  const generations = dto.generations.slice();
  generations[index] = next;
  return {
    ...dto,
    generations,
    status: comparisonStatus(generations),
    cost: {
      estimatedUsd: roundUsd(generations.reduce((sum, g) => sum + g.cost.estimatedUsd, 0)),
      billedUsd: roundUsd(generations.reduce((sum, g) => sum + (g.cost.billedUsd ?? 0), 0)),
    },
  };
}

/** The history card's view of a comparison, as lib/compare/dto builds it on the server. */
export function summaryOf(dto: ComparisonDto): ComparisonSummary {
  return {
    id: dto.id,
    status: dto.status,
    model: dto.model,
    prompt: typeof dto.params.prompt === "string" ? dto.params.prompt : "",
    providers: dto.providers,
    columns: dto.cells,
    seeds: dto.seeds,
    blind: dto.blind,
    createdAt: dto.createdAt,
    cells: dto.generations.length,
    images: dto.generations.flatMap((g) => (g.images[0] ? [{ ...g.images[0], provider: g.provider, model: g.model, seed: cellSeed(g) }] : [])),
    cost: dto.cost,
  };
}

/** Writes a comparison everywhere the UI reads it: its own query and its history entry. */
export function writeComparison(client: QueryClient, dto: ComparisonDto) {
  client.setQueryData<ComparisonDto>(comparisonKey(dto.id), dto);
  writeComparisonToHistory(client, summaryOf(dto));
}

/** Folds one cell into its cached comparison; returns the result (undefined when nothing is cached). */
export function writeCell(client: QueryClient, comparisonId: string, cell: GenerationDto): ComparisonDto | undefined {
  const current = client.getQueryData<ComparisonDto>(comparisonKey(comparisonId));
  if (!current) return undefined;
  const next = withCell(current, cell);
  if (next !== current) writeComparison(client, next);
  return next;
}
