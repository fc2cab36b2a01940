import type { HistoryTotals as Totals } from "@/lib/jobs/types";
import { formatUsd } from "./format";

export function HistoryTotals({ totals }: { totals: Totals | undefined }) {
  const items: [string, string][] = totals
    ? [
        ["Generations", String(totals.generations)],
        ["Images", String(totals.images)],
        ["Estimated", formatUsd(totals.estimatedUsd)],
        ["Billed", formatUsd(totals.billedUsd)],
      ]
    : [];
  return (
    <dl
      data-testid="history-totals"
      aria-label="History totals"
      className="flex flex-wrap gap-x-6 gap-y-1 rounded-lg border border-zinc-800 bg-zinc-900/40 px-3 py-2 text-sm"
    >
      {items.length === 0 ? (
        <span className="text-zinc-500">Loading totals…</span>
      ) : (
        items.map(([label, value]) => (
          <div key={label} className="flex items-baseline gap-1.5">
            <dt className="text-xs text-zinc-500">{label}</dt>
            <dd className="font-medium tabular-nums text-zinc-100">{value}</dd>
          </div>
        ))
      )}
    </dl>
  );
}
