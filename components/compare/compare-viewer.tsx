"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Button, Chip } from "@/components/ui/button";
import { CloseIcon } from "@/components/ui/icons";
import { selectClass } from "@/components/ui/input-styles";
import { step, type Direction, type GridRow } from "./grid-layout";
import { useZoomPan } from "./use-zoom-pan";
import { ViewerStage, type ViewerItem, type ViewerMode } from "./viewer-stage";

const MODES: { mode: ViewerMode; label: string }[] = [
  { mode: "side", label: "Side by side" },
  { mode: "slider", label: "Slider" },
  { mode: "flip", label: "Flip" },
];

const ARROWS: Record<string, Direction> = { ArrowLeft: "left", ArrowRight: "right", ArrowUp: "up", ArrowDown: "down" };

const typing = (target: EventTarget | null) =>
  target instanceof Element && Boolean(target.closest("input, textarea, select, dialog, [contenteditable=true], [role=slider]"));

/**
 * Two images of the grid, closely: side by side, slider or flip, under one zoom and pan. Docked
 * under the grid rather than modal, so a click on another cell picks the image to compare with.
 */
export function CompareViewer({
  rows,
  items,
  a,
  b,
  onChange,
  onClose,
}: {
  rows: GridRow[];
  items: ViewerItem[];
  a: string;
  b: string | null;
  onChange: (picks: { a: string; b: string | null }) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLElement>(null);
  const [mode, setMode] = useState<ViewerMode>("side");
  const [flipped, setFlipped] = useState(false);
  const [native, setNative] = useState(false);
  const [cssFull, setCssFull] = useState(false);
  const zoom = useZoomPan();
  const { reset, zoomIn, zoomOut } = zoom;
  const itemA = items.find((i) => i.id === a);
  const itemB = b ? (items.find((i) => i.id === b) ?? null) : null;
  const full = native || cssFull;

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.focus({ preventScroll: true });
    const onFullscreenChange = () => setNative(document.fullscreenElement === element);
    document.addEventListener("fullscreenchange", onFullscreenChange);
    return () => {
      document.removeEventListener("fullscreenchange", onFullscreenChange);
      if (document.fullscreenElement === element) void document.exitFullscreen().catch(() => {});
    };
  }, []);

  // Pan offsets are in pixels of the old pane size.
  useEffect(() => reset(), [full, mode, reset]);

  const toggleFullscreen = useCallback(() => {
    const element = ref.current;
    if (!element) return;
    if (document.fullscreenElement === element) return void document.exitFullscreen().catch(() => {});
    if (cssFull) return setCssFull(false);
    // Without the Fullscreen API (iOS Safari, some embeds) the panel covers the window instead.
    if (typeof element.requestFullscreen !== "function") return setCssFull(true);
    element.requestFullscreen().catch(() => setCssFull(true));
  }, [cssFull]);

  // Arrows move image 2 when there is one (image 1 stays the reference), else image 1.
  const move = useCallback(
    (direction: Direction) => {
      const moving = b ?? a;
      const other = b ? a : null;
      let next = step(rows, moving, direction);
      if (next !== null && next === other) next = step(rows, next, direction);
      if (next === null) return;
      onChange(b ? { a, b: next } : { a: next, b: null });
    },
    [a, b, rows, onChange],
  );

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      const direction = ARROWS[event.key];
      if (direction) {
        event.preventDefault();
        move(direction);
      } else if (event.key === "Escape") {
        event.preventDefault();
        if (cssFull) setCssFull(false);
        else onClose();
      } else if (event.key === " " && b && mode === "flip") {
        event.preventDefault();
        setFlipped((f) => !f);
      } else if (event.key === "+" || event.key === "=") zoomIn();
      else if (event.key === "-") zoomOut();
      else if (event.key === "0") reset();
      else if (event.key === "f") toggleFullscreen();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [move, onClose, cssFull, b, mode, zoomIn, zoomOut, reset, toggleFullscreen]);

  if (!itemA) return null;
  const option = (item: ViewerItem) => (
    <option key={item.id} value={item.id}>
      {item.label} · seed {item.seed}
    </option>
  );

  return (
    <section
      ref={ref}
      tabIndex={-1}
      role="dialog"
      aria-modal="false"
      aria-label="Compare images"
      data-testid="compare-viewer"
      data-fullscreen={full ? (native ? "native" : "css") : "off"}
      className={`fixed z-40 flex flex-col border-zinc-700 bg-zinc-950 shadow-2xl outline-none ${
        full ? "inset-0" : "inset-x-0 bottom-0 h-[62vh] border-t"
      }`}
    >
      {/* Controls keep their words on one line: the bar wraps between them, never inside one. */}
      <div data-testid="viewer-toolbar" className="flex flex-wrap items-center gap-2 border-b border-zinc-800 px-3 py-2 text-xs [&_button]:whitespace-nowrap [&_label]:whitespace-nowrap">
        <div role="group" aria-label="Mode" className="flex gap-1">
          {MODES.map(({ mode: m, label }) => (
            <Chip key={m} pressed={mode === m} data-testid={`viewer-mode-${m}`} onClick={() => setMode(m)}>
              {label}
            </Chip>
          ))}
        </div>
        <label className="flex min-w-0 items-center gap-1 text-zinc-400">
          Image 1
          <select data-testid="viewer-pick-a" value={a} onChange={(e) => onChange({ a: e.target.value, b: b === e.target.value ? null : b })} className={`${selectClass} h-7 w-auto max-w-[14rem] min-w-0 py-0 text-xs`}>
            {items.map(option)}
          </select>
        </label>
        <label className="flex min-w-0 items-center gap-1 text-zinc-400">
          Compare with
          <select data-testid="viewer-compare-with" value={b ?? ""} onChange={(e) => onChange({ a, b: e.target.value || null })} className={`${selectClass} h-7 w-auto max-w-[14rem] min-w-0 py-0 text-xs`}>
            <option value="">— pick, or click a cell —</option>
            {items.filter((i) => i.id !== a).map(option)}
          </select>
        </label>
        <Button size="sm" data-testid="viewer-swap" disabled={!b} onClick={() => b && onChange({ a: b, b: a })}>
          Swap
        </Button>
        <div role="group" aria-label="Zoom" className="flex items-center gap-1">
          <Button size="sm" aria-label="Zoom out (−)" data-testid="viewer-zoom-out" onClick={zoom.zoomOut}>
            −
          </Button>
          <span data-testid="viewer-zoom" className="w-10 text-center tabular-nums text-zinc-300">
            {Math.round(zoom.view.scale * 100)}%
          </span>
          <Button size="sm" aria-label="Zoom in (+)" data-testid="viewer-zoom-in" onClick={zoom.zoomIn}>
            +
          </Button>
          <Button size="sm" variant="ghost" data-testid="viewer-zoom-reset" onClick={zoom.reset}>
            Fit
          </Button>
        </div>
        <Button size="sm" data-testid="viewer-fullscreen" aria-pressed={full} onClick={toggleFullscreen}>
          {full ? "Exit full screen" : "Full screen"}
        </Button>
        <Button size="sm" variant="ghost" aria-label="Close viewer (Esc)" data-testid="viewer-close" className="ml-auto" onClick={onClose}>
          <CloseIcon />
        </Button>
      </div>

      <div className="min-h-0 flex-1 p-2">
        <ViewerStage mode={mode} a={itemA} b={itemB} zoom={zoom} flipped={flipped} />
      </div>

      <p className="border-t border-zinc-800 px-3 py-1.5 text-[11px] text-zinc-400">
        {itemB ? null : <span className="text-amber-300">Tap or click another cell, or pick one above, to compare. </span>}
        {/* Keys mean nothing on a touch screen. */}
        <span data-testid="viewer-key-hints" className="[@media(hover:none)_and_(pointer:coarse)]:hidden">
          ← → hosts · ↑ ↓ seeds{itemB ? " (moves image 2)" : ""} · wheel or + − to zoom, drag to pan, double-click to fit · Space flips · F full screen · Esc closes
        </span>
      </p>
    </section>
  );
}
