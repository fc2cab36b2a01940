import type { HistoryEntry } from "@/lib/compare/types";
import type { HistoryTargets } from "@/lib/history/types";
import type { ImageDto } from "@/lib/jobs/types";
import type { HistoryData } from "./generation-cache";

/**
 * Optimistic edits of a cached history view: what the screen shows between a click and the
 * server's answer. Pure, so every view (and the tests) apply the same rule.
 */

function mapEntries(data: HistoryData, edit: (entry: HistoryEntry) => HistoryEntry | null): HistoryData {
  let changed = false;
  const pages = data.pages.map((page) => {
    const items: HistoryEntry[] = [];
    for (const item of page.items) {
      const next = edit(item);
      if (next !== item) changed = true;
      if (next) items.push(next);
    }
    return items.length === page.items.length && items.every((item, i) => item === page.items[i]) ? page : { ...page, items };
  });
  return changed ? { ...data, pages } : data;
}

/** A run (or a comparison's card) with one image starred or not; the same object when nothing changes. */
export function setFavoriteIn<T extends { images: Pick<ImageDto, "id" | "favorite">[] }>(owner: T, imageId: string, favorite: boolean): T {
  if (!owner.images.some((image) => image.id === imageId && image.favorite !== favorite)) return owner;
  return { ...owner, images: owner.images.map((image) => (image.id === imageId ? { ...image, favorite } : image)) };
}

/** Marks one image (of a run or shown on a comparison's card) as a favourite or not. */
export function withFavorite(data: HistoryData, imageId: string, favorite: boolean): HistoryData {
  return mapEntries(data, (entry) => {
    if (entry.kind === "generation") {
      const generation = setFavoriteIn(entry.generation, imageId, favorite);
      return generation === entry.generation ? entry : { kind: "generation", generation };
    }
    const comparison = setFavoriteIn(entry.comparison, imageId, favorite);
    return comparison === entry.comparison ? entry : { kind: "comparison", comparison };
  });
}

const isFavorite = (image: Pick<ImageDto, "favorite">) => image.favorite === true;

/**
 * Hides what a delete names. Without `includeFavorites` the favourites stay, as the server keeps
 * them: a favourite image, and a run or comparison holding one. A run whose images all go goes too.
 */
export function withoutTargets(data: HistoryData, targets: HistoryTargets, { includeFavorites = false } = {}): HistoryData {
  const images = new Set(targets.imageIds ?? []);
  const generations = new Set(targets.generationIds ?? []);
  const comparisons = new Set(targets.comparisonIds ?? []);
  const spared = (list: Pick<ImageDto, "favorite">[]) => !includeFavorites && list.some(isFavorite);
  return mapEntries(data, (entry) => {
    if (entry.kind === "comparison") {
      return comparisons.has(entry.comparison.id) && !spared(entry.comparison.images) ? null : entry;
    }
    const g = entry.generation;
    if (generations.has(g.id)) return spared(g.images) ? entry : null;
    const kept = g.images.filter((image) => !images.has(image.id) || (!includeFavorites && isFavorite(image)));
    if (kept.length === g.images.length) return entry;
    return kept.length === 0 ? null : { kind: "generation", generation: { ...g, images: kept } };
  });
}
