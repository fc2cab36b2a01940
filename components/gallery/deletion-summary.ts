import type { DeleteResult, HistoryTargets } from "@/lib/history/types";

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The undo toast's sentence for a delete: what the user pointed at and is now gone ("Deleted 2 images
 * and 1 run"), then what was kept and why ("1 favourite kept").
 */
export function describeDeletion(requested: HistoryTargets, result: DeleteResult): string {
  const gone = (asked: string[] | undefined, deleted: string[]) => (asked ?? []).filter((id) => deleted.includes(id)).length;
  const parts = [
    [gone(requested.imageIds, result.deleted.imageIds), "image"],
    [gone(requested.generationIds, result.deleted.generationIds), "run"],
    [gone(requested.comparisonIds, result.deleted.comparisonIds), "comparison"],
  ]
    .filter(([n]) => Number(n) > 0)
    .map(([n, what]) => count(Number(n), String(what)));
  const head = parts.length === 0 ? "Nothing deleted" : `Deleted ${parts.join(" and ")}`;
  const kept = [
    result.skippedFavorites > 0 ? `${count(result.skippedFavorites, "favourite")} kept` : null,
    result.skippedRunning > 0 ? `${result.skippedRunning} still running, kept` : null,
  ].filter(Boolean);
  return [head, ...kept].join(" · ");
}
