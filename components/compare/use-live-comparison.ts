"use client";

import { useEffect, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ComparisonDto } from "@/lib/compare/types";
import type { GenerationDto } from "@/lib/jobs/types";
import { historyKey } from "@/components/gallery/generation-cache";
import { comparisonKey, fetchComparison, writeCell, writeComparison } from "./comparison-cache";

const POLL_MS = 1000;
const MAX_POLL_FAILURES = 10;

function parseCell(data: unknown): GenerationDto | null {
  if (typeof data !== "string") return null;
  try {
    const dto = JSON.parse(data) as GenerationDto;
    return dto && typeof dto.id === "string" && typeof dto.status === "string" ? dto : null;
  } catch {
    return null;
  }
}

/**
 * A comparison kept live in the query cache: every cell on ONE event stream (a stream per cell
 * would hit the browser's six connections per origin), polling every second if the stream fails.
 * When the last cell ends, the comparison is read once more for what only the server knows (wall time).
 */
export function useLiveComparison(initial: ComparisonDto) {
  const client = useQueryClient();
  const id = initial.id;
  const [polling, setPolling] = useState(false);

  const query = useQuery({
    queryKey: comparisonKey(id),
    queryFn: async ({ signal }) => {
      const wasRunning = client.getQueryData<ComparisonDto>(comparisonKey(id))?.status === "running";
      const dto = await fetchComparison(id, signal);
      writeComparison(client, dto);
      if (wasRunning && dto.status !== "running") void client.invalidateQueries({ queryKey: historyKey });
      return dto;
    },
    initialData: initial,
    retry: false,
    refetchInterval: (q) => {
      if (!polling || q.state.data?.status !== "running") return false;
      const failing = q.state.status === "error" && q.state.errorUpdateCount >= MAX_POLL_FAILURES;
      return failing ? false : POLL_MS;
    },
    refetchIntervalInBackground: true,
  });
  const running = query.data.status === "running";

  useEffect(() => {
    if (!running || polling) return;
    if (typeof EventSource === "undefined") {
      setPolling(true);
      return;
    }
    const source = new EventSource(`/api/v1/comparisons/${encodeURIComponent(id)}/events`);
    let finished = false;
    source.addEventListener("generation", (event) => {
      const cell = parseCell((event as MessageEvent).data);
      if (!cell || cell.comparisonId !== id) return;
      const next = writeCell(client, id, cell);
      if (next && next.status !== "running") {
        finished = true;
        // Close before the server does: an EventSource would otherwise reconnect on its own.
        source.close();
        void client.invalidateQueries({ queryKey: comparisonKey(id) });
        void client.invalidateQueries({ queryKey: historyKey });
      }
    });
    source.onerror = () => {
      if (finished) return;
      source.close();
      setPolling(true);
    };
    return () => source.close();
  }, [id, running, polling, client]);

  return { comparison: query.data, polling: polling && running };
}
