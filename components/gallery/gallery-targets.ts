import type { HistoryEntry } from "@/lib/compare/types";
import type { HistoryTargets } from "@/lib/history/types";
import { isTerminal } from "@/lib/jobs/types";

/**
 * What keyboard focus, selection and delete point at: each image of a run, or a whole entry when it
 * has no images of its own to point at (a failed or running run, a comparison).
 */
export interface GalleryTarget {
  /** `image:<id>`, `generation:<id>` or `comparison:<id>`: one key space for focus and selection. */
  key: string;
  /** The entry (card) it belongs to, in history order. */
  entryIndex: number;
  /** Its position inside the card (the image's index in a batch; 0 for a whole entry). */
  slot: number;
  /** Running things cannot be deleted, so they cannot be selected either. */
  selectable: boolean;
}

export const imageTargetKey = (imageId: string) => `image:${imageId}`;
export const generationTargetKey = (generationId: string) => `generation:${generationId}`;
export const comparisonTargetKey = (comparisonId: string) => `comparison:${comparisonId}`;
/** The image a key points at, or null for a whole entry. */
export const imageIdOf = (key: string | null) => (key?.startsWith("image:") ? key.slice("image:".length) : null);

export function targetsOf(history: readonly HistoryEntry[]): GalleryTarget[] {
  const targets: GalleryTarget[] = [];
  history.forEach((entry, entryIndex) => {
    if (entry.kind === "comparison") {
      const c = entry.comparison;
      targets.push({ key: comparisonTargetKey(c.id), entryIndex, slot: 0, selectable: c.status !== "running" });
      return;
    }
    const g = entry.generation;
    if (g.images.length === 0) {
      targets.push({ key: generationTargetKey(g.id), entryIndex, slot: 0, selectable: isTerminal(g.status) });
      return;
    }
    g.images.forEach((image, slot) => targets.push({ key: imageTargetKey(image.id), entryIndex, slot, selectable: true }));
  });
  return targets;
}

const MOVES = ["previous", "next", "up", "down", "first", "last"] as const;
export type Move = (typeof MOVES)[number];
export const isMove = (command: string | null): command is Move => (MOVES as readonly (string | null)[]).includes(command);

/**
 * The target a key moves to from `from` (an index into `targets`) in a grid of `columns` cards:
 * previous/next walk the images in order, up/down go to the card in the same column one row away
 * (the same slot of it, or its last), first/last to the ends. Returns `from` when there is nowhere to go.
 */
export function moveTarget(targets: readonly GalleryTarget[], from: number, move: Move, columns: number): number {
  if (targets.length === 0) return -1;
  if (from < 0 || from >= targets.length) return 0;
  switch (move) {
    case "previous":
      return Math.max(0, from - 1);
    case "next":
      return Math.min(targets.length - 1, from + 1);
    case "first":
      return 0;
    case "last":
      return targets.length - 1;
  }
  const current = targets[from];
  const lastEntry = targets[targets.length - 1].entryIndex;
  let entry = current.entryIndex + (move === "down" ? columns : -columns);
  if (entry < 0) return from;
  if (entry > lastEntry) {
    // A short last row: go down to its last card, if there is a row below at all.
    const lastRow = Math.floor(lastEntry / columns);
    if (Math.floor(current.entryIndex / columns) >= lastRow) return from;
    entry = lastEntry;
  }
  let found = -1;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    if (t.entryIndex < entry) continue;
    if (t.entryIndex > entry) break;
    found = i;
    if (t.slot >= current.slot) break;
  }
  return found === -1 ? from : found;
}

/** Selection keys as what the delete and restore actions take. */
export function toHistoryTargets(keys: Iterable<string>): Required<HistoryTargets> {
  const out: Required<HistoryTargets> = { imageIds: [], generationIds: [], comparisonIds: [] };
  for (const key of keys) {
    const at = key.indexOf(":");
    const kind = key.slice(0, at);
    const id = key.slice(at + 1);
    if (kind === "image") out.imageIds.push(id);
    else if (kind === "generation") out.generationIds.push(id);
    else if (kind === "comparison") out.comparisonIds.push(id);
  }
  return out;
}
