"use client";

import { useMemo, useState } from "react";
import { cellKeys, cellNamer } from "@/lib/compare/cells";
import { modelName } from "@/lib/models/catalog";
import type { ComparisonDto } from "@/lib/compare/types";
import type { ProviderInfo } from "@/lib/providers/registry";
import { AppHeader } from "@/components/ui/app-header";
import { CompareGrid } from "./compare-grid";
import { CompareViewer } from "./compare-viewer";
import { ComparisonHeader } from "./comparison-header";
import { cellLabel, firstImage, gridRows } from "./grid-layout";
import { useLiveComparison } from "./use-live-comparison";
import type { ViewerItem } from "./viewer-stage";

/** The grid page: the comparison kept live, its rows of cells, and the viewer docked below. */
export function ComparisonView({ initial, providers }: { initial: ComparisonDto; providers: ProviderInfo[] }) {
  const { comparison, polling } = useLiveComparison(initial);
  // Rows that cannot be voted on may be revealed; this is the page's choice, not a stored vote.
  const [revealed, setRevealed] = useState<ReadonlySet<number>>(new Set());
  const [picks, setPicks] = useState<{ a: string; b: string | null } | null>(null);
  // Names a cell key: the host, or "host · model" when the comparison varies the model.
  const hostName = useMemo(() => cellNamer((id: string) => providers.find((p) => p.id === id)?.name ?? id, modelName, comparison.model), [providers, comparison.model]);
  const rows = useMemo(() => gridRows(comparison, revealed), [comparison, revealed]);

  const items = useMemo(
    () =>
      rows.flatMap((row) =>
        row.cells.flatMap((cell): ViewerItem[] => {
          const image = firstImage(cell);
          if (!image || !cell.generation) return [];
          return [{ id: cell.generation.id, image, label: cellLabel(cell, hostName), seed: cell.seed }];
        }),
      ),
    [rows, hostName],
  );

  // A click opens the viewer on A; with the viewer open, a click on another cell picks B.
  const open = (id: string) => setPicks((current) => (!current ? { a: id, b: null } : id === current.a ? current : { a: current.a, b: id }));

  return (
    <div className="min-h-screen">
      <AppHeader title="Compare" current="compare" />
      <main className={`mx-auto max-w-[1800px] space-y-5 px-4 py-6 ${picks ? "pb-[64vh]" : ""}`}>
        <ComparisonHeader comparison={comparison} hostName={hostName} polling={polling} />
        <CompareGrid
          comparisonId={comparison.id}
          rows={rows}
          hosts={cellKeys(comparison.cells)}
          providers={providers}
          picks={{ a: picks?.a ?? null, b: picks?.b ?? null }}
          onOpen={open}
          onReveal={(seed) => setRevealed((current) => new Set(current).add(seed))}
        />
      </main>
      {picks ? <CompareViewer rows={rows} items={items} a={picks.a} b={picks.b} onChange={setPicks} onClose={() => setPicks(null)} /> : null}
    </div>
  );
}
