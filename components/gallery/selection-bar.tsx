"use client";

import { Button } from "@/components/ui/button";
import { TrashIcon } from "@/components/ui/icons";

/** "3 selected · Delete · [ ] Include favourites · Clear", pinned to the bottom while a selection exists. */
export function SelectionBar({
  count,
  includeFavorites,
  onIncludeFavoritesChange,
  onDelete,
  onClear,
}: {
  count: number;
  includeFavorites: boolean;
  onIncludeFavoritesChange: (value: boolean) => void;
  onDelete: () => void;
  onClear: () => void;
}) {
  return (
    <div className="fixed inset-x-0 bottom-4 z-40 flex justify-center px-4">
      <div
        role="region"
        aria-label="Selection"
        data-testid="selection-bar"
        className="flex flex-wrap items-center gap-3 rounded-lg border border-amber-700/60 bg-zinc-900 px-3 py-2 text-sm shadow-lg shadow-black/50"
      >
        <span data-testid="selection-count" className="font-medium tabular-nums">
          {count} selected
        </span>
        <Button size="sm" variant="danger" data-testid="bulk-delete" onClick={onDelete}>
          <TrashIcon width={14} height={14} /> Delete
        </Button>
        <label className="flex items-center gap-1.5 text-xs text-zinc-300">
          <input
            type="checkbox"
            data-testid="include-favorites"
            checked={includeFavorites}
            onChange={(event) => onIncludeFavoritesChange(event.target.checked)}
            className="size-4 accent-red-500"
          />
          Include favourites
        </label>
        <Button size="sm" variant="ghost" data-testid="clear-selection" onClick={onClear} title="Clear the selection (Esc)">
          Clear
        </Button>
      </div>
    </div>
  );
}
