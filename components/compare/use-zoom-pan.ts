"use client";

import { useCallback, useEffect, useRef, useState, type CSSProperties, type PointerEvent } from "react";

export interface View {
  scale: number;
  x: number;
  y: number;
}

const IDENTITY: View = { scale: 1, x: 0, y: 0 };
const MIN_SCALE = 1;
const MAX_SCALE = 8;
const BUTTON_FACTOR = 1.5;

type Size = { width: number; height: number };

/** Content never leaves its pane: at scale s it may move by (s - 1) × the pane's size. */
function clamp(view: View, pane: Size): View {
  if (view.scale <= MIN_SCALE) return IDENTITY;
  return {
    scale: view.scale,
    x: Math.min(0, Math.max(pane.width * (1 - view.scale), view.x)),
    y: Math.min(0, Math.max(pane.height * (1 - view.scale), view.y)),
  };
}

/** Zooms to `scale` keeping the point `at` (pane coordinates) where it is on screen. */
function zoomAt(view: View, scale: number, at: { x: number; y: number }, pane: Size): View {
  const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
  const ratio = next / view.scale;
  return clamp({ scale: next, x: at.x - (at.x - view.x) * ratio, y: at.y - (at.y - view.y) * ratio }, pane);
}

const paneOf = (target: EventTarget | null) => (target instanceof Element ? target.closest<HTMLElement>("[data-zoom-pane]") : null);

/**
 * One zoom and pan for every pane in a container (data-zoom-pane, all the same size): side by
 * side, the two images move as one. Wheel zooms at the cursor, drag pans, double-click resets.
 */
export function useZoomPan() {
  const [view, setView] = useState<View>(IDENTITY);
  const [container, setContainer] = useState<HTMLElement | null>(null);
  const drag = useRef<{ pointerId: number; pane: Size } | null>(null);

  // React's wheel listener is passive: the page would scroll as well as zoom.
  useEffect(() => {
    if (!container) return;
    const onWheel = (event: WheelEvent) => {
      const pane = paneOf(event.target);
      if (!pane) return;
      event.preventDefault();
      const rect = pane.getBoundingClientRect();
      const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015));
      setView((v) => zoomAt(v, v.scale * factor, { x: event.clientX - rect.left, y: event.clientY - rect.top }, rect));
    };
    container.addEventListener("wheel", onWheel, { passive: false });
    return () => container.removeEventListener("wheel", onWheel);
  }, [container]);

  const zoomBy = useCallback(
    (factor: number) => {
      const pane = container?.querySelector<HTMLElement>("[data-zoom-pane]")?.getBoundingClientRect();
      if (!pane) return;
      setView((v) => zoomAt(v, v.scale * factor, { x: pane.width / 2, y: pane.height / 2 }, pane));
    },
    [container],
  );

  const zoomIn = useCallback(() => zoomBy(BUTTON_FACTOR), [zoomBy]);
  const zoomOut = useCallback(() => zoomBy(1 / BUTTON_FACTOR), [zoomBy]);
  const reset = useCallback(() => setView(IDENTITY), []);

  const panHandlers = {
    onPointerDown: (event: PointerEvent<HTMLElement>) => {
      const pane = paneOf(event.target);
      if (!pane || event.button !== 0 || (event.target as Element).closest("[data-no-pan]")) return;
      drag.current = { pointerId: event.pointerId, pane: pane.getBoundingClientRect() };
      event.currentTarget.setPointerCapture(event.pointerId);
    },
    onPointerMove: (event: PointerEvent<HTMLElement>) => {
      const current = drag.current;
      if (!current || current.pointerId !== event.pointerId) return;
      setView((v) => (v.scale === 1 ? v : clamp({ ...v, x: v.x + event.movementX, y: v.y + event.movementY }, current.pane)));
    },
    onPointerUp: (event: PointerEvent<HTMLElement>) => {
      if (drag.current?.pointerId === event.pointerId) drag.current = null;
    },
    onPointerCancel: () => {
      drag.current = null;
    },
    onDoubleClick: () => setView(IDENTITY),
  };

  const transform: CSSProperties = {
    transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})`,
    transformOrigin: "0 0",
  };

  return {
    view,
    transform,
    containerRef: setContainer,
    panHandlers,
    zoomIn,
    zoomOut,
    reset,
  };
}

export type ZoomPan = ReturnType<typeof useZoomPan>;
