import { z } from "zod";
import { MODEL_IDS } from "@/lib/models/catalog";
import { GENERATION_STATUSES } from "@/lib/jobs/types";
import { PROVIDER_IDS } from "@/lib/providers/types";
import { MAX_QUERY_LENGTH, normalize, readFilterParams, type FilterParse } from "./filters";
import { parseInput } from "@/lib/validation/input";

/** The filter's rules (zod): the API validates every request with them, the filter bar every edit. */

const day = z
  .string()
  // Year 0 is a JavaScript date but not a PostgreSQL one.
  .regex(/^(?!0000)\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "a real calendar date");
const usd = z.coerce.number({ error: "a number of US dollars" }).finite("a number of US dollars").min(0, "0 or more");
const oneOf = (allowed: readonly string[], what: string) =>
  z.array(z.enum(allowed as [string, ...string[]], { error: `${what} must be one of: ${allowed.join(", ")}` })).min(1);

function isTimeZone(value: string): boolean {
  // An offset ("+01:00") means the opposite sign to PostgreSQL's AT TIME ZONE (POSIX): names only.
  if (/^[+-]/.test(value)) return false;
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
    favorites: z.boolean({ error: "1 (only favourites) or 0" }).optional(),
    minCost: usd.optional(),
    maxCost: usd.optional(),
    q: z.string().trim().max(MAX_QUERY_LENGTH, `at most ${MAX_QUERY_LENGTH} characters`).optional(),
    tz: z.string().refine(isTimeZone, "an IANA time zone such as Europe/Paris or UTC").optional(),
  })
  .strict()
  .refine((f) => !(f.from && f.to && f.from > f.to), { path: ["to"], message: "the last day must not be before the first (from)" })
  .refine((f) => !(f.minCost !== undefined && f.maxCost !== undefined && f.minCost > f.maxCost), { path: ["maxCost"], message: "maxCost must not be below minCost" });

/** Validates a filter given as an object (a JSON body or the UI's state). */
export function parseHistoryFilter(input: unknown): FilterParse {
  const result = parseInput(historyFilterSchema, input ?? {});
  if (result.success) return { ok: true, filter: normalize(result.data) };
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join(".") || "filter", message: issue.message }));
  return { ok: false, message: issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues };
}

/** Reads and validates the filter of a query string. */
export function filterFromSearchParams(params: URLSearchParams): FilterParse {
  return parseHistoryFilter(readFilterParams(params));
}
