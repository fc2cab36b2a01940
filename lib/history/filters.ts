/**
 * The gallery's filter. The same query-string names serve the page (`/history?host=fal&q=cat`), the
 * API (`/api/v1/history?...`), the spend totals and the export, so a filtered view is one URL.
 * This module is zod-free (client bundles); validation is in filter-schema.ts.
 */
export interface HistoryFilter {
  /** Any of these hosts (`host=bfl&host=fal`). */
  host?: string[];
  model?: string[];
  status?: string[];
  /** First day included, YYYY-MM-DD, in `tz`. */
  from?: string;
  /** Last day included, YYYY-MM-DD, in `tz`. */
  to?: string;
  /** Only runs with at least one favourite image. */
  favorites?: boolean;
  /** Cost of a run in USD (billed when known, else the estimate), inclusive bounds. */
  minCost?: number;
  maxCost?: number;
  /** Case-insensitive substring of the prompt. */
  q?: string;
  /** IANA time zone the days (date range, spend per day) are counted in; UTC by default. */
  tz?: string;
}

export const FILTER_KEYS = ["host", "model", "status", "from", "to", "favorites", "minCost", "maxCost", "q", "tz"] as const;
const LIST_KEYS = new Set(["host", "model", "status"]);
export const MAX_QUERY_LENGTH = 200;

export type FilterIssue = { path: string; message: string };
export type FilterParse = { ok: true; filter: HistoryFilter } | { ok: false; message: string; issues: FilterIssue[] };

/** Drops empty values so `?q=&host=` is the same as no filter. */
export function normalize(filter: HistoryFilter): HistoryFilter {
  const out: HistoryFilter = {};
  for (const [key, value] of Object.entries(filter) as [keyof HistoryFilter, unknown][]) {
    if (value === undefined || value === "" || value === false || (Array.isArray(value) && value.length === 0)) continue;
    (out as Record<string, unknown>)[key] = Array.isArray(value) ? [...new Set(value)].sort() : value;
  }
  return out;
}

/**
 * The filter's values as a query string holds them, not yet validated: list keys may repeat or be
 * comma-separated (`host=bfl,fal`); other keys (cursor, limit, format) are the caller's.
 */
export function readFilterParams(params: URLSearchParams): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) {
    const values = params.getAll(key).flatMap((v) => (LIST_KEYS.has(key) ? v.split(",") : [v])).map((v) => v.trim()).filter(Boolean);
    if (values.length === 0) continue;
    if (LIST_KEYS.has(key)) raw[key] = values;
    else if (key === "favorites") raw.favorites = FLAG_VALUES[values[0].toLowerCase()] ?? values[0];
    else raw[key] = values[0];
  }
  return raw;
}

const FLAG_VALUES: Record<string, boolean> = { "1": true, true: true, "0": false, false: false };

/** The filter as a query string, in a stable order (so equal filters make equal URLs and cache keys). */
export function filterToSearchParams(filter: HistoryFilter): URLSearchParams {
  const params = new URLSearchParams();
  const f = normalize(filter);
  for (const key of FILTER_KEYS) {
    const value = f[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.set(key, key === "favorites" ? "1" : String(value));
  }
  return params;
}

export const isEmptyFilter = (filter: HistoryFilter) => Object.keys(normalize(filter)).length === 0;
