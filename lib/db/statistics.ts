import { sql } from "drizzle-orm";
import { env } from "@/lib/env";
import { getDb } from "./client";
import { rowsOf } from "./queries";

/**
 * The embedded PGlite has no autovacuum, so nothing ever gives its planner statistics: on a history
 * of 100,000 runs it then guesses, and the gallery's totals take 0.8 s instead of 0.25 s (spend
 * 1.2 s instead of 0.6 s; bench/history.ts). This does the analyze half of autovacuum's job: a
 * table never analysed, or grown by a tenth since (in pages: its file's size against what the last
 * ANALYZE saw), is analysed again. PostgreSQL's own autovacuum does this there, so this is PGlite's.
 */
const STALE_TABLES = sql`
  select c.relname as name
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind = 'r'
    and (c.reltuples < 0
      or pg_relation_size(c.oid) / current_setting('block_size')::int > c.relpages * 1.1 + 8)`;

/** Tables analysed by this call (none when all are fresh, or on PostgreSQL). */
export async function analyzeStaleTables(): Promise<string[]> {
  if (env().DATABASE_URL) return [];
  const db = await getDb();
  const names = rowsOf<{ name: string }>(await db.execute(STALE_TABLES)).map((row) => row.name);
  // One table at a time: PGlite answers nothing else meanwhile, and a table takes ~0.1–1 s at 100k rows.
  for (const name of names) await db.execute(sql`analyze ${sql.identifier(name)}`);
  return names;
}
