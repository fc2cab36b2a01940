"use client";

import { useEffect, useRef, useState } from "react";
import type { HistoryEntry } from "@/lib/compare/types";
import { quotePrompt } from "./format";
import { entryKey } from "./generation-cache";
import { isLive } from "./history-entries";

const quoted = (prompt: string) => (prompt ? quotePrompt(prompt) : "without a prompt");

function describeEnd(entry: HistoryEntry, hostName: (id: string) => string): string {
  if (entry.kind === "comparison") {
    const c = entry.comparison;
    return `Comparison ${quoted(c.prompt)} on ${c.providers.length} hosts ${c.status}.`;
  }
  const g = entry.generation;
  const prompt = typeof g.params.prompt === "string" ? g.params.prompt : "";
  const outcome = g.status === "succeeded" ? `done, ${g.images.length} image${g.images.length === 1 ? "" : "s"}` : g.status === "failed" ? `failed: ${g.error?.message ?? "unknown error"}` : g.status;
  return `Run ${quoted(prompt)} on ${hostName(g.provider)} ${outcome}.`;
}

/**
 * A polite live region saying when a run seen running ends: the card changes in place, which a
 * screen reader does not notice. Runs already finished when the page loads are not announced.
 */
export function RunAnnouncer({ history, hostName }: { history: HistoryEntry[]; hostName: (id: string) => string }) {
  const running = useRef(new Set<string>());
  const [message, setMessage] = useState("");
  useEffect(() => {
    const ended: string[] = [];
    for (const entry of history) {
      const key = entryKey(entry);
      if (isLive(entry)) running.current.add(key);
      else if (running.current.delete(key)) ended.push(describeEnd(entry, hostName));
    }
    if (ended.length > 0) setMessage(ended.join(" "));
  }, [history, hostName]);
  return (
    <p role="status" aria-live="polite" data-testid="run-announcement" className="sr-only">
      {message}
    </p>
  );
}
