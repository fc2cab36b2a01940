"use client";

import Link from "next/link";
import { outputSize, type CanonicalParams } from "@/lib/models";
import { useState } from "react";
import { isTerminal, type GenerationDto, type ImageDto } from "@/lib/jobs/types";
import { buttonClass } from "@/components/ui/button";
import { describeCost, formatDuration } from "@/components/gallery/format";
import { STATUS_STYLES } from "@/components/gallery/generation-card";
import { WarningList } from "@/components/gallery/warning-list";
import { FavoriteToggle } from "@/components/gallery/favorite-toggle";
import { overlay, overlayButton } from "@/components/gallery/tile-controls";
import type { GridCell } from "./grid-layout";
import { useClock } from "./use-clock";

function aspectOf(gen: GenerationDto): string {
  const first = gen.images[0];
  if (first) return `${first.width} / ${first.height}`;
  try {
    const size = outputSize(gen.model, gen.params as unknown as CanonicalParams);
    return `${size.width} / ${size.height}`;
  } catch {
    return "1 / 1";
  }
}

function Elapsed({ gen }: { gen: GenerationDto }) {
  const now = useClock(200);
  const started = Date.parse(gen.timings.createdAt);
  const progress = typeof gen.progress === "number" ? ` · ${Math.round(Math.min(1, Math.max(0, gen.progress)) * 100)}%` : "";
  return (
    <p className="text-xs text-zinc-400">
      {gen.queue ? (
        <span data-testid="compare-cell-queue">
          queued at {gen.queue.host} ({gen.queue.ahead} ahead)
        </span>
      ) : (
        <span className="capitalize">{gen.status}</span>
      )}
      {progress} ·{" "}
      <span data-testid="compare-cell-elapsed" className="tabular-nums">
        {formatDuration(now !== null && Number.isFinite(started) ? now - started : null)}
      </span>
    </p>
  );
}

/**
 * The cell's picture from the moment the cell ends. The thumbnail is made in the background after
 * the original is stored: until it arrives the box says so, and if it fails the original is shown.
 */
function CellImage({ image, alt }: { image: ImageDto; alt: string }) {
  const [src, setSrc] = useState(image.thumbUrl);
  const [loaded, setLoaded] = useState(false);
  const fallBack = () => (src === image.url ? setLoaded(true) : setSrc(image.url));
  // A server-rendered picture may finish (or fail) before hydration, whose handlers then never fire.
  const settled = (img: HTMLImageElement | null) => {
    if (!img?.complete || loaded) return;
    if (img.naturalWidth > 0) setLoaded(true);
    else fallBack();
  };
  return (
    <span className="relative block" style={{ aspectRatio: `${image.width} / ${image.height}` }}>
      {loaded ? null : (
        <span data-testid="compare-cell-image-loading" role="status" className="absolute inset-0 flex animate-pulse items-center justify-center text-xs text-zinc-300">
          Loading the image…
        </span>
      )}
      <img
        data-testid="compare-cell-image"
        data-loaded={loaded ? "true" : "false"}
        src={src}
        width={image.width}
        height={image.height}
        decoding="async"
        alt={alt}
        ref={settled}
        onLoad={() => setLoaded(true)}
        onError={fallBack}
        className="relative h-auto w-full transition-transform hover:scale-[1.02]"
      />
    </span>
  );
}

/**
 * One host × seed: its live state, then the image with latency, cost and warnings. In a blind row
 * only the letter shows: host, latency, cost, warnings and the host's message would give it away.
 */
export function CompareCell({
  cell,
  label,
  picked,
  chosen,
  onOpen,
  onFavorite,
  vote,
}: {
  cell: GridCell;
  label: string;
  picked: 1 | 2 | null;
  chosen: boolean;
  onOpen: (generationId: string) => void;
  /** Stars the cell's image; a star gives nothing away in a blind row. */
  onFavorite: (imageId: string, favorite: boolean) => void;
  vote: { disabled: boolean; onVote: () => void } | null;
}) {
  const gen = cell.generation;
  const blind = cell.letter !== null;
  const image = gen?.images[0];
  const status = gen?.status ?? "missing";
  const ring = picked ? "border-amber-400 ring-1 ring-amber-400" : chosen ? "border-emerald-600" : "border-zinc-800";

  return (
    <article
      data-testid="compare-cell"
      data-provider={cell.provider}
      data-model={cell.model}
      data-seed={cell.seed}
      data-status={status}
      data-generation-id={gen?.id ?? ""}
      aria-label={`${label}, seed ${cell.seed}: ${status}`}
      className={`flex min-w-0 flex-col gap-2 rounded-lg border bg-zinc-900/60 p-2 ${ring}`}
    >
      <div className="flex items-center gap-1.5 text-xs">
        <span data-testid="compare-cell-label" className={`truncate font-medium ${blind ? "text-amber-200" : "text-zinc-200"}`}>
          {blind ? cell.letter : label}
        </span>
        {gen?.sandbox && !blind ? (
          <span className="rounded bg-amber-950 px-1 text-[10px] font-semibold text-amber-300" title="Local emulator: synthetic image, nothing billed">
            SANDBOX
          </span>
        ) : null}
        {picked ? (
          <span className="rounded bg-amber-400 px-1 text-[10px] font-bold text-zinc-950" title={`Image ${picked} in the viewer`}>
            {picked}
          </span>
        ) : null}
        {chosen ? <span className="text-emerald-300" title="Chosen as best">★</span> : null}
        <span className={`ml-auto rounded px-1.5 py-0.5 capitalize ${gen ? STATUS_STYLES[gen.status] : "bg-zinc-800 text-zinc-500"}`}>{status}</span>
      </div>

      {!gen ? (
        <p className="text-xs text-zinc-500">No run was recorded for this cell.</p>
      ) : image ? (
        <div className="group/tile relative">
          <button
            type="button"
            onClick={() => onOpen(gen.id)}
            aria-label={`Open ${label}, seed ${cell.seed}, in the viewer`}
            className="block w-full overflow-hidden rounded-md bg-zinc-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-400"
          >
            <CellImage key={image.id} image={image} alt={`${label}, seed ${cell.seed}`} />
          </button>
          <FavoriteToggle
            favorite={image.favorite}
            onToggle={() => onFavorite(image.id, !image.favorite)}
            shortcut={null}
            className={`${overlay(image.favorite)} ${overlayButton} top-1 right-1`}
          />
        </div>
      ) : !isTerminal(gen.status) ? (
        <div aria-hidden="true" className="animate-pulse rounded-md bg-zinc-800" style={{ aspectRatio: aspectOf(gen) }} />
      ) : null}

      {gen && !isTerminal(gen.status) ? <Elapsed gen={gen} /> : null}

      {gen?.error ? (
        <p data-testid="compare-cell-error" className="rounded-md border border-red-900 bg-red-950/40 p-1.5 text-xs text-red-200">
          <code className="mr-1 rounded bg-red-900/60 px-1 py-0.5 font-mono">{gen.error.code}</code>
          {blind ? <span className="text-red-300/80">The host&apos;s message shows once the hosts are revealed.</span> : gen.error.message}
        </p>
      ) : null}
      {gen?.status === "canceled" && !gen.error ? <p className="text-xs text-zinc-500">Canceled before the host answered.</p> : null}

      {gen && !blind && isTerminal(gen.status) ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5 text-[11px]">
          <dt className="text-zinc-500">Latency</dt>
          <dd data-testid="compare-cell-latency" className="tabular-nums text-zinc-300">
            host {formatDuration(gen.timings.hostLatencyMs)} · total {formatDuration(gen.timings.totalMs)}
          </dd>
          <dt className="text-zinc-500">Cost</dt>
          <dd data-testid="compare-cell-cost" className="tabular-nums text-zinc-300">
            {describeCost(gen)}
          </dd>
        </dl>
      ) : null}

      {gen && !blind ? <WarningList warnings={gen.warnings} testId="compare-cell-warnings" compact /> : null}

      <div className="mt-auto flex flex-wrap gap-1.5">
        {vote ? (
          <button
            type="button"
            data-testid="vote-best"
            data-generation-id={gen?.id}
            disabled={vote.disabled}
            onClick={vote.onVote}
            className={buttonClass("primary", "sm", "flex-1")}
          >
            {cell.letter} is best
          </button>
        ) : null}
        {gen && !blind ? (
          <Link href={`/?from=${encodeURIComponent(gen.id)}`} data-testid="compare-reuse" className={buttonClass("ghost", "sm")}>
            Reuse in form
          </Link>
        ) : null}
      </div>
    </article>
  );
}
