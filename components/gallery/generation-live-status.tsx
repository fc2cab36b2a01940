"use client";

import { useEffect, useState } from "react";
import { cancelGenerationAction } from "@/app/(playground)/actions";
import type { GenerationDto } from "@/lib/jobs/types";
import { Button } from "@/components/ui/button";
import { formatDuration } from "./format";
import { useLiveGeneration } from "./use-live-generation";

function useNow(intervalMs: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Progress, ticking elapsed time and cancel for a queued or running generation; subscribes to its updates. */
export function GenerationLiveStatus({ generation, hostName, tabIndex }: { generation: GenerationDto; hostName: string; tabIndex?: number }) {
  const { polling } = useLiveGeneration(generation.id, generation.status);
  const now = useNow(200);
  const [canceling, setCanceling] = useState(false);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const started = Date.parse(generation.timings.createdAt);
  const elapsed = Number.isFinite(started) ? now - started : null;
  const progress = typeof generation.progress === "number" ? Math.min(1, Math.max(0, generation.progress)) : null;

  const cancel = async () => {
    setCanceling(true);
    setCancelError(null);
    try {
      const result = await cancelGenerationAction(generation.id);
      if (!result.ok) setCancelError(result.error ?? "Could not cancel this run.");
    } catch {
      setCancelError("Could not reach the server to cancel.");
    } finally {
      setCanceling(false);
    }
  };

  return (
    <div className="space-y-1.5">
      <div
        data-testid="generation-progress"
        role="progressbar"
        aria-label={generation.status === "queued" ? "Queued" : "Generating"}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress === null ? undefined : Math.round(progress * 100)}
        className="relative h-1.5 overflow-hidden rounded-full bg-zinc-800"
      >
        {progress === null ? (
          <div className="absolute inset-y-0 left-0 w-1/3 animate-pulse rounded-full bg-amber-400/60" />
        ) : (
          <div className="h-full rounded-full bg-amber-400 transition-[width] duration-300" style={{ width: `${progress * 100}%` }} />
        )}
      </div>
      <div className="flex items-center justify-between gap-2 text-xs text-zinc-400">
        <span>
          {generation.queue ? (
            // Waiting for a slot at the host (its concurrency limit per key): where it stands.
            <span data-testid="generation-queue" title="The host allows so many tasks at once per key; this run starts when a slot frees">
              queued at {hostName} ({generation.queue.ahead} ahead)
            </span>
          ) : (
            <span className="capitalize">{generation.status}</span>
          )}
          {progress !== null ? ` · ${Math.round(progress * 100)}%` : null}
          {" · "}
          <span data-testid="generation-elapsed" className="tabular-nums">
            {formatDuration(elapsed)}
          </span>
          {polling ? <span title="Live updates unavailable; checking every second"> · polling</span> : null}
        </span>
        <Button size="sm" variant="danger" data-testid="cancel-generation" tabIndex={tabIndex} disabled={canceling} onClick={cancel}>
          {canceling ? "Canceling…" : "Cancel"}
        </Button>
      </div>
      {cancelError ? <p className="text-xs text-red-400">{cancelError}</p> : null}
    </div>
  );
}
