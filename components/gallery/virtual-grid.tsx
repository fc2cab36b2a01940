"use client";

import { useEffect, type ReactNode } from "react";
import { GRID_GAP_PX, gridHeight, nearEnd, rowsToRender } from "./grid-geometry";
import { useWindowRows } from "./use-window-rows";

/** Rows rendered above and below the viewport, so a scroll or an arrow key lands on content. */
const OVERSCAN_ROWS = 2;
/** Ask for the next page this many rows before the last one comes into view. */
const PREFETCH_ROWS = 3;

/**
 * A grid of equal cards in which only the rows near the viewport (and `pinned` items' rows) are in
 * the DOM. Cards are positioned absolutely and keyed by item, so a card that moves (a new run on top
 * reflows every row) keeps its state instead of remounting.
 */
export function VirtualGrid<T>({
  items,
  itemKey,
  renderItem,
  pinned,
  complete,
  onNearEnd,
  label,
}: {
  items: readonly T[];
  itemKey: (item: T) => string;
  renderItem: (item: T, index: number, columns: number) => ReactNode;
  /** Indexes of items kept mounted wherever they are: the focused one, live runs (they subscribe to updates). */
  pinned: readonly number[];
  /** All items are loaded (sets the list's size for assistive technology). */
  complete: boolean;
  onNearEnd: () => void;
  label: string;
}) {
  const { ref, layout, rowCount, range } = useWindowRows(items.length, OVERSCAN_ROWS);
  const rows = rowsToRender(
    range,
    pinned.map((index) => Math.floor(index / layout.columns)),
    rowCount,
  );
  const close = range.last >= range.first && nearEnd(range, rowCount, PREFETCH_ROWS);

  useEffect(() => {
    if (close) onNearEnd();
  }, [close, onNearEnd, items.length]);

  return (
    <div ref={ref} role="list" aria-label={label} data-testid="gallery-grid" data-columns={layout.columns} className="relative" style={{ height: gridHeight(rowCount, layout) }}>
      {rows.flatMap((row) =>
        Array.from({ length: layout.columns }, (_, column) => {
          const index = row * layout.columns + column;
          if (index >= items.length) return null;
          const item = items[index];
          return (
            <div
              key={itemKey(item)}
              role="listitem"
              aria-posinset={index + 1}
              aria-setsize={complete ? items.length : -1}
              className="absolute"
              style={{
                top: row * layout.rowHeight,
                left: column * (layout.tileWidth + GRID_GAP_PX),
                width: layout.tileWidth,
                height: layout.tileHeight,
              }}
            >
              {renderItem(item, index, layout.columns)}
            </div>
          );
        }),
      )}
    </div>
  );
}
