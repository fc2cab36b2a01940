"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from "react";
import { moveTarget, type GalleryTarget, type Move } from "./gallery-targets";

/**
 * Roving focus over the grid's targets: one of them is the tab stop (`activeKey`); arrows move it.
 * Moving asks for DOM focus after the next render, when the target's row is mounted (the grid keeps
 * the active row mounted wherever it is).
 */
export function useGridFocus(targets: readonly GalleryTarget[], container: RefObject<HTMLElement | null>) {
  const [chosenKey, setChosenKey] = useState<string | null>(null);
  const pendingFocus = useRef<string | null>(null);
  const indexByKey = useMemo(() => new Map(targets.map((t, i) => [t.key, i])), [targets]);
  // A deleted or not yet loaded choice falls back to the first target: there is always one tab stop.
  const activeIndex = chosenKey !== null && indexByKey.has(chosenKey) ? indexByKey.get(chosenKey)! : targets.length > 0 ? 0 : -1;
  const activeKey = activeIndex >= 0 ? targets[activeIndex].key : null;

  useEffect(() => {
    const key = pendingFocus.current;
    if (!key) return;
    const element = container.current?.querySelector<HTMLElement>(`[data-target-key="${CSS.escape(key)}"]`);
    if (!element) return;
    pendingFocus.current = null;
    element.focus({ preventScroll: true });
    (element.closest('[role="listitem"]') ?? element).scrollIntoView({ block: "nearest" });
  });

  const focusKey = useCallback((key: string) => {
    setChosenKey(key);
    pendingFocus.current = key;
  }, []);

  const move = useCallback(
    (how: Move) => {
      const columns = Number(container.current?.querySelector<HTMLElement>("[data-columns]")?.dataset.columns ?? 1);
      const next = moveTarget(targets, activeIndex, how, columns);
      if (next >= 0) focusKey(targets[next].key);
    },
    [targets, activeIndex, container, focusKey],
  );

  /** Before `key` goes away (a delete): the tab stop moves to the next target, or the previous. */
  const leave = useCallback(
    (key: string) => {
      const index = indexByKey.get(key);
      if (index === undefined || key !== activeKey) return;
      const neighbour = targets[index + 1] ?? targets[index - 1];
      if (neighbour) focusKey(neighbour.key);
    },
    [indexByKey, activeKey, targets, focusKey],
  );

  return { activeKey, activeIndex, setActiveKey: setChosenKey, focusKey, move, leave };
}
