"use client";

import { useEffect, useLayoutEffect, useRef } from "react";

/**
 * A keydown listener on window for as long as the component is mounted; `onKey` returns whether it
 * handled the key (then its default is prevented). On window, after the focused element's own
 * handlers had their turn: a key they handled comes marked defaultPrevented and is left alone.
 * Window, not an element, so keys still count when focus fell to the body (a button that was
 * pressed got disabled or went away).
 */
export function useWindowKeys(onKey: (event: KeyboardEvent) => boolean) {
  const latest = useRef(onKey);
  useLayoutEffect(() => {
    latest.current = onKey;
  });

  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (!event.defaultPrevented && latest.current(event)) event.preventDefault();
    };
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);
}
