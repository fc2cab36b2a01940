"use client";

import Link from "next/link";
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { cancelComparisonAction, rerunComparisonAction } from "@/app/(playground)/compare/actions";
import type { ComparisonDto } from "@/lib/compare/types";
import { distinctModels, isSingleModel } from "@/lib/compare/cells";
import { comparisonWallMs } from "@/lib/compare/status";
import { Button } from "@/components/ui/button";
import { formatDuration, formatTime, formatUsd, modelName } from "@/components/gallery/format";
import { COMPARISON_STATUS_STYLES } from "@/components/gallery/comparison-card";
import { ParamTable } from "@/components/gallery/param-table";
import { ShareControl } from "@/components/share/share-control";
import { comparisonKey } from "./comparison-cache";
import { ConfirmCostDialog } from "./confirm-cost-dialog";
import { useClock } from "./use-clock";
import { useComparisonLauncher } from "./use-comparison-launcher";

function WallTime({ comparison }: { comparison: ComparisonDto }) {
  const now = useClock(500);
  const started = Date.parse(comparison.createdAt);
  const elapsed = comparison.status === "running" && now !== null && Number.isFinite(started) ? now - started : null;
  // The cells' own end times as soon as they have all ended: the server's figure comes a read later.
  return <>{formatDuration(comparison.wallMs ?? comparisonWallMs(comparison.createdAt, comparison.generations) ?? elapsed)}</>;
}

/** The comparison's prompt, state and totals, with Cancel while it runs and Re-run with new seeds. */
export function ComparisonHeader({
  comparison: c,
  hostName,
  polling,
}: {
  comparison: ComparisonDto;
  hostName: (id: string) => string;
  polling: boolean;
}) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [canceling, setCanceling] = useState(false);
  const launcher = useComparisonLauncher((failure) => setError(failure.error));
  const prompt = typeof c.params.prompt === "string" ? c.params.prompt : "";
  const running = c.status === "running";
  const done = c.generations.filter((g) => g.status !== "queued" && g.status !== "running").length;

  const cancel = async () => {
    setCanceling(true);
    setError(null);
    try {
      await cancelComparisonAction(c.id);
      void client.invalidateQueries({ queryKey: comparisonKey(c.id) });
    } catch {
      setError("Could not reach the server to cancel.");
    } finally {
      setCanceling(false);
    }
  };

  return (
    <section data-testid="compare-header" aria-labelledby="compare-prompt" className="space-y-3 rounded-xl border border-zinc-800 bg-zinc-900/30 p-4">
      <div className="flex flex-wrap items-center gap-1.5 text-xs">
        <span data-testid="compare-status" data-status={c.status} className={`rounded px-1.5 py-0.5 font-medium capitalize ${COMPARISON_STATUS_STYLES[c.status]}`}>
          {c.status}
        </span>
        {c.blind ? <span className="rounded bg-violet-950 px-1.5 py-0.5 font-semibold tracking-wide text-violet-300">BLIND</span> : null}
        <span data-testid="compare-models-shown" className="text-zinc-300">{distinctModels(c.cells).map(modelName).join(", ")}</span>
        <span className="text-zinc-500">
          · {isSingleModel(c.cells) ? `${c.providers.length} host${c.providers.length === 1 ? "" : "s"}` : `${c.cells.length} cells (${c.providers.length} hosts)`} × {c.seeds.length} seed{c.seeds.length === 1 ? "" : "s"} · {done}/{c.generations.length} ended ·{" "}
          {/* The server's time zone is not the browser's. */}
          <time dateTime={c.createdAt} suppressHydrationWarning>
            {formatTime(c.createdAt)}
          </time>
        </span>
        {polling ? <span className="text-zinc-500" title="Live updates unavailable; checking every second">· polling</span> : null}
        {c.sourceId ? (
          <Link href={`/compare/${encodeURIComponent(c.sourceId)}`} data-testid="compare-source" className="text-amber-300/90 underline-offset-2 hover:underline">
            · re-run of an earlier comparison
          </Link>
        ) : null}
      </div>

      <p id="compare-prompt" data-testid="compare-prompt" className="line-clamp-3 text-sm leading-relaxed text-zinc-100" title={prompt}>
        {prompt || "No prompt"}
      </p>

      <div className="flex flex-wrap items-end justify-between gap-3">
        <dl data-testid="compare-totals" className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
          <div className="flex items-baseline gap-1.5">
            <dt className="text-xs text-zinc-500">Estimated</dt>
            <dd data-testid="compare-total-estimated" className="font-medium tabular-nums">{formatUsd(c.cost.estimatedUsd)}</dd>
          </div>
          <div className="flex items-baseline gap-1.5">
            <dt className="text-xs text-zinc-500">Billed</dt>
            <dd data-testid="compare-total-billed" className="font-medium tabular-nums">{formatUsd(c.cost.billedUsd)}</dd>
          </div>
          <div className="flex items-baseline gap-1.5">
            <dt className="text-xs text-zinc-500">{running ? "Elapsed" : "Wall time"}</dt>
            <dd data-testid="compare-wall" className="font-medium tabular-nums">
              <WallTime comparison={c} />
            </dd>
          </div>
        </dl>
        <div className="flex flex-wrap gap-2">
          {running ? (
            <Button variant="danger" size="sm" data-testid="compare-cancel" disabled={canceling} onClick={() => void cancel()}>
              {canceling ? "Canceling…" : "Cancel"}
            </Button>
          ) : null}
          <Button
            size="sm"
            variant="primary"
            data-testid="compare-rerun"
            disabled={launcher.busy}
            title="The same hosts and parameters with new random seeds: a new comparison"
            onClick={() => {
              setError(null);
              void launcher.launch((confirm) => rerunComparisonAction(c.id, { confirm }));
            }}
          >
            {launcher.busy ? "Starting…" : "Re-run with new seeds"}
          </Button>
          <Link href="/compare" className="inline-flex h-7 items-center rounded-md px-2 text-xs text-zinc-300 hover:bg-zinc-800 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-amber-400">
            New comparison
          </Link>
        </div>
      </div>

      <ShareControl target={{ comparisonId: c.id }} testId="comparison-share" />

      {error ? (
        <p role="alert" data-testid="compare-header-error" className="rounded-md border border-red-900 bg-red-950/40 p-2 text-xs text-red-200">
          {error}
        </p>
      ) : null}

      <details className="text-xs">
        <summary className="text-zinc-400 hover:text-zinc-200 focus-visible:outline-2 focus-visible:outline-amber-400">Parameters sent to every host</summary>
        <div className="mt-2 max-w-xl">
          <ParamTable model={c.model} params={c.params} />
        </div>
      </details>

      {launcher.pending ? (
        <ConfirmCostDialog estimate={launcher.pending} hostName={hostName} busy={launcher.busy} onConfirm={() => void launcher.confirm()} onCancel={launcher.dismiss} />
      ) : null}
    </section>
  );
}
