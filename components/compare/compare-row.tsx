"use client";

import { useState, type CSSProperties } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { voteAction } from "@/app/(playground)/compare/actions";
import { setFavoriteIn } from "@/components/gallery/history-edits";
import { loadVerbs } from "@/components/gallery/use-history-actions";
import type { ComparisonDto } from "@/lib/compare/types";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { comparisonKey, writeCell, writeComparison } from "./comparison-cache";
import { CompareCell } from "./compare-cell";
import { cellLabel, PINNED_CLASS, type GridRow } from "./grid-layout";

/** What a row's vote says, in host names: shown once the row is revealed. */
function VoteResult({ row, hostName }: { row: GridRow; hostName: (id: string) => string }) {
  const vote = row.vote;
  if (!vote) return null;
  const names = vote.candidates.map(hostName);
  return (
    <p data-testid="vote-result" data-winner={vote.winner ?? ""} className={`${PINNED_CLASS} text-xs text-emerald-300`}>
      {vote.winner ? (
        <>
          You chose <strong className="font-semibold">{hostName(vote.winner)}</strong> over {names.filter((n) => n !== hostName(vote.winner!)).join(", ")}.
        </>
      ) : (
        <>Tie between {names.join(", ")}.</>
      )}
    </p>
  );
}

/** One seed: its cells across hosts and, while blind, the vote that reveals them. */
export function CompareRow({
  comparisonId,
  row,
  columns,
  hostName,
  picks,
  onOpen,
  onReveal,
}: {
  comparisonId: string;
  row: GridRow;
  columns: CSSProperties["gridTemplateColumns"];
  hostName: (id: string) => string;
  picks: { a: string | null; b: string | null };
  onOpen: (generationId: string) => void;
  onReveal: (seed: number) => void;
}) {
  const client = useQueryClient();
  const [voting, setVoting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const votable = row.blind && row.ended && row.candidates.length >= 2;

  const vote = async (winnerGenerationId: string | null) => {
    setVoting(true);
    setError(null);
    try {
      const result = await voteAction(comparisonId, { seed: row.seed, winnerGenerationId });
      if (result.ok) writeComparison(client, result.comparison);
      else setError(result.error);
    } catch {
      setError("Could not reach the server to record the vote.");
    } finally {
      setVoting(false);
    }
  };

  // The gallery's star, with the grid's cell starred alongside the history's pages.
  const favorite = async (generationId: string, imageId: string, value: boolean) => {
    const onGrid = (on: boolean) => {
      const cell = client.getQueryData<ComparisonDto>(comparisonKey(comparisonId))?.generations.find((g) => g.id === generationId);
      if (cell) writeCell(client, comparisonId, setFavoriteIn(cell, imageId, on));
    };
    setError(null);
    const outcome = await (await loadVerbs()).favorite(client, generationId, imageId, value, onGrid);
    if (outcome) setError(outcome.message);
  };

  return (
    <div data-testid="compare-row" data-seed={row.seed} data-blind={row.blind} role="group" aria-label={`Seed ${row.seed}`} className="space-y-1.5">
      <div className="grid items-stretch gap-2" style={{ gridTemplateColumns: columns }}>
        <div className="flex flex-col gap-1 pt-1 text-xs">
          <span className="text-zinc-400">Seed</span>
          <span className="font-mono break-all text-zinc-200">{row.seed}</span>
          <CopyButton text={String(row.seed)} label="Copy" testId="compare-copy-seed" />
        </div>
        {row.cells.map((cell) => {
          const id = cell.generation?.id ?? null;
          const candidate = votable && id !== null && row.candidates.some((g) => g.id === id);
          return (
            <CompareCell
              key={cell.key}
              cell={cell}
              label={cellLabel(cell, hostName)}
              picked={id === null ? null : id === picks.a ? 1 : id === picks.b ? 2 : null}
              chosen={row.vote?.winner === cell.key}
              onOpen={onOpen}
              onFavorite={(imageId, value) => void favorite(id!, imageId, value)}
              vote={candidate ? { disabled: voting, onVote: () => void vote(id) } : null}
            />
          );
        })}
      </div>

      {row.blind ? (
        <div data-testid="vote-bar" className={`${PINNED_CLASS} flex flex-wrap items-center gap-2 rounded-md border border-zinc-800 bg-zinc-900 px-2 py-1.5 text-xs text-zinc-300`}>
          {!row.ended ? (
            <span>Blind: vote once every image of this row has finished.</span>
          ) : votable ? (
            <>
              <span>Blind: pick the best image above, or call it a tie. Hosts show after your vote.</span>
              <Button size="sm" data-testid="vote-tie" disabled={voting} onClick={() => void vote(null)}>
                Tie
              </Button>
            </>
          ) : (
            <>
              <span data-testid="vote-unavailable">
                No vote on this row: {row.candidates.length === 0 ? "no image" : "only one image"} succeeded, and a vote needs two.
              </span>
              <Button size="sm" variant="ghost" data-testid="blind-reveal" onClick={() => onReveal(row.seed)}>
                Reveal hosts
              </Button>
            </>
          )}
          {error ? (
            <span role="alert" className="text-red-300">
              {error}
            </span>
          ) : null}
        </div>
      ) : row.vote ? (
        <VoteResult row={row} hostName={hostName} />
      ) : null}
      {!row.blind && error ? (
        <p role="alert" className={`${PINNED_CLASS} text-xs text-red-300`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
