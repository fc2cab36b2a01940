"use client";

import { useEffect, useRef, type RefObject } from "react";

/**
 * A native <dialog> shown as a modal when it mounts: showModal gives the top layer, an inert page,
 * focus handling and Esc for free. No close() on cleanup: unmounting removes it from the top layer.
 * `requestClose` goes through close() (not an unmount) so the browser returns focus to the opener;
 * the dialog's onClose then tells the parent. `initialFocus` takes the focus showModal would give
 * the first button (the subject of the dialog, e.g. its image).
 */
export function useModalDialog(onClosed: () => void, initialFocus?: RefObject<HTMLElement | null>) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      dialog.showModal();
      initialFocus?.current?.focus();
    }
    // Once, on open (the dialog is open after, and a ref object stays the same): later renders
    // (another image) leave focus where the user put it.
  }, [initialFocus]);
  const requestClose = () => {
    if (ref.current?.open) ref.current.close();
    else onClosed();
  };
  return { ref, requestClose };
}
