"use client";

import type { ChangeEvent, ReactNode } from "react";
import type { ImageDto } from "@/lib/jobs/types";
import { PencilIcon, TrashIcon } from "@/components/ui/icons";
import { FavoriteToggle } from "./favorite-toggle";

/** What a card needs of the gallery to take part in focus, selection, favourites and delete. */
export interface TileControls {
  /** The grid's one tab stop (roving focus); its tile and its buttons are tabbable, no other's. */
  activeKey: string | null;
  selectedKeys: ReadonlySet<string>;
  onFocusTarget: (key: string) => void;
  onOpenImage: (imageId: string) => void;
  /** "Edit with Kontext" (absent where no host can edit). */
  onEditImage?: (image: ImageDto) => void;
  onToggleFavorite: (image: ImageDto) => void;
  onDelete: (key: string) => void;
  onSelect: (key: string, range: boolean) => void;
}

/**
 * Overlay buttons show on hover and focus; always while anything is selected, when they hold a state,
 * and on touch screens (no hover there).
 */
export const overlay = (shown: boolean) =>
  `absolute z-10 transition-opacity ${shown ? "opacity-100" : "opacity-0 group-hover/tile:opacity-100 group-focus-within/tile:opacity-100 pointer-coarse:opacity-100"}`;

export const overlayButton =
  "inline-flex size-7 items-center justify-center rounded-md bg-zinc-950/75 hover:bg-zinc-900 " +
  "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-amber-400";

/** The tick box and the delete button of a tile: an image, or a whole entry without images. */
function SelectAndDelete({ targetKey, label, controls, tabIndex }: { targetKey: string; label: string; controls: TileControls; tabIndex: number }) {
  const selected = controls.selectedKeys.has(targetKey);
  return (
    <>
      <input
        type="checkbox"
        data-testid="select-toggle"
        aria-label={`Select ${label}`}
        checked={selected}
        tabIndex={tabIndex}
        // React's change event for a checkbox is the click: it knows whether Shift was held.
        onChange={(event: ChangeEvent<HTMLInputElement>) => controls.onSelect(targetKey, (event.nativeEvent as MouseEvent).shiftKey === true)}
        className={`${overlay(selected || controls.selectedKeys.size > 0)} top-1.5 left-1.5 size-4 cursor-pointer accent-amber-400`}
      />
      <button
        type="button"
        data-testid="delete-target"
        aria-label={`Delete ${label} (Delete)`}
        title="Delete (Delete key)"
        tabIndex={tabIndex}
        onClick={() => controls.onDelete(targetKey)}
        className={`${overlay(false)} ${overlayButton} right-1 bottom-1 text-zinc-200 hover:text-red-300`}
      >
        <TrashIcon width={14} height={14} />
      </button>
    </>
  );
}

/** One thumbnail: opens the detail view; star, tick box and delete over it. */
export function ImageTile({
  image,
  targetKey,
  label,
  alt,
  eager,
  controls,
}: {
  image: ImageDto;
  targetKey: string;
  /** "image 2 of 4": what the buttons name. */
  label: string;
  alt: string;
  eager: boolean;
  controls: TileControls;
}) {
  const tabIndex = controls.activeKey === targetKey ? 0 : -1;
  const selected = controls.selectedKeys.has(targetKey);
  return (
    <div
      data-testid="image-tile"
      data-image-id={image.id}
      data-selected={selected || undefined}
      // Focus on any of its buttons (a click too) makes this tile the grid's tab stop.
      onFocus={() => controls.onFocusTarget(targetKey)}
      className={`group/tile relative min-h-0 overflow-hidden rounded-md bg-zinc-950/60 ${selected ? "ring-2 ring-amber-400" : ""}`}
    >
      <button
        type="button"
        data-target-key={targetKey}
        tabIndex={tabIndex}
        onClick={() => controls.onOpenImage(image.id)}
        aria-label={`Open ${label}${image.favorite ? " (favourite)" : ""}`}
        className="block size-full focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-amber-400"
      >
        <img
          data-testid="generation-image"
          src={image.thumbUrl}
          width={image.width}
          height={image.height}
          loading={eager ? "eager" : "lazy"}
          decoding="async"
          alt={alt}
          className="size-full object-contain"
        />
      </button>
      <FavoriteToggle
        favorite={image.favorite}
        tabIndex={tabIndex}
        onToggle={() => controls.onToggleFavorite(image)}
        className={`${overlay(image.favorite)} ${overlayButton} top-1 right-1`}
      />
      {controls.onEditImage ? (
        <button
          type="button"
          data-testid="edit-image"
          aria-label={`Edit ${label} with Kontext`}
          title="Edit with Kontext"
          tabIndex={tabIndex}
          onClick={() => controls.onEditImage?.(image)}
          className={`${overlay(false)} ${overlayButton} left-1 bottom-1 text-zinc-200 hover:text-amber-300`}
        >
          <PencilIcon width={14} height={14} />
        </button>
      ) : null}
      <SelectAndDelete targetKey={targetKey} label={label} controls={controls} tabIndex={tabIndex} />
    </div>
  );
}

/**
 * A whole entry as one tile (a failed run, a comparison): `children` is its media; the tick box and
 * delete sit over it unless it is still running.
 */
export function EntryTile({
  targetKey,
  label,
  controls,
  deletable,
  children,
}: {
  targetKey: string;
  label: string;
  controls: TileControls;
  deletable: boolean;
  children: (focus: { tabIndex: number; targetProps: Record<string, unknown> }) => ReactNode;
}) {
  const tabIndex = controls.activeKey === targetKey ? 0 : -1;
  const selected = controls.selectedKeys.has(targetKey);
  const targetProps = { "data-target-key": targetKey, tabIndex };
  return (
    <div
      data-selected={selected || undefined}
      onFocus={() => controls.onFocusTarget(targetKey)}
      className={`group/tile relative size-full min-h-0 rounded-md ${selected ? "ring-2 ring-amber-400" : ""}`}
    >
      {children({ tabIndex, targetProps })}
      {deletable ? <SelectAndDelete targetKey={targetKey} label={label} controls={controls} tabIndex={tabIndex} /> : null}
    </div>
  );
}
