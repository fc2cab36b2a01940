"use client";

import { useEffect, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { isTerminal, type GenerationDto } from "@/lib/jobs/types";
import { fetchGeneration, generationKey, historyKey, writeGeneration, writeToHistory } from "./generation-cache";

const POLL_MS = 1000;
const MAX_POLL_FAILURES = 10;

function parseGeneration(data: unknown): GenerationDto | null {
  if (typeof data !== "string") return null;
  try {
    const dto = JSON.parse(data) as GenerationDto;
    return dto && typeof dto.id === "string" && typeof dto.status === "string" ? dto : null;
  } catch {
    return null;
  }
}

/**
 * Keeps one non-terminal generation up to date in the query cache: server-sent events first,
 * polling every second if the stream fails before the generation ends.
 */
export function useLiveGeneration(id: string, status: GenerationDto["status"]) {
  const client = useQueryClient();
  const live = !isTerminal(status);
  const [polling, setPolling] = useState(false);

  useEffect(() => {
    if (!live || polling) return;
    if (typeof EventSource === "undefined") {
      setPolling(true);
      return;
    }
    const source = new EventSource(`/api/v1/generations/${encodeURIComponent(id)}/events`);
    let finished = false;

    source.addEventListener("generation", (event) => {
      const dto = parseGeneration((event as MessageEvent).data);
      if (!dto || dto.id !== id) return;
      writeGeneration(client, dto);
      if (isTerminal(dto.status)) {
        finished = true;
        // Close before the server does: an EventSource would otherwise reconnect on its own.
        source.close();
        void client.invalidateQueries({ queryKey: historyKey });
      }
    });
    source.onerror = () => {
      if (finished) return;
      source.close();
      setPolling(true);
    };
    return () => source.close();
  }, [id, live, polling, client]);

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
