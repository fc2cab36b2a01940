"use client";

import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { isTerminal, type GenerationDto } from "@/lib/jobs/types";
import { useGenerationEvents } from "./use-generation-events";
import { fetchGeneration, generationKey, historyKey, writeGeneration, writeToHistory } from "./generation-cache";

const POLL_MS = 1000;
const MAX_POLL_FAILURES = 10;

/**
 * Keeps one non-terminal generation up to date in the query cache: server-sent events first,
 * polling every second if the stream fails before the generation ends.
 */
export function useLiveGeneration(id: string, status: GenerationDto["status"]) {
  const client = useQueryClient();
  const live = !isTerminal(status);
  const [polling, setPolling] = useState(false);

  useGenerationEvents(`/api/v1/generations/${encodeURIComponent(id)}/events`, live && !polling, (dto) => {
    if (dto.id !== id) return false;
    writeGeneration(client, dto);
    if (!isTerminal(dto.status)) return false;
    void client.invalidateQueries({ queryKey: historyKey });
    return true;
  }, () => setPolling(true));

  useQuery({
    queryKey: generationKey(id),
    queryFn: async ({ signal }) => {
      const dto = await fetchGeneration(id, signal);
      writeToHistory(client, dto);
      if (isTerminal(dto.status)) void client.invalidateQueries({ queryKey: historyKey });
      return dto;
    },
    enabled: live && polling,
    staleTime: 0,
    retry: false,
    refetchInterval: (query) => {
      const data = query.state.data;
      if (data && isTerminal(data.status)) return false;
      const failing = query.state.status === "error" && query.state.errorUpdateCount >= MAX_POLL_FAILURES;
      return failing ? false : POLL_MS;
    },
    refetchIntervalInBackground: true,
  });

  return { polling };
}
