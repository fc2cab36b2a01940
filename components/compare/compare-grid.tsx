"use client";

import type { ProviderInfo } from "@/lib/providers/registry";
import { ModeBadge } from "@/components/hosts/mode-badge";
import { cellNamer, parseCellKey } from "@/lib/compare/cells";
import { modelName } from "@/lib/models/catalog";
import { CompareRow } from "./compare-row";
import { PINNED_CLASS, type GridRow } from "./grid-layout";

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
  /** Cell keys in column order: host ids, or `provider@model` across models. */
  hosts: string[];
  providers: ProviderInfo[];
  picks: { a: string | null; b: string | null };
  onOpen: (generationId: string) => void;
  onReveal: (seed: number) => void;
}) {
  const hostName = (id: string) => providers.find((p) => p.id === id)?.name ?? id;
  // A column names its host, and its model below when the comparison varies the model.
  const across = hosts.some((key) => key.includes("@"));
  // Rows name cells by key: a vote's winner and candidates, a revealed cell.
  const cellName = cellNamer(hostName, modelName, "");
  const columns = `5.5rem repeat(${hosts.length}, minmax(11rem, 1fr))`;
  const anyBlind = rows.some((r) => r.blind);

  return (
    // The grid scrolls sideways on its own; its notes and vote bars stay pinned to its visible width
    // (a container of their width: 100cqw), so Tie is on screen however many hosts there are.
    <section data-testid="compare-grid" aria-label="Results: hosts across, seeds down" tabIndex={0} className="@container relative overflow-x-auto pb-2 focus-visible:outline-2 focus-visible:outline-amber-400">
      <div className="min-w-fit space-y-3">
        {anyBlind ? (
          <p className={`${PINNED_CLASS} text-xs text-zinc-400`}>Blind rows are shuffled and unlabelled: each cell is a letter until you vote on its row.</p>
        ) : (
          <div className="grid gap-2 text-xs" style={{ gridTemplateColumns: columns }}>
            <span className="self-end text-zinc-400">Host</span>
            {hosts.map((key) => {
              const { provider: id, model } = parseCellKey(key, "");
              const mode = providers.find((p) => p.id === id)?.mode;
              return (
                <div key={key} data-testid="compare-column" data-provider={id} data-model={model || undefined} className="truncate border-b border-zinc-800 pb-1">
                  <div className="flex items-center gap-1.5">
                    <span className="truncate font-medium text-zinc-200">{hostName(id)}</span>
                    {mode ? <ModeBadge mode={mode} /> : null}
                  </div>
                  {across ? <div className="truncate text-zinc-400">{modelName(model)}</div> : null}
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
            hostName={cellName}
            picks={picks}
            onOpen={onOpen}
            onReveal={onReveal}
          />
        ))}
      </div>
    </section>
  );
}
