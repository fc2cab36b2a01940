"use client";

import { useEffect, useEffectEvent } from "react";
import type { GenerationDto } from "@/lib/jobs/types";

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
 * Listens to a server-sent stream of `generation` events while `live`; `onGeneration` returns true
 * once nothing more is expected. If the stream fails first, `onFail` lets the caller fall back to
 * polling. The stream is closed before the server closes it: an EventSource would reconnect.
 */
export function useGenerationEvents(url: string, live: boolean, onGeneration: (dto: GenerationDto) => boolean, onFail: () => void): void {
  // Effect events: the callbacks are read at event time, so a new callback on every render does
  // not re-subscribe (which would drop events).
  const generationArrived = useEffectEvent(onGeneration);
  const streamFailed = useEffectEvent(onFail);
  useEffect(() => {
    if (!live) return;
    if (typeof EventSource === "undefined") {
      streamFailed();
      return;
    }
    const source = new EventSource(url);
    let finished = false;
    source.addEventListener("generation", (event) => {
      const dto = parseGeneration((event as MessageEvent).data);
      if (!dto || finished) return;
      if (generationArrived(dto)) {
        finished = true;
        source.close();
      }
    });
    source.onerror = () => {
      if (finished) return;
      source.close();
      streamFailed();
    };
    return () => source.close();
  }, [url, live]);
}
