import { z } from "zod";
import { MODEL_IDS } from "@/lib/models";
import { GENERATION_STATUSES } from "@/lib/jobs/types";
import { PROVIDER_IDS } from "@/lib/providers/types";

/**
 * The gallery's filter. The same query-string names serve the page (`/history?host=fal&q=cat`), the
 * API (`/api/v1/history?...`), the spend totals and the export, so a filtered view is one URL.
 * Client-safe: no server imports.
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

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "a real calendar date");
const usd = z.coerce.number({ error: "a number of US dollars" }).finite("a number of US dollars").min(0, "0 or more");
const oneOf = (allowed: readonly string[], what: string) =>
  z.array(z.enum(allowed as [string, ...string[]], { error: `${what} must be one of: ${allowed.join(", ")}` })).min(1);

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const historyFilterSchema = z
  .object({
    host: oneOf(PROVIDER_IDS, "host").optional(),
    model: oneOf(MODEL_IDS, "model").optional(),
    status: oneOf(GENERATION_STATUSES, "status").optional(),
    from: day.optional(),
    to: day.optional(),
    favorites: z.boolean().optional(),
    minCost: usd.optional(),
    maxCost: usd.optional(),
    q: z.string().trim().max(MAX_QUERY_LENGTH, `at most ${MAX_QUERY_LENGTH} characters`).optional(),
    tz: z.string().refine(isTimeZone, "an IANA time zone such as Europe/Paris or UTC").optional(),
  })
  .strict()
  .refine((f) => !(f.from && f.to && f.from > f.to), { path: ["to"], message: "the last day must not be before the first (from)" })
  .refine((f) => !(f.minCost !== undefined && f.maxCost !== undefined && f.minCost > f.maxCost), { path: ["maxCost"], message: "maxCost must not be below minCost" });

export type FilterIssue = { path: string; message: string };
export type FilterParse = { ok: true; filter: HistoryFilter } | { ok: false; message: string; issues: FilterIssue[] };

/** Drops empty values so `?q=&host=` is the same as no filter. */
function normalize(filter: HistoryFilter): HistoryFilter {
  const out: HistoryFilter = {};
  for (const [key, value] of Object.entries(filter) as [keyof HistoryFilter, unknown][]) {
    if (value === undefined || value === "" || value === false || (Array.isArray(value) && value.length === 0)) continue;
    (out as Record<string, unknown>)[key] = Array.isArray(value) ? [...new Set(value)].sort() : value;
  }
  return out;
}

/** Validates a filter given as an object (a JSON body or the UI's state). */
export function parseHistoryFilter(input: unknown): FilterParse {
  const result = historyFilterSchema.safeParse(input ?? {});
  if (result.success) return { ok: true, filter: normalize(result.data) };
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join(".") || "filter", message: issue.message }));
  return { ok: false, message: issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues };
}

/**
 * Reads the filter from a query string. Other keys (cursor, limit, format) are the caller's; list
 * keys may repeat or be comma-separated (`host=bfl,fal`).
 */
export function filterFromSearchParams(params: URLSearchParams): FilterParse {
  const raw: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) {
    const values = params.getAll(key).flatMap((v) => (LIST_KEYS.has(key) ? v.split(",") : [v])).map((v) => v.trim()).filter(Boolean);
    if (values.length === 0) continue;
    if (LIST_KEYS.has(key)) raw[key] = values;
    else if (key === "favorites") {
      const flag = values[0].toLowerCase();
      if (!["1", "true", "0", "false"].includes(flag)) return { ok: false, message: "favorites: 1 or 0", issues: [{ path: "favorites", message: "1 (only favourites) or 0" }] };
      raw.favorites = flag === "1" || flag === "true";
    } else raw[key] = values[0];
  }
  return parseHistoryFilter(raw);
}

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
