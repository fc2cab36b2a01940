"use client";

import { useLayoutEffect, useRef, useState } from "react";
import { gridLayout, rowCountFor, visibleRows, type GridLayout, type RowRange } from "./grid-geometry";

const NO_ROWS: RowRange = { first: 0, last: -1 };

/**
 * Window-scrolled virtualisation of a grid: measures the grid's width (columns, row height) and
 * which rows meet the viewport. The page scrolls, not the grid: the gallery sits under the form on
 * `/` and is the page on `/history`.
 */
export function useWindowRows(itemCount: number, overscan: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [range, setRange] = useState<RowRange>(NO_ROWS);
  const layout: GridLayout = gridLayout(width);
  const rowCount = rowCountFor(itemCount, layout.columns);

  // Before paint, so the first frame already has the right columns.
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.getBoundingClientRect().width);
    const observer = new ResizeObserver(([entry]) => setWidth(entry.contentRect.width));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || width === 0) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      const viewTop = -element.getBoundingClientRect().top;
      const next = visibleRows(viewTop, window.innerHeight, layout.rowHeight, rowCount, overscan);
      setRange((current) => (current.first === next.first && current.last === next.last ? current : next));
    };
    // One measurement per frame however many scroll events arrive.
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    update();
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    // Content above the grid (a notice, the form on small screens) can move it without a scroll.
    const observer = new ResizeObserver(schedule);
    observer.observe(document.body);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", schedule);
      window.removeEventListener("resize", schedule);
      observer.disconnect();
    };
  }, [width, layout.rowHeight, rowCount, overscan]);

  return { ref, layout, rowCount, range: width === 0 ? NO_ROWS : range };
}
