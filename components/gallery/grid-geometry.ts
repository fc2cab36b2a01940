/**
 * The gallery's grid as numbers: every card has the same height for a given width, so the position
 * of row n is known without rendering rows 0..n-1 (no layout jumps while scrolling or loading).
 */

export const GRID_GAP_PX = 16;
const MIN_TILE_WIDTH_PX = 280;
const MAX_COLUMNS = 3;
/** The media area (thumbnails, placeholders or a failed run's reason) is square. */
const MEDIA_RATIO = 1;
/** Card padding (p-3) plus border, on each side. */
const CARD_INSET_PX = 13;
/** Between the media area and the text under it (gap-2). */
const CARD_INNER_GAP_PX = 8;
/** The text under the media: badge line, model and host (up to 2 lines), 2 prompt lines, 5 facts, 1 warning line; clipped, never grown. */
export const CARD_META_PX = 228;

export interface GridLayout {
  columns: number;
  tileWidth: number;
  /** A card's height; every card in every row. */
  tileHeight: number;
  /** A card plus the gap under it: the distance between two rows' tops. */
  rowHeight: number;
}

/** 1, 2 or 3 columns, as many as fit at MIN_TILE_WIDTH_PX. */
export function columnsFor(width: number): number {
  const fit = Math.floor((width + GRID_GAP_PX) / (MIN_TILE_WIDTH_PX + GRID_GAP_PX));
  return Math.min(MAX_COLUMNS, Math.max(1, fit));
}

export function gridLayout(width: number): GridLayout {
  const columns = columnsFor(width);
  const tileWidth = Math.max(0, (width - GRID_GAP_PX * (columns - 1)) / columns);
  const mediaHeight = Math.round(Math.max(0, tileWidth - 2 * CARD_INSET_PX) * MEDIA_RATIO);
  const tileHeight = mediaHeight + CARD_INNER_GAP_PX + CARD_META_PX + 2 * CARD_INSET_PX;
  return { columns, tileWidth, tileHeight, rowHeight: tileHeight + GRID_GAP_PX };
}

export const rowCountFor = (items: number, columns: number) => Math.ceil(items / Math.max(1, columns));

/** The grid's height: rows and the gaps between them (none after the last). */
export const gridHeight = (rows: number, layout: GridLayout) => (rows === 0 ? 0 : rows * layout.rowHeight - GRID_GAP_PX);

export interface RowRange {
  /** First row to render, inclusive. */
  first: number;
  /** Last row to render, inclusive; below `first` when there is none. */
  last: number;
}

/**
 * Rows that meet the viewport, plus `overscan` rows on each side; none (`last` < `first`) while the
 * grid is further than that from the viewport. `viewTop` is the viewport's top measured from the
 * grid's top (negative while the grid is still below the fold).
 */
export function visibleRows(viewTop: number, viewHeight: number, rowHeight: number, rowCount: number, overscan: number): RowRange {
  if (rowHeight <= 0) return { first: 0, last: -1 };
  return {
    first: Math.max(0, Math.floor(viewTop / rowHeight) - overscan),
    last: Math.min(rowCount - 1, Math.floor((viewTop + Math.max(0, viewHeight)) / rowHeight) + overscan),
  };
}

/** The range's rows and `pinned` ones (the focused tile's, live runs'), in order, once each. */
export function rowsToRender(range: RowRange, pinned: Iterable<number>, rowCount: number): number[] {
  const rows = new Set<number>();
  for (let row = range.first; row <= range.last; row++) rows.add(row);
  for (const row of pinned) if (row >= 0 && row < rowCount) rows.add(row);
  return [...rows].sort((a, b) => a - b);
}

/** Whether the rendered range reaches within `margin` rows of the end: time to fetch the next page. */
export const nearEnd = (range: RowRange, rowCount: number, margin: number) => rowCount === 0 || range.last >= rowCount - 1 - margin;
