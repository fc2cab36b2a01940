"use client";

import { useWatch } from "react-hook-form";
import { comparisonCost, exceedsConfirmation } from "@/lib/compare/stats";
import { Button } from "@/components/ui/button";
import { formatUsd } from "@/components/gallery/format";
import type { FormValues } from "@/components/schema-form/types";
import { CompareEstimate, estimateCells, type FormCell } from "./compare-estimate";
import { RunKeyHint } from "@/components/ui/key-hint";

/** The estimate, the form's error and Run, whose label says what it will cost and whether it asks first. */
export function CompareRunBar({
  cells: columns,
  rows,
  confirmAboveUsd,
  busy,
  error,
}: {
  cells: FormCell[];
  rows: number;
  confirmAboveUsd: number;
  busy: boolean;
  error: string | null;
}) {
  const values = useWatch<FormValues>();
  const billable = comparisonCost(estimateCells(columns, values, rows).map((r) => ({ estimatedUsd: r.billableUsd })));
  const cells = columns.length * rows;

  return (
    <div className="space-y-3">
      <CompareEstimate cells={columns} seeds={rows} confirmAboveUsd={confirmAboveUsd} />
      {error ? (
        <div data-testid="compare-error" role="alert" className="rounded-md border border-red-900 bg-red-950/40 p-3 text-sm text-red-200">
          {error}
        </div>
      ) : null}
      <Button
        type="submit"
        variant="primary"
        data-testid="compare-run"
        disabled={busy || columns.length === 0}
        aria-keyshortcuts="Control+Enter Meta+Enter"
        className="h-10 w-full text-base"
      >
        {busy
          ? "Starting…"
          : `Run ${cells} image${cells === 1 ? "" : "s"} · ${billable > 0 ? formatUsd(billable) : "nothing billed"}${exceedsConfirmation(billable, confirmAboveUsd) ? " (confirm)" : ""}`}
      </Button>
      <p className="text-right text-xs text-zinc-400">
        <RunKeyHint />
      </p>
    </div>
  );
}
