"use client";

import { Button } from "@/components/ui/button";
import { CloseIcon } from "@/components/ui/icons";
import { useModalDialog } from "@/components/ui/use-modal-dialog";

/** Every key of the gallery and its detail view; the one list the `?` dialog shows. */
const GALLERY_SHORTCUTS: [keys: string[], what: string][] = [
  [["←", "→"], "Previous / next image (in the grid and the detail view)"],
  [["↑", "↓"], "The image above / below in the grid"],
  [["Home", "End"], "First / last loaded image"],
  [["Enter", "Space"], "Open the detail view"],
  [["F"], "Favourite / unfavourite"],
  [["R"], "Reuse the settings in the form"],
  [["S"], "Copy the seed"],
  [["Delete", "Backspace"], "Delete (with undo)"],
  [["X"], "Select / unselect; Shift+click on a box selects a range"],
  [["Ctrl/⌘+Z"], "Undo the last delete"],
  [["Esc"], "Close the dialog, or clear the selection"],
  [["?"], "Show these shortcuts"],
];

const kbd = "rounded border border-zinc-700 bg-zinc-900 px-1.5 py-0.5 font-mono text-xs text-zinc-200";

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { ref, requestClose } = useModalDialog(onClose);
  return (
    <dialog
      ref={ref}
      data-testid="shortcuts-dialog"
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      onClick={(event) => {
        if (event.target === event.currentTarget) requestClose();
      }}
      className="m-auto w-[min(92vw,32rem)] rounded-xl border border-zinc-800 bg-zinc-950 p-0 text-zinc-100 backdrop:bg-black/70"
    >
      <div className="space-y-3 p-4">
        <div className="flex items-center justify-between gap-2">
          <h2 id="shortcuts-title" className="text-base font-semibold">
            Keyboard shortcuts
          </h2>
          <Button aria-label="Close" variant="ghost" size="sm" onClick={requestClose} autoFocus>
            <CloseIcon />
          </Button>
        </div>
        <table className="w-full text-sm">
          <tbody>
            {GALLERY_SHORTCUTS.map(([keys, what]) => (
              <tr key={what} className="border-b border-zinc-800 last:border-0">
                <th scope="row" className="py-1.5 pr-3 text-left font-normal whitespace-nowrap">
                  {keys.map((key, i) => (
                    <span key={key}>
                      {i > 0 ? <span className="px-1 text-zinc-500">/</span> : null}
                      <kbd className={kbd}>{key}</kbd>
                    </span>
                  ))}
                </th>
                <td className="py-1.5 text-zinc-300">{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="text-xs text-zinc-500">Keys are ignored while you type in a field.</p>
      </div>
    </dialog>
  );
}
