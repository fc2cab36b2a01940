"use client";

import type { ProviderInfo } from "@/lib/providers/registry";
import { ModeBadge } from "@/components/hosts/mode-badge";
import { CompareRow } from "./compare-row";
import type { GridRow } from "./grid-layout";

/** Hosts × seeds. The column header names hosts only when no row is blind: a blind row is shuffled. */
export function CompareGrid({
  comparisonId,
  rows,
  hosts,
  providers,
  picks,
  onOpen,
  onReveal,
}: {
  comparisonId: string;
  rows: GridRow[];
  /** Host ids in column order. */
  hosts: string[];
  providers: ProviderInfo[];
  picks: { a: string | null; b: string | null };
  onOpen: (generationId: string) => void;
  onReveal: (seed: number) => void;
}) {
  const hostName = (id: string) => providers.find((p) => p.id === id)?.name ?? id;
  const columns = `5.5rem repeat(${hosts.length}, minmax(11rem, 1fr))`;
  const anyBlind = rows.some((r) => r.blind);

  return (
    <section data-testid="compare-grid" aria-label="Results: hosts across, seeds down" className="overflow-x-auto pb-2">
      <div className="min-w-fit space-y-3">
        {anyBlind ? (
          <p className="text-xs text-zinc-500">Blind rows are shuffled and unlabelled: each cell is a letter until you vote on its row.</p>
        ) : (
          <div className="grid gap-2 text-xs" style={{ gridTemplateColumns: columns }}>
            <span className="self-end text-zinc-500">Host</span>
            {hosts.map((id) => {
              const mode = providers.find((p) => p.id === id)?.mode;
              return (
                <div key={id} data-testid="compare-column" data-provider={id} className="flex items-center gap-1.5 truncate border-b border-zinc-800 pb-1">
                  <span className="truncate font-medium text-zinc-200">{hostName(id)}</span>
                  {mode ? <ModeBadge mode={mode} /> : null}
                </div>
              );
            })}
          </div>
        )}
        {rows.map((row) => (
          <CompareRow
            key={row.seed}
            comparisonId={comparisonId}
            row={row}
            columns={columns}
            hostName={hostName}
            picks={picks}
            onOpen={onOpen}
            onReveal={onReveal}
          />
        ))}
      </div>
    </section>
  );
}
