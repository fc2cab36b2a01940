import { filterToSearchParams, type HistoryFilter } from "@/lib/history/filters";

/**
 * The /history page keeps its filter in the address. These helpers turn the bar's edits into that
 * address; validation and the query-string format stay in lib/history/filters.ts.
 */

/** `/history?host=bfl`, or the bare path for no filter (no dangling `?`). */
export function filterHref(pathname: string, filter: HistoryFilter): string {
  const query = filterToSearchParams(filter).toString();
  return query ? `${pathname}?${query}` : pathname;
}

/**
 * A date range means days in some time zone: the filter that has one carries the viewer's zone, so a
 * bookmark opened elsewhere shows the same runs. A zone already in the address (a bookmark from
 * someone else) is kept; without a range the runs do not depend on it, so none is added.
 */
export function withDayTimeZone(filter: HistoryFilter, viewerTimeZone: string | null): HistoryFilter {
  if (filter.tz || !viewerTimeZone || !(filter.from || filter.to)) return filter;
  return { ...filter, tz: viewerTimeZone };
}

/**
 * The zone the page's days are in: the address's when it has one. A date range without one is read
 * by the server in UTC (its default), so the spend and its label say UTC too; only with no dates
 * filtered are the chart's days the viewer's own (null until the browser says which).
 */
export function dayTimeZone(filter: HistoryFilter, viewerTimeZone: string | null): string | null {
  if (filter.tz) return filter.tz;
  return filter.from || filter.to ? "UTC" : viewerTimeZone;
}

/** The filter the spend is asked with: its days in `dayTimeZone`. */
export function spendFilter(filter: HistoryFilter, viewerTimeZone: string): HistoryFilter {
  return filter.tz ? filter : { ...filter, tz: filter.from || filter.to ? "UTC" : viewerTimeZone };
}

/** Adds or removes one value of a list filter (host, model, status); an empty list is no filter. */
export function toggleValue(list: readonly string[] | undefined, value: string, on: boolean): string[] | undefined {
  const rest = (list ?? []).filter((v) => v !== value);
  const next = on ? [...rest, value] : rest;
  return next.length > 0 ? next : undefined;
}

/** A cost field's text as a filter value: blank is no bound; anything else is left to the schema. */
const costFromText = (text: string): number | undefined => (text.trim() === "" ? undefined : Number(text));

const costText = (cost: number | undefined): string => (cost === undefined ? "" : String(cost));

/**
 * What the bar edits: the filter, with the cost bounds as typed (a number field's "0." is not a
 * number yet, and must not be rewritten while the user types it).
 */
export type FilterDraft = Omit<HistoryFilter, "minCost" | "maxCost"> & { minCost: string; maxCost: string };

export const draftOf = (filter: HistoryFilter): FilterDraft => ({ ...filter, minCost: costText(filter.minCost), maxCost: costText(filter.maxCost) });

export const filterOf = (draft: FilterDraft): HistoryFilter => ({ ...draft, minCost: costFromText(draft.minCost), maxCost: costFromText(draft.maxCost) });
