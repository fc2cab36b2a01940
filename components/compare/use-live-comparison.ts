"use client";

import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ComparisonDto } from "@/lib/compare/types";
import { historyKey } from "@/components/gallery/generation-cache";
import { useGenerationEvents } from "@/components/gallery/use-generation-events";
import { comparisonKey, fetchComparison, writeCell, writeComparison } from "./comparison-cache";

const POLL_MS = 1000;
const MAX_POLL_FAILURES = 10;

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

  useGenerationEvents(`/api/v1/comparisons/${encodeURIComponent(id)}/events`, running && !polling, (cell) => {
    if (cell.comparisonId !== id) return false;
    const next = writeCell(client, id, cell);
    if (!next || next.status === "running") return false;
    void client.invalidateQueries({ queryKey: comparisonKey(id) });
    void client.invalidateQueries({ queryKey: historyKey });
    return true;
  }, () => setPolling(true));

  return { comparison: query.data, polling: polling && running };
}
