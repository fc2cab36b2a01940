import type { HistoryEntry } from "@/lib/compare/types";
import { isTerminal } from "@/lib/jobs/types";
import { entryKey, type HistoryPage } from "./generation-cache";
import type { ImageEntry } from "./image-entry";

/** The loaded pages as one list, each entry once (a new run on top can push one onto the next page). */
export function historyOf(data: { pages: HistoryPage[] } | undefined): HistoryEntry[] {
  const seen = new Set<string>();
  const out: HistoryEntry[] = [];
  for (const page of data?.pages ?? []) {
    for (const item of page.items) {
      const key = entryKey(item);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(item);
    }
  }
  return out;
}

// The detail dialog pages through single runs; a comparison's images open in its grid.
export const entriesOf = (history: HistoryEntry[]): ImageEntry[] =>
  history.flatMap((entry) => (entry.kind === "generation" ? entry.generation.images.map((image) => ({ generation: entry.generation, image })) : []));

/** Still running: its card subscribes to updates, so it stays mounted wherever it is. */
export const isLive = (entry: HistoryEntry) => (entry.kind === "generation" ? !isTerminal(entry.generation.status) : entry.comparison.status === "running");
