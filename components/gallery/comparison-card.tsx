"use client";

import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ComparisonStatus, ComparisonSummary } from "@/lib/compare/types";
import { buttonClass } from "@/components/ui/button";
import { StarIcon } from "@/components/ui/icons";
import { comparisonKey, fetchComparison, writeComparison } from "@/components/compare/comparison-cache";
import { formatUsd, modelName } from "./format";
import { comparisonTargetKey } from "./gallery-targets";
import { BADGE_LINE_CLASS, CARD_CLASS, FACTS_CLASS, MEDIA_CLASS, META_CLASS, metaStyle, MODEL_LINE_CLASS, PROMPT_CLASS } from "./card-frame";
import { historyKey } from "./generation-cache";
import { EntryTile, type TileControls } from "./tile-controls";

export const COMPARISON_STATUS_STYLES: Record<ComparisonStatus, string> = {
  running: "bg-sky-950 text-sky-300",
  succeeded: "bg-emerald-950 text-emerald-300",
  partial: "bg-amber-950 text-amber-300",
  failed: "bg-red-950 text-red-300",
  canceled: "bg-zinc-800 text-zinc-400",
};

// Four whole images, letterboxed, read better than eight centre-cropped slivers.
const MAX_THUMBS = 4;
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
  controls,
  eager = false,
}: {
  comparison: ComparisonSummary;
  hostName: (id: string) => string;
  controls: TileControls;
  eager?: boolean;
}) {
  useRunningSummary(c);
  const href = `/compare/${encodeURIComponent(c.id)}`;
  const thumbs = c.images.slice(0, MAX_THUMBS);
  const pending = c.status === "running" ? Math.max(0, Math.min(c.cells, MAX_THUMBS) - thumbs.length) : 0;
  const more = c.images.length - thumbs.length;
  const tiles = Math.max(1, thumbs.length + pending);
  const cols = tiles === 1 ? 1 : 2;
  const rows = tiles <= 2 ? 1 : 2;
  const targetKey = comparisonTargetKey(c.id);

  return (
    <article
      data-testid="comparison-card"
      data-comparison-id={c.id}
      data-status={c.status}
      aria-label={`Comparison of ${c.providers.length} hosts × ${c.seeds.length} seeds: ${c.status}`}
      className={CARD_CLASS}
    >
      <div className={MEDIA_CLASS}>
        <EntryTile targetKey={targetKey} label="this comparison" controls={controls} deletable={c.status !== "running"}>
          {({ targetProps }) => (
            // Thumbnails carry no host name: in a blind comparison that would spoil the vote.
            <Link
              href={href}
              {...targetProps}
              aria-label="Open the comparison grid"
              className="grid size-full gap-1 rounded-md bg-zinc-950/40 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-400"
              style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))` }}
            >
              {thumbs.map((image) => (
                <span key={image.id} className="relative min-h-0">
                  <img
                    data-testid="comparison-thumb"
                    data-favorite={image.favorite || undefined}
                    src={image.thumbUrl}
                    width={image.width}
                    height={image.height}
                    loading={eager ? "eager" : "lazy"}
                    decoding="async"
                    alt=""
                    className="size-full rounded bg-zinc-900 object-contain"
                  />
                  {/* Starred on the comparison's page; a bulk delete spares the comparison for it. */}
                  {image.favorite ? <StarIcon filled width={12} height={12} className="absolute top-0.5 right-0.5 text-amber-300 drop-shadow" /> : null}
                </span>
              ))}
              {Array.from({ length: pending }, (_, i) => (
                <div key={`pending-${i}`} aria-hidden="true" className="animate-pulse rounded bg-zinc-800" />
              ))}
            </Link>
          )}
        </EntryTile>
      </div>

      <div className={META_CLASS} style={metaStyle}>
        <div className={BADGE_LINE_CLASS}>
          <span data-testid="comparison-status" className={`rounded px-1.5 py-0.5 font-medium capitalize ${COMPARISON_STATUS_STYLES[c.status]}`}>
            {c.status}
          </span>
          <span className="rounded bg-zinc-800 px-1.5 py-0.5 font-semibold tracking-wide text-zinc-300">COMPARE</span>
          {c.blind ? <span className="rounded bg-violet-950 px-1.5 py-0.5 font-semibold tracking-wide text-violet-300">BLIND</span> : null}
          {more > 0 ? <span className="text-zinc-400">+{more} more images</span> : null}
        </div>
        <p className={MODEL_LINE_CLASS}>
          <span data-testid="comparison-models" className="text-zinc-300">{[...new Set((c.columns ?? []).map((col) => col.model))].map(modelName).join(", ") || modelName(c.model)}</span>
        </p>

        <p className={PROMPT_CLASS} title={c.prompt || undefined}>
          {c.prompt}
        </p>

        <dl className={FACTS_CLASS}>
          <dt className="text-zinc-400">Hosts</dt>
          <dd
            data-testid="comparison-hosts"
            className="text-zinc-300"
            // Across models the hover lists every cell, host × model.
            title={(c.columns ?? []).some((col) => col.model !== c.model) ? c.columns.map((col) => `${hostName(col.provider)} · ${modelName(col.model)}`).join(", ") : c.providers.map(hostName).join(", ")}
          >
            {c.providers.map(hostName).join(", ")}
          </dd>
          <dt className="text-zinc-400">Seeds</dt>
          <dd data-testid="comparison-seeds" className="font-mono text-zinc-300" title={c.seeds.join(", ")}>
            {c.seeds.join(", ")}
          </dd>
          <dt className="text-zinc-400">Cost</dt>
          <dd data-testid="comparison-cost" className="tabular-nums text-zinc-300">
            {formatUsd(c.cost.estimatedUsd)} est. · {formatUsd(c.cost.billedUsd)} billed
          </dd>
        </dl>

        <Link
          href={href}
          data-testid="comparison-open"
          tabIndex={controls.activeKey === targetKey ? 0 : -1}
          className={buttonClass("secondary", "sm", "self-start")}
        >
          Open grid ({c.columns?.length || c.providers.length} × {c.seeds.length}) →
        </Link>
      </div>
    </article>
  );
}
