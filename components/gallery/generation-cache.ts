import { replaceEqualDeep, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import type { ComparisonSummary, HistoryEntry } from "@/lib/compare/types";
import type { Inspector } from "@/lib/jobs/inspector";
import { filterToSearchParams, type HistoryFilter } from "@/lib/history/filters";
import type { HistoryPage } from "@/lib/history/types";
import { isTerminal, type GenerationDto, type HistoryTotals } from "@/lib/jobs/types";

export type { HistoryPage };
export type HistoryData = InfiniteData<HistoryPage, string | null>;

export const HISTORY_PAGE_SIZE = 24;
/** Every history view and its totals (any filter) sit under this prefix: invalidating it refreshes them all. */
export const historyKey = ["generations", "history"] as const;
/** The paged lists only (what optimistic edits rewrite). */
export const historyPagesKey = [...historyKey, "pages"] as const;
/** One view: the filter as its canonical query string ("" for the whole history). */
export const historyViewKey = (filter: HistoryFilter = {}) => [...historyPagesKey, filterToSearchParams(filter).toString()] as const;
/** The view's totals, asked for apart: they walk every matching row, the pages do not wait for them. */
export const historyTotalsPrefix = [...historyKey, "totals"] as const;
/** The /history spend panel's queries: under historyKey, so a run started or ended refreshes them too. */
export const spendQueryPrefix = [...historyKey, "spend"] as const;
export const historyTotalsKey = (filter: HistoryFilter = {}) => [...historyTotalsPrefix, filterToSearchParams(filter).toString()] as const;
export const generationKey = (id: string) => ["generations", "one", id] as const;
export const inspectorKey = (id: string) => ["generations", "inspector", id] as const;

/** One id space for both kinds of entry: a comparison and a generation never share a key. */
export const entryKey = (entry: HistoryEntry) =>
  entry.kind === "generation" ? `generation:${entry.generation.id}` : `comparison:${entry.comparison.id}`;

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, cache: "no-store", headers: { accept: "application/json" } });
  if (!res.ok) {
    // The API's error body is { error: { code, message } }.
    const body = (await res.json().catch(() => null)) as { error?: { message?: unknown } } | null;
    const detail = typeof body?.error?.message === "string" ? body.error.message : null;
    throw new Error(detail ?? `Request failed (${res.status})`);
  }
  return (await res.json()) as T;
}

/** Generations and comparisons, one entry each (a comparison's cells are not listed on their own). */
export function fetchHistoryPage(cursor: string | null, filter: HistoryFilter = {}, signal?: AbortSignal): Promise<HistoryPage> {
  const query = filterToSearchParams(filter);
  query.set("limit", String(HISTORY_PAGE_SIZE));
  query.set("totals", "0");
  if (cursor) query.set("cursor", cursor);
  return getJson<HistoryPage>(`/api/v1/history?${query}`, signal);
}

export function fetchHistoryTotals(filter: HistoryFilter = {}, signal?: AbortSignal): Promise<HistoryTotals> {
  return getJson<HistoryTotals>(`/api/v1/history/totals?${filterToSearchParams(filter)}`, signal);
}

export function fetchGeneration(id: string, signal?: AbortSignal): Promise<GenerationDto> {
  return getJson<GenerationDto>(`/api/v1/generations/${encodeURIComponent(id)}`, signal);
}

/** What was sent to the host and what it answered, per task (key redacted). */
export function fetchInspector(id: string, signal?: AbortSignal): Promise<Inspector> {
  return getJson<Inspector>(`/api/v1/generations/${encodeURIComponent(id)}/inspector`, signal);
}

/** A terminal state is final: an older snapshot (a list refetch that raced an event) must not undo it. */
export function newer(current: GenerationDto | undefined, incoming: GenerationDto): GenerationDto {
  if (current && isTerminal(current.status) && !isTerminal(incoming.status)) return current;
  return incoming;
}

/** The same rule for a comparison: once no cell runs, a snapshot that says "running" is older. */
function newerSummary(current: ComparisonSummary | undefined, incoming: ComparisonSummary): ComparisonSummary {
  if (current && current.status !== "running" && incoming.status === "running") return current;
  return incoming;
}

function newerEntry(current: HistoryEntry | undefined, incoming: HistoryEntry): HistoryEntry {
  if (!current || current.kind !== incoming.kind) return incoming;
  if (incoming.kind === "generation" && current.kind === "generation") {
    const generation = newer(current.generation, incoming.generation);
    return generation === current.generation ? current : incoming;
  }
  if (incoming.kind === "comparison" && current.kind === "comparison") {
    const comparison = newerSummary(current.comparison, incoming.comparison);
    return comparison === current.comparison ? current : incoming;
  }
  return incoming;
}

/**
 * Replaces one entry in every history view holding it; `prepend` puts it on top of page one of the
 * unfiltered view (a filtered view learns of new runs when it refetches: it may not match).
 */
function writeEntry(client: QueryClient, entry: HistoryEntry, prepend: boolean) {
  const key = entryKey(entry);
  const unfiltered = historyViewKey({});
  for (const [queryKey] of client.getQueriesData<HistoryData>({ queryKey: historyPagesKey })) {
    writeEntryIn(client, queryKey, entry, key, prepend && queryKey[3] === unfiltered[3]);
  }
}

function writeEntryIn(client: QueryClient, queryKey: readonly unknown[], entry: HistoryEntry, key: string, prepend: boolean) {
  client.setQueryData<HistoryData>(queryKey, (data) => {
    if (!data) return data;
    let found = false;
    const pages = data.pages.map((page) => {
      const index = page.items.findIndex((item) => entryKey(item) === key);
      if (index === -1) return page;
      found = true;
      const items = page.items.slice();
      items[index] = newerEntry(items[index], entry);
      return { ...page, items };
    });
    if (!found && prepend && pages[0]) {
      pages[0] = { ...pages[0], items: [entry, ...pages[0].items] };
    }
    return { ...data, pages };
  });
}

/** Writes one generation into the history pages; `prepend` puts a new one on top of page one. */
export function writeToHistory(client: QueryClient, dto: GenerationDto, { prepend = false } = {}) {
  writeEntry(client, { kind: "generation", generation: dto }, prepend);
}

/** Writes a comparison's summary into the history pages (its one entry there). */
export function writeComparisonToHistory(client: QueryClient, summary: ComparisonSummary) {
  writeEntry(client, { kind: "comparison", comparison: summary }, false);
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
  const known = new Map<string, HistoryEntry>();
  for (const page of previous.pages) for (const item of page.items) known.set(entryKey(item), item);
  const merged: HistoryData = {
    ...next,
    pages: next.pages.map((page) => ({ ...page, items: page.items.map((item) => newerEntry(known.get(entryKey(item)), item)) })),
  };
  return replaceEqualDeep(oldData, merged);
}
