"use client";

import { useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent, type ReactNode } from "react";
import type { ImageDto } from "@/lib/jobs/types";
import type { ZoomPan } from "./use-zoom-pan";

export interface ViewerItem {
  id: string;
  image: ImageDto;
  label: string;
  seed: number;
}

export type ViewerMode = "side" | "slider" | "flip";

const chip = "pointer-events-none absolute top-2 z-10 rounded bg-zinc-950/80 px-1.5 py-0.5 text-xs text-zinc-100";

/** An image under the shared zoom: every layer of every pane gets the same transform. */
function Layer({ item, transform, hidden = false }: { item: ViewerItem; transform: CSSProperties; hidden?: boolean }) {
  return (
    <div className="absolute inset-0" style={transform} aria-hidden={hidden || undefined}>
      <img
        src={item.image.url}
        width={item.image.width}
        height={item.image.height}
        alt={hidden ? "" : item.label}
        draggable={false}
        className="h-full w-full object-contain select-none"
      />
    </div>
  );
}

function Pane({ children, className = "", ...props }: { children: ReactNode; className?: string } & Record<`data-${string}`, string>) {
  return (
    <div data-zoom-pane="" className={`relative min-h-0 touch-none overflow-hidden bg-black/40 ${className}`} {...props}>
      {children}
    </div>
  );
}

function Slider({ a, b, transform }: { a: ViewerItem; b: ViewerItem; transform: CSSProperties }) {
  const [position, setPosition] = useState(50);
  const paneRef = useRef<HTMLDivElement>(null);
  const moveTo = (event: PointerEvent<HTMLElement>) => {
    const rect = paneRef.current?.getBoundingClientRect();
    if (rect && rect.width > 0) setPosition(Math.min(100, Math.max(0, ((event.clientX - rect.left) / rect.width) * 100)));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const delta = event.key === "ArrowLeft" ? -5 : event.key === "ArrowRight" ? 5 : 0;
    if (!delta) return;
    // The arrows move the divider here, not to another cell.
    event.preventDefault();
    event.stopPropagation();
    setPosition((p) => Math.min(100, Math.max(0, p + delta)));
  };

  return (
    <div ref={paneRef} className="relative h-full">
      <Pane className="h-full">
        <Layer item={b} transform={transform} />
        <div className="absolute inset-0" style={{ clipPath: `inset(0 ${100 - position}% 0 0)` }}>
          <Layer item={a} transform={transform} />
        </div>
        <span className={`${chip} left-2`}>1 · {a.label}</span>
        <span className={`${chip} right-2`}>2 · {b.label}</span>
        <div
          data-testid="viewer-slider"
          data-no-pan=""
          role="slider"
          tabIndex={0}
          aria-label="Divider: image 1 on the left, image 2 on the right"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(position)}
          onKeyDown={onKeyDown}
          onPointerDown={(event) => {
            event.currentTarget.setPointerCapture(event.pointerId);
            moveTo(event);
          }}
          onPointerMove={(event) => {
            if (event.currentTarget.hasPointerCapture(event.pointerId)) moveTo(event);
          }}
          className="absolute inset-y-0 z-20 -ml-3 flex w-6 cursor-ew-resize justify-center focus-visible:outline-2 focus-visible:outline-amber-400"
          style={{ left: `${position}%` }}
        >
          <span className="h-full w-0.5 bg-amber-400 shadow-[0_0_4px_rgba(0,0,0,0.8)]" />
          <span className="absolute top-1/2 -translate-y-1/2 rounded-full border border-amber-400 bg-zinc-950 px-1 text-[10px] text-amber-300">⇆</span>
        </div>
      </Pane>
    </div>
  );
}

function Flip({ a, b, transform, flipped }: { a: ViewerItem; b: ViewerItem; transform: CSSProperties; flipped: boolean }) {
  const [hover, setHover] = useState(false);
  const showB = hover || flipped;
  const shown = showB ? b : a;
  return (
    <Pane className="h-full" data-testid="viewer-flip" data-showing={showB ? "b" : "a"}>
      <div onPointerEnter={() => setHover(true)} onPointerLeave={() => setHover(false)} className="absolute inset-0">
        {/* Both stay loaded: flipping must be instant to be worth anything. */}
        <div className={showB ? "invisible" : undefined}>
          <Layer item={a} transform={transform} hidden={showB} />
        </div>
        <div className={showB ? undefined : "invisible"}>
          <Layer item={b} transform={transform} hidden={!showB} />
        </div>
      </div>
      <span className={`${chip} left-2`}>
        {showB ? "2" : "1"} · {shown.label}
      </span>
      <span className={`${chip} right-2 text-zinc-400`}>Hover or Space: {showB ? "back to 1" : "show 2"}</span>
    </Pane>
  );
}

/** The images as the mode shows them, under one zoom and pan. Without a second image, the first alone. */
export function ViewerStage({ mode, a, b, zoom, flipped }: { mode: ViewerMode; a: ViewerItem; b: ViewerItem | null; zoom: ZoomPan; flipped: boolean }) {
  // Taken apart: with `ref={zoom.containerRef}`, react-hooks/refs would take every field of `zoom` for a ref.
  const { containerRef, view, panHandlers, transform } = zoom;
  return (
    <div
      ref={containerRef}
      data-testid="viewer-stage"
      data-mode={mode}
      data-scale={view.scale.toFixed(2)}
      {...panHandlers}
      className={`h-full min-h-0 ${view.scale > 1 ? "cursor-grab active:cursor-grabbing" : "cursor-zoom-in"}`}
    >
      {b && mode === "slider" ? (
        <Slider a={a} b={b} transform={transform} />
      ) : b && mode === "flip" ? (
        <Flip a={a} b={b} transform={transform} flipped={flipped} />
      ) : (
        <div className={`grid h-full gap-2 ${b ? "grid-cols-2" : "grid-cols-1"}`}>
          {[a, ...(b ? [b] : [])].map((item, i) => (
            <Pane key={item.id} className="h-full" data-testid="viewer-pane" data-generation-id={item.id}>
              <Layer item={item} transform={transform} />
              <span className={`${chip} left-2`}>
                {i + 1} · {item.label}
              </span>
            </Pane>
          ))}
        </div>
      )}
    </div>
  );
}
