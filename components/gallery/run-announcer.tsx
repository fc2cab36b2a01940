"use client";

import { useState } from "react";
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

interface Announcement {
  /** The history this was worked out from. */
  history: HistoryEntry[];
  /** Runs seen running and not yet seen ending. */
  running: ReadonlySet<string>;
  message: string;
}

const liveKeys = (history: HistoryEntry[]) => new Set(history.filter(isLive).map(entryKey));

/** The runs of `history` that `previous` saw running and that have ended since, said in one message. */
function nextAnnouncement(previous: Announcement, history: HistoryEntry[], hostName: (id: string) => string): Announcement {
  const running = new Set(previous.running);
  const ended: string[] = [];
  for (const entry of history) {
    const key = entryKey(entry);
    if (isLive(entry)) running.add(key);
    else if (running.delete(key)) ended.push(describeEnd(entry, hostName));
  }
  return { history, running, message: ended.length > 0 ? ended.join(" ") : previous.message };
}

/**
 * A polite live region saying when a run seen running ends: the card changes in place, which a
 * screen reader does not notice. Runs already finished when the page loads are not announced.
 */
export function RunAnnouncer({ history, hostName }: { history: HistoryEntry[]; hostName: (id: string) => string }) {
  const [announcement, setAnnouncement] = useState<Announcement>(() => ({ history, running: liveKeys(history), message: "" }));
  // Worked out while rendering a new history (React's "adjust state on a prop change"), not in an effect.
  if (announcement.history !== history) setAnnouncement(nextAnnouncement(announcement, history, hostName));
  return (
    <p role="status" aria-live="polite" data-testid="run-announcement" className="sr-only">
      {announcement.message}
    </p>
  );
}
