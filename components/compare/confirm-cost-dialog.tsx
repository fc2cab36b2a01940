"use client";

import { Button } from "@/components/ui/button";
import { useModalDialog } from "@/components/ui/use-modal-dialog";
import { formatUsd } from "@/components/gallery/format";
import type { ComparisonEstimate } from "./use-comparison-launcher";

/** Asked when live hosts would bill more than the configured amount; nothing has run yet. */
export function ConfirmCostDialog({
  estimate,
  hostName,
  busy,
  onConfirm,
  onCancel,
}: {
  estimate: ComparisonEstimate;
  hostName: (id: string) => string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { ref } = useModalDialog(onCancel);
  const rows = Object.entries(estimate.perProvider).sort(([, a], [, b]) => b - a);

  return (
    <dialog
      ref={ref}
      data-testid="compare-confirm"
      aria-labelledby="compare-confirm-title"
      onClose={onCancel}
      className="m-auto w-[min(92vw,28rem)] rounded-xl border border-zinc-800 bg-zinc-950 p-0 text-zinc-100 backdrop:bg-black/70"
    >
      <div className="space-y-3 p-4">
        <h2 id="compare-confirm-title" className="text-base font-semibold">
          Run this comparison for about <span className="text-amber-300">{formatUsd(estimate.billableUsd)}</span>?
        </h2>
        <p className="text-sm text-zinc-400">
          Live hosts would bill about <strong data-testid="compare-confirm-billable" className="text-zinc-100">{formatUsd(estimate.billableUsd)}</strong>, above
          the {formatUsd(estimate.confirmAboveUsd)} that asks for a confirmation. At list price every cell costs{" "}
          {formatUsd(estimate.totalUsd)}; sandbox hosts bill nothing.
        </p>
        <table className="w-full text-xs">
          <caption className="sr-only">Estimate per host, list price</caption>
          <tbody>
            {rows.map(([id, usd]) => (
              <tr key={id} className="border-b border-zinc-800 last:border-0">
                <th scope="row" className="py-1 text-left font-normal text-zinc-400">
                  {hostName(id)}
                </th>
                <td className="py-1 text-right tabular-nums text-zinc-200">{formatUsd(usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="flex justify-end gap-2">
          <Button onClick={() => ref.current?.close()} disabled={busy}>
            Cancel
          </Button>
          <Button variant="primary" data-testid="compare-confirm-run" onClick={onConfirm} disabled={busy} autoFocus>
            {busy ? "Starting…" : `Run for ${formatUsd(estimate.billableUsd)}`}
          </Button>
        </div>
      </div>
    </dialog>
  );
}
