"use client";

import { Button } from "@/components/ui/button";
import { CloseIcon } from "@/components/ui/icons";
import type { GalleryNotice } from "./use-history-actions";

/** What just happened, at the bottom of the screen; after a delete, with its Undo (also Ctrl/⌘+Z). */
export function ToastMessage({ notice, onUndo, onDismiss }: { notice: GalleryNotice; onUndo: () => void; onDismiss: () => void }) {
  return (
    <div
      data-testid={notice.undo || notice.pending ? "undo-toast" : "gallery-notice"}
      className={`pointer-events-auto flex items-center gap-3 rounded-lg border px-3 py-2 text-sm shadow-lg shadow-black/50 ${
        notice.tone === "error" ? "border-red-900 bg-red-950 text-red-100" : "border-zinc-700 bg-zinc-900 text-zinc-100"
      }`}
    >
      <span>{notice.message}</span>
      {notice.undo || notice.pending ? (
        <>
          <span aria-hidden="true" className="text-zinc-500">
            ·
          </span>
          <Button size="sm" variant="primary" data-testid="undo-delete" onClick={onUndo} title="Undo (Ctrl/⌘+Z)">
            Undo
          </Button>
        </>
      ) : null}
      <Button size="sm" variant="ghost" aria-label="Dismiss" onClick={onDismiss}>
        <CloseIcon width={14} height={14} />
      </Button>
    </div>
  );
}
