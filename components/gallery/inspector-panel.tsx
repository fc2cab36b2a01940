"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useClock } from "@/components/compare/use-clock";
import type { InspectorTask } from "@/lib/jobs/inspector";
import { isTerminal, type GenerationDto } from "@/lib/jobs/types";
import { Button } from "@/components/ui/button";
import { fetchInspector, inspectorKey } from "./generation-cache";
import { InspectorTaskView } from "./inspector-task";

const LIVE_REFRESH_MS = 2000;

/** The task whose images include image `imageIndex` of the generation (tasks make images in index order). */
function taskOfImage(tasks: InspectorTask[], imageIndex: number | undefined): number | null {
  if (imageIndex === undefined) return null;
  let first = 0;
  for (const task of tasks) {
    if (imageIndex < first + task.imageCount) return task.index;
    first += task.imageCount;
  }
  return null;
}

/** While the exchanges load: a moving bar and the seconds waited, so a slow answer does not look stuck. */
function InspectorLoading() {
  const [started] = useState(() => Date.now());
  const now = useClock(500);
  const waited = now === null ? 0 : Math.max(0, Math.floor((now - started) / 1000));
  return (
    <div role="status" data-testid="inspector-loading" className="space-y-1.5">
      <p className="text-xs text-zinc-400">
        Loading the requests and answers…{waited >= 1 ? ` ${waited} s` : ""}
      </p>
      <div className="h-1 overflow-hidden rounded bg-zinc-800" aria-hidden="true">
        <div className="h-full w-1/3 animate-pulse rounded bg-amber-400/70" />
      </div>
      <div className="space-y-1" aria-hidden="true">
        <div className="h-3 w-3/4 animate-pulse rounded bg-zinc-800" />
        <div className="h-3 w-1/2 animate-pulse rounded bg-zinc-800" />
      </div>
    </div>
  );
}

/**
 * "Sent vs. received": each host task's request (key redacted), exchanges and snippets. Fetched
 * when shown; refreshed while the run is live and once more when it ends.
 */
export function InspectorPanel({ generation, imageIndex, hostName }: { generation: GenerationDto; imageIndex?: number; hostName: string }) {
  const terminal = isTerminal(generation.status);
  const query = useQuery({
    // The status is in the key so the run's end fetches the final exchanges once.
    queryKey: [...inspectorKey(generation.id), generation.status],
    queryFn: ({ signal }) => fetchInspector(generation.id, signal),
    staleTime: terminal ? Infinity : 0,
    refetchInterval: terminal ? false : LIVE_REFRESH_MS,
  });
  const tasks = [...(query.data?.tasks ?? [])].sort((a, b) => a.index - b.index);
  const current = taskOfImage(tasks, imageIndex);

  return (
    <section data-testid="inspector" aria-labelledby={`inspector-title-${generation.id}`} aria-busy={query.isFetching} className="space-y-2">
      <div>
        <h3 id={`inspector-title-${generation.id}`} className="text-xs font-semibold tracking-wide text-zinc-400 uppercase">
          Inspector
        </h3>
        <p className="text-[11px] text-zinc-500">What {hostName} received and answered, per task; the key is redacted.</p>
      </div>
      {query.isPending ? (
        <InspectorLoading />
      ) : query.isError ? (
        <div role="alert" className="space-y-1 rounded-md border border-red-900 bg-red-950/30 p-2 text-xs text-red-200">
          <p>Could not load the inspector: {query.error.message}</p>
          <Button size="sm" onClick={() => void query.refetch()}>
            Retry
          </Button>
        </div>
      ) : tasks.length === 0 ? (
        <p className="text-xs text-zinc-500">No host task yet.</p>
      ) : (
        <div className="space-y-2">
          {tasks.map((task, i) => (
            <InspectorTaskView
              key={task.index}
              task={task}
              keyEnvVar={query.data.keyEnvVar}
              madeThisImage={task.index === current && tasks.length > 1}
              defaultOpen={current === null ? i === 0 : task.index === current}
            />
          ))}
        </div>
      )}
    </section>
  );
}
