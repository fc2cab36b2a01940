import { replaceEqualDeep, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import type { Inspector } from "@/lib/jobs/inspector";
import { isTerminal, type GenerationDto, type GenerationPage, type HistoryTotals } from "@/lib/jobs/types";

export type HistoryPage = GenerationPage & { totals: HistoryTotals };
export type HistoryData = InfiniteData<HistoryPage, string | null>;

export const HISTORY_PAGE_SIZE = 24;
export const historyKey = ["generations", "history"] as const;
export const generationKey = (id: string) => ["generations", "one", id] as const;
export const inspectorKey = (id: string) => ["generations", "inspector", id] as const;

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, cache: "no-store", headers: { accept: "application/json" } });
  if (!res.ok) {
    // The API's error body is { error: { code, message } }.
    const body = (await res.json().catch(() => null)) as { error?: { message?: unknown } } | null;
    const detail = typeof body?.error?.message === "string" ? body.error.message : null;
    throw new Error(detail ?? `Request failed (${res.status})`);
  }
  return (await res.json()) as T;
}

export function fetchHistoryPage(cursor: string | null, signal?: AbortSignal): Promise<HistoryPage> {
  const query = new URLSearchParams({ limit: String(HISTORY_PAGE_SIZE) });
  if (cursor) query.set("cursor", cursor);
  return getJson<HistoryPage>(`/api/v1/generations?${query}`, signal);
}

export function fetchGeneration(id: string, signal?: AbortSignal): Promise<GenerationDto> {
  return getJson<GenerationDto>(`/api/v1/generations/${encodeURIComponent(id)}`, signal);
}

/** What was sent to the host and what it answered, per task (key redacted). */
export function fetchInspector(id: string, signal?: AbortSignal): Promise<Inspector> {
  return getJson<Inspector>(`/api/v1/generations/${encodeURIComponent(id)}/inspector`, signal);
}

/** A terminal state is final: an older snapshot (a list refetch that raced an event) must not undo it. */
function newer(current: GenerationDto | undefined, incoming: GenerationDto): GenerationDto {
  if (current && isTerminal(current.status) && !isTerminal(incoming.status)) return current;
  return incoming;
}

/** Writes one generation into the history pages; `prepend` puts a new one on top of page one. */
export function writeToHistory(client: QueryClient, dto: GenerationDto, { prepend = false } = {}) {
  client.setQueryData<HistoryData>(historyKey, (data) => {
    if (!data) return data;
    let found = false;
    const pages = data.pages.map((page) => {
      const index = page.items.findIndex((item) => item.id === dto.id);
      if (index === -1) return page;
      found = true;
      const items = page.items.slice();
      items[index] = newer(items[index], dto);
      return { ...page, items };
    });
    if (!found && prepend && pages[0]) {
      pages[0] = { ...pages[0], items: [dto, ...pages[0].items] };
    }
    return { ...data, pages };
  });
}

/** Writes one generation everywhere the UI reads it: its own query and the history list. */
export function writeGeneration(client: QueryClient, dto: GenerationDto, options?: { prepend?: boolean }) {
  client.setQueryData<GenerationDto>(generationKey(dto.id), (current) => newer(current, dto));
  writeToHistory(client, dto, options);
}

/** structuralSharing for the history query: keeps terminal items terminal across refetches. */
export function keepTerminalItems(oldData: unknown, newData: unknown): unknown {
  const previous = oldData as HistoryData | undefined;
  const next = newData as HistoryData;
  if (!previous?.pages || !next?.pages) return replaceEqualDeep(oldData, newData);
  const known = new Map<string, GenerationDto>();
  for (const page of previous.pages) for (const item of page.items) known.set(item.id, item);
  const merged: HistoryData = {
    ...next,
    pages: next.pages.map((page) => ({ ...page, items: page.items.map((item) => newer(known.get(item.id), item)) })),
  };
  return replaceEqualDeep(oldData, merged);
}
