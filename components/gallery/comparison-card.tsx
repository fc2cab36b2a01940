"use client";

import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ComparisonStatus, ComparisonSummary } from "@/lib/compare/types";
import { buttonClass } from "@/components/ui/button";
import { comparisonKey, fetchComparison, writeComparison } from "@/components/compare/comparison-cache";
import { formatUsd, modelName } from "./format";
import { historyKey } from "./generation-cache";

export const COMPARISON_STATUS_STYLES: Record<ComparisonStatus, string> = {
  running: "bg-sky-950 text-sky-300",
  succeeded: "bg-emerald-950 text-emerald-300",
  partial: "bg-amber-950 text-amber-300",
  failed: "bg-red-950 text-red-300",
  canceled: "bg-zinc-800 text-zinc-400",
};

const MAX_THUMBS = 8;
const POLL_MS = 1500;

/** A running comparison's card refreshes itself; the grid page has the live stream, a card need not. */
function useRunningSummary(summary: ComparisonSummary) {
  const client = useQueryClient();
  useQuery({
    queryKey: comparisonKey(summary.id),
    queryFn: async ({ signal }) => {
      const dto = await fetchComparison(summary.id, signal);
      writeComparison(client, dto);
      if (dto.status !== "running") void client.invalidateQueries({ queryKey: historyKey });
      return dto;
    },
    enabled: summary.status === "running",
    staleTime: 0,
    retry: false,
    refetchInterval: (query) => (query.state.status === "error" || (query.state.data && query.state.data.status !== "running") ? false : POLL_MS),
  });
}

/** One history entry for a whole comparison: hosts × seeds, its thumbnails and cost; opens the grid. */
export function ComparisonCard({
  comparison: c,
  hostName,
  eager = false,
}: {
  comparison: ComparisonSummary;
  hostName: (id: string) => string;
  eager?: boolean;
}) {
  useRunningSummary(c);
  const href = `/compare/${encodeURIComponent(c.id)}`;
  const thumbs = c.images.slice(0, MAX_THUMBS);
  const pending = c.status === "running" ? Math.max(0, Math.min(c.cells, MAX_THUMBS) - thumbs.length) : 0;
  const more = c.images.length - thumbs.length;
  const cols = Math.min(4, Math.max(1, c.providers.length));

  return (
    <article
      data-testid="comparison-card"
      data-comparison-id={c.id}
      data-status={c.status}
      aria-label={`Comparison of ${c.providers.length} hosts × ${c.seeds.length} seeds: ${c.status}`}
      className="flex flex-col gap-3 rounded-xl border border-zinc-800 bg-zinc-900/60 p-3"
    >
      {thumbs.length + pending > 0 ? (
        // Thumbnails carry no host name: in a blind comparison that would spoil the vote.
        <Link href={href} aria-label="Open the comparison grid" className="grid gap-1 rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-400" style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}>
          {thumbs.map((image) => (
            <img
              key={image.id}
              data-testid="comparison-thumb"
              src={image.thumbUrl}
              width={image.width}
              height={image.height}
              loading={eager ? "eager" : "lazy"}
              decoding="async"
              alt=""
              className="aspect-square w-full rounded bg-zinc-800 object-cover"
            />
          ))}
          {Array.from({ length: pending }, (_, i) => (
            <div key={`pending-${i}`} aria-hidden="true" className="aspect-square animate-pulse rounded bg-zinc-800" />
          ))}
        </Link>
      ) : null}

      <div className="flex flex-wrap items-center gap-1.5 text-xs">
        <span data-testid="comparison-status" className={`rounded px-1.5 py-0.5 font-medium capitalize ${COMPARISON_STATUS_STYLES[c.status]}`}>
          {c.status}
        </span>
        <span className="rounded bg-zinc-800 px-1.5 py-0.5 font-semibold tracking-wide text-zinc-300">COMPARE</span>
        {c.blind ? <span className="rounded bg-violet-950 px-1.5 py-0.5 font-semibold tracking-wide text-violet-300">BLIND</span> : null}
        <span className="text-zinc-300">{modelName(c.model)}</span>
        {more > 0 ? <span className="text-zinc-500">+{more} more images</span> : null}
      </div>

      {c.prompt ? <p className="line-clamp-2 text-sm text-zinc-200" title={c.prompt}>{c.prompt}</p> : null}

      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
        <dt className="text-zinc-500">Hosts</dt>
        <dd data-testid="comparison-hosts" className="text-zinc-300">
          {c.providers.map(hostName).join(", ")}
        </dd>
        <dt className="text-zinc-500">Seeds</dt>
        <dd data-testid="comparison-seeds" className="font-mono break-all text-zinc-300">
          {c.seeds.join(", ")}
        </dd>
        <dt className="text-zinc-500">Cost</dt>
        <dd data-testid="comparison-cost" className="tabular-nums text-zinc-300">
          {formatUsd(c.cost.estimatedUsd)} est. · {formatUsd(c.cost.billedUsd)} billed
        </dd>
      </dl>

      <Link href={href} data-testid="comparison-open" className={buttonClass("secondary", "sm", "self-start")}>
        Open grid ({c.providers.length} × {c.seeds.length}) →
      </Link>
    </article>
  );
}
