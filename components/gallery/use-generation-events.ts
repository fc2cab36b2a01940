"use client";

import { useEffect } from "react";
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
  useEffect(() => {
    if (!live) return;
    if (typeof EventSource === "undefined") {
      onFail();
      return;
    }
    const source = new EventSource(url);
    let finished = false;
    source.addEventListener("generation", (event) => {
      const dto = parseGeneration((event as MessageEvent).data);
      if (!dto || finished) return;
      if (onGeneration(dto)) {
        finished = true;
        source.close();
      }
    });
    source.onerror = () => {
      if (finished) return;
      source.close();
      onFail();
    };
    return () => source.close();
    // The callbacks are read at event time; re-subscribing on every render would drop events.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url, live]);
}
