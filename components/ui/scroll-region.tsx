"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * A wide table's own sideways scroll: focusable and named for keyboards and screen readers, with a
 * visible cue and a fading edge while columns are hidden to the right. `relative` keeps absolutely
 * placed children (sr-only text) inside it, so they cannot widen the page.
 */
export function ScrollRegion({ label, children, className = "" }: { label: string; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [hiddenRight, setHiddenRight] = useState(false);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setHiddenRight(element.scrollLeft + element.clientWidth < element.scrollWidth - 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    element.addEventListener("scroll", measure, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener("scroll", measure);
    };
  }, []);

  return (
    <div className={`relative ${className}`}>
      {hiddenRight ? (
        <p data-testid="scroll-cue" className="mb-1 text-right text-xs text-zinc-400">
          Scroll sideways for more <span aria-hidden="true">→</span>
        </p>
      ) : null}
      <div
        ref={ref}
        role="region"
        aria-label={label}
        tabIndex={0}
        data-testid="scroll-region"
        data-overflowing={hiddenRight || undefined}
        className="relative overflow-x-auto focus-visible:outline-2 focus-visible:outline-amber-400"
      >
        {children}
      </div>
      {hiddenRight ? <div aria-hidden="true" className="pointer-events-none absolute top-0 right-0 bottom-0 w-8 bg-gradient-to-l from-zinc-950 to-transparent" /> : null}
    </div>
  );
}
