import type { HistoryEntry } from "@/lib/compare/types";
import type { HistoryTotals } from "@/lib/jobs/types";

/** `GET /api/v1/history`: one page of entries matching the filter, newest first. */
export interface HistoryPage {
  items: HistoryEntry[];
  nextCursor: string | null;
  /** For the whole filter (every page), not just this page; null when asked not to (`totals=0`). */
  totals: HistoryTotals | null;
}

/** One bucket of spend: a day, a host or a model. */
export interface SpendBucket {
  generations: number;
  images: number;
  estimatedUsd: number;
  billedUsd: number;
}

/** `GET /api/v1/history/spend`: spend of every generation (comparison cells included) matching the filter. */
export interface SpendReport {
  totals: SpendBucket;
  /** Days in the filter's time zone, oldest first; only days with runs. */
  byDay: (SpendBucket & { day: string })[];
  /** Most spent first. */
  byHost: (SpendBucket & { provider: string })[];
  byModel: (SpendBucket & { model: string })[];
  /** The time zone the days were counted in. */
  timeZone: string;
}

/** What a delete or a restore names. Cells of a comparison go with their comparison. */
export interface HistoryTargets {
  imageIds?: string[];
  generationIds?: string[];
  comparisonIds?: string[];
}

/** `POST /api/v1/history/delete`. */
export interface DeleteResult {
  /** What was deleted (hidden at once; removed for good when `undoUntil` passes). */
  deleted: Required<HistoryTargets>;
  /** Ids that are unknown, not yours, or already deleted. */
  missing: string[];
  /** Targets kept because they are (or hold) favourites and `includeFavorites` was not set. */
  skippedFavorites: number;
  /** Targets kept because they are still running: cancel them first. */
  skippedRunning: number;
  /** Until when `POST /api/v1/history/restore` with the same ids brings them back. */
  undoUntil: string;
}

/** `POST /api/v1/history/restore`. */
export interface RestoreResult {
  restored: Required<HistoryTargets>;
}
