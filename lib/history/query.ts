import { sql, type SQL } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { rowsOf } from "@/lib/db/queries";
import { comparisons, generations, images } from "@/lib/db/schema";
import type { HistoryTotals } from "@/lib/jobs/types";
import type { HistoryFilter } from "./filters";

/**
 * The history's SQL. One predicate says whether a run (a generation, cells included, alias `g`)
 * matches a filter; the gallery lists single runs that match and comparisons with a matching cell,
 * and the spend adds up every matching run. Deleted runs never match.
 */

/** What a run cost: billed when the host billed it, else the estimate (sandbox: the list price it would have cost). */
export const RUN_COST = sql.raw(`(case when g.billed_usd is null or g.billed_source = 'sandbox' then g.estimated_usd else g.billed_usd end)`);

/** The host that made a run's images (and billed it): its own, or the failover host that took over. */
export const SERVED_BY = sql.raw(`coalesce(g.served_by, g.provider)`);

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `userId` null: the runs are already known to be the user's (cells of the user's comparison). */
export function runMatches(userId: string | null, filter: HistoryFilter): SQL {
  const tz = filter.tz ?? "UTC";
  const parts: SQL[] = [userId === null ? sql`true` : sql`g.user_id = ${userId}`, sql`g.deleted_at is null`];
  // A run that failed over belongs to the host that served it: its cost landed there.
  if (filter.host?.length) parts.push(sql`${SERVED_BY} in ${filter.host}`);
  if (filter.model?.length) parts.push(sql`g.model in ${filter.model}`);
  if (filter.status?.length) parts.push(sql`g.status in ${filter.status}`);
  // Midnight of the day in the filter's zone, as an instant (daylight saving included).
  if (filter.from) parts.push(sql`g.created_at >= (${filter.from}::date::timestamp at time zone ${tz})`);
  if (filter.to) parts.push(sql`g.created_at < ((${filter.to}::date + 1)::timestamp at time zone ${tz})`);
  if (filter.favorites) parts.push(sql`exists (select 1 from ${images} fav where fav.generation_id = g.id and fav.favorite and fav.deleted_at is null)`);
  if (filter.minCost !== undefined) parts.push(sql`${RUN_COST} >= ${filter.minCost}`);
  if (filter.maxCost !== undefined) parts.push(sql`${RUN_COST} <= ${filter.maxCost}`);
  if (filter.q) parts.push(sql`g.params->>'prompt' ilike ${`%${escapeLike(filter.q)}%`}`);
  return sql.join(parts, sql` and `);
}

const hasConditions = (filter: HistoryFilter) => Object.keys(filter).some((k) => k !== "tz");

export interface HistoryKey {
  kind: "generation" | "comparison";
  id: string;
  /** To the microsecond, as the database keeps it: a millisecond cursor would skip rows made in the same millisecond. */
  createdAt: string;
}

export interface HistoryCursor {
  createdAt: string;
  id: string;
}

/** Rows strictly after the cursor in (created_at desc, id desc) order. */
const afterCursor = (alias: string, cursor: HistoryCursor | null): SQL =>
  cursor ? sql`and (${sql.raw(alias)}.created_at, ${sql.raw(alias)}.id) < (${cursor.createdAt}::timestamptz, ${cursor.id})` : sql``;

/** created_at as ISO text with its microseconds, for cursors. */
const createdAtText = (alias: string): SQL => sql.raw(`to_char(${alias}.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);

// "desc nulls last" everywhere: the indexes are built that way (drizzle's .desc()), and a plain
// "desc" (nulls first) ordering cannot walk them.

/**
 * One page of the history, newest first: single runs and comparisons, keyset-paged on
 * (created_at, id) across both tables. Each side walks its own index and stops at the page size,
 * so a page costs the same at 1,000 or 100,000 rows (a selective filter walks further).
 */
export async function listHistoryKeys(userId: string, filter: HistoryFilter, cursor: HistoryCursor | null, limit: number): Promise<{ keys: HistoryKey[]; hasMore: boolean }> {
  const db = await getDb();
  const after = (alias: string) => afterCursor(alias, cursor);
  const matching = runMatches(userId, filter);
  const comparisonMatches = hasConditions(filter)
    ? // "offset 0" keeps this a per-comparison index lookup of its few cells: pulled up into a join,
      // the planner scanned every run for every comparison (7 s at 100k runs on PGlite).
      // No user condition inside: the comparison is the user's, and comparison_id is then the only
      // indexed condition, so even an unanalysed PGlite (no autovacuum) looks the cells up by it.
      sql`and exists (select 1 from ${generations} g where g.comparison_id = c.id and ${runMatches(null, filter)} offset 0)`
    : sql``;
  const result = await db.execute(sql`
    select kind, id, ${createdAtText("entries")} as created_at from (
      (select 'generation' as kind, g.id, g.created_at from ${generations} g
        where g.comparison_id is null and ${matching} ${after("g")}
        order by g.created_at desc nulls last, g.id desc nulls last limit ${limit + 1})
      union all
      (select 'comparison' as kind, c.id, c.created_at from ${comparisons} c
        where c.user_id = ${userId} and c.deleted_at is null ${after("c")} ${comparisonMatches}
        order by c.created_at desc nulls last, c.id desc nulls last limit ${limit + 1})
    ) entries
    order by entries.created_at desc nulls last, entries.id desc nulls last
    limit ${limit + 1}`);
  const keys = rowsOf<{ kind: HistoryKey["kind"]; id: string; created_at: string }>(result).map((r) => ({ kind: r.kind, id: r.id, createdAt: r.created_at }));
  return { keys: keys.slice(0, limit), hasMore: keys.length > limit };
}

export interface SpendRow {
  day: string;
  provider: string;
  model: string;
  generations: number;
  images: number;
  estimatedUsd: number;
  billedUsd: number;
}

/**
 * Matching runs added up per day (in the filter's zone), host and model: one row per combination.
 * The day is a date cast, not to_char: to_char costs ~4x more per row in PGlite.
 */
export async function spendRows(userId: string, filter: HistoryFilter): Promise<SpendRow[]> {
  const db = await getDb();
  // Grouped by the date itself, made text only for the few result rows: a text key costs a
  // conversion per run and makes PostgreSQL sort 100k rows on disk instead of hashing them.
  const day = sql`(g.created_at at time zone ${filter.tz ?? "UTC"})::date`;
  const matching = runMatches(userId, filter);
  // Two plain grouped scans: joining runs to their image counts first is ~2x slower in PGlite.
  const runs = rowsOf<{ day: string; provider: string; model: string; generations: number; estimated_usd: number; billed_usd: number }>(
    await db.execute(sql`
      select day::text as day, provider, model, generations, estimated_usd, billed_usd from (
        select ${day} as day, ${SERVED_BY} as provider, g.model, count(*)::int as generations,
          coalesce(sum(g.estimated_usd), 0)::float8 as estimated_usd, coalesce(sum(g.billed_usd), 0)::float8 as billed_usd
        from ${generations} g where ${matching} group by 1, 2, 3) per_day
      order by 1, 2, 3`),
  );
  const shown = rowsOf<{ day: string; provider: string; model: string; images: number }>(
    await db.execute(sql`
      select day::text as day, provider, model, images from (
        select ${day} as day, ${SERVED_BY} as provider, g.model, count(*)::int as images
        from ${images} i join ${generations} g on g.id = i.generation_id
        where i.deleted_at is null and ${matching} group by 1, 2, 3) per_day`),
  );
  const imagesOf = new Map(shown.map((r) => [`${r.day}|${r.provider}|${r.model}`, Number(r.images)]));
  return runs.map((r) => ({
    day: r.day,
    provider: r.provider,
    model: r.model,
    generations: Number(r.generations),
    images: imagesOf.get(`${r.day}|${r.provider}|${r.model}`) ?? 0,
    estimatedUsd: Number(r.estimated_usd),
    billedUsd: Number(r.billed_usd),
  }));
}

/** Runs, images and cost of everything matching the filter. */
export async function historyTotals(userId: string, filter: HistoryFilter = {}): Promise<HistoryTotals> {
  const db = await getDb();
  const result = await db.execute(sql`
    with runs as (select g.id, g.estimated_usd, g.billed_usd from ${generations} g where ${runMatches(userId, filter)})
    select (select count(*)::int from runs) as generations,
      (select count(*)::int from ${images} i join runs on runs.id = i.generation_id where i.deleted_at is null) as images,
      (select coalesce(sum(estimated_usd), 0)::float8 from runs) as estimated_usd,
      (select coalesce(sum(billed_usd), 0)::float8 from runs) as billed_usd`);
  const [row] = rowsOf<{ generations: number; images: number; estimated_usd: number; billed_usd: number }>(result);
  return { generations: Number(row.generations), images: Number(row.images), estimatedUsd: Number(row.estimated_usd), billedUsd: Number(row.billed_usd) };
}

/**
 * Every run matching the filter, comparison cells included, newest first, a page at a time: the
 * export walks the whole history without holding it in memory.
 */
export async function* matchingRunIds(userId: string, filter: HistoryFilter, pageSize = 500): AsyncGenerator<string[]> {
  const db = await getDb();
  let cursor: HistoryCursor | null = null;
  for (;;) {
    const result: unknown = await db.execute(sql`
      select g.id, ${createdAtText("g")} as created_at
      from ${generations} g where ${runMatches(userId, filter)} ${afterCursor("g", cursor)}
      order by g.created_at desc nulls last, g.id desc nulls last limit ${pageSize}`);
    const rows = rowsOf<{ id: string; created_at: string }>(result);
    if (rows.length > 0) yield rows.map((r) => r.id);
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    cursor = { createdAt: last.created_at, id: last.id };
  }
}
