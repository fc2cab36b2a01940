import { comparisonsByIds, generationsByIds, generationsOfComparisons, imagesOf } from "@/lib/db/queries";
import { toComparisonSummary } from "@/lib/compare/dto";
import type { HistoryEntry } from "@/lib/compare/types";
import { decodeCursor, toGenerationDto } from "@/lib/jobs/dto";
import { lineageOf } from "@/lib/jobs/lineage";
import { InvalidCursorError } from "@/lib/jobs/service";
import type { HistoryFilter } from "./filters";
import { historyTotals, listHistoryKeys, type HistoryKey } from "./query";
import type { HistoryPage } from "./types";

const encodeKey = (key: HistoryKey) => Buffer.from(JSON.stringify({ createdAt: key.createdAt, id: key.id })).toString("base64url");

/** The gallery's page: single runs and comparisons (one entry each) matching the filter, newest first. */
export async function listHistory(
  userId: string,
  { filter = {}, cursor = null, limit, withTotals = true }: { filter?: HistoryFilter; cursor?: string | null; limit: number; withTotals?: boolean },
): Promise<HistoryPage> {
  const decoded = cursor ? decodeCursor(cursor) : null;
  if (cursor && !decoded) throw new InvalidCursorError();
  // Totals walk every matching row: a gallery scrolling (or showing them from /spend) skips them.
  const [{ keys, hasMore }, totals] = await Promise.all([listHistoryKeys(userId, filter, decoded, limit), withTotals ? historyTotals(userId, filter) : null]);
  const generationIds = keys.filter((k) => k.kind === "generation").map((k) => k.id);
  const comparisonIds = keys.filter((k) => k.kind === "comparison").map((k) => k.id);
  const [singles, comparisons, cells] = await Promise.all([
    generationsByIds(generationIds),
    comparisonsByIds(comparisonIds),
    generationsOfComparisons(comparisonIds),
  ]);
  const [images, lineage] = await Promise.all([imagesOf([...singles, ...cells].map((g) => g.id)), lineageOf(singles, userId)]);
  const items = keys.flatMap((key): HistoryEntry[] => {
    if (key.kind === "generation") {
      const row = singles.find((g) => g.id === key.id);
      return row ? [{ kind: "generation", generation: toGenerationDto(row, images, { lineage }) }] : [];
    }
    const row = comparisons.find((c) => c.id === key.id);
    return row ? [{ kind: "comparison", comparison: toComparisonSummary(row, cells, images) }] : [];
  });
  const last = keys[keys.length - 1];
  return { items, nextCursor: hasMore && last ? encodeKey(last) : null, totals };
}
