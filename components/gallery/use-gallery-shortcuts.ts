"use client";

import { useEffect, useLayoutEffect, useRef } from "react";
import { commandOf, isTyping } from "./gallery-keys";

/**
 * The gallery's page-wide keys: Ctrl/⌘+Z (undo the last delete), `?` (the shortcuts) and Esc (clear
 * the selection), wherever the focus is but in a text field. On window, after the grid and the
 * detail view had their turn: a key they handled is marked defaultPrevented.
 */
export function useGalleryShortcuts(handlers: { onUndo: (() => void) | null; onShortcuts: () => void; onEscape: (() => void) | null }) {
  const latest = useRef(handlers);
  useLayoutEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const command = commandOf(event, isTyping(event.target));
      const { onUndo, onShortcuts, onEscape } = latest.current;
      if (command === "undo" && onUndo) onUndo();
      else if (command === "shortcuts") onShortcuts();
      // Esc in an open dialog closes that dialog, nothing more.
      else if (command === "escape" && onEscape && !document.querySelector("dialog[open]")) onEscape();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
