import path from "node:path";
import { mkdir } from "node:fs/promises";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

interface OpenDb {
  key: string;
  db: Db;
  close: () => Promise<void>;
}

// Kept on globalThis: Next may evaluate this module in several bundles of one process, and an
// embedded database directory must be opened once per process.
const holder = globalThis as unknown as { __fluxDb?: Promise<OpenDb> };

const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "lib/db/migrations");
// Any constant works: it serialises migrations of several instances sharing one PostgreSQL.
const MIGRATION_LOCK_ID = 727_001;

function configKey() {
  const e = env();
  return e.DATABASE_URL ? `pg:${e.DATABASE_URL}` : `pglite:${path.resolve(e.DATA_DIR, "db")}`;
}

async function open(): Promise<OpenDb> {
  const e = env();
  const key = configKey();
  if (e.DATABASE_URL) {
    const [{ Pool }, { drizzle }, { migrate }] = await Promise.all([
      import("pg"),
      import("drizzle-orm/node-postgres"),
      import("drizzle-orm/node-postgres/migrator"),
    ]);
    const pool = new Pool({ connectionString: e.DATABASE_URL, max: 10 });
    const db = drizzle(pool, { schema });
    const client = await pool.connect();
    try {
      await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
      await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
      client.release();
    }
    return { key, db: db as unknown as Db, close: () => pool.end() };
  }
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  const dir = path.resolve(e.DATA_DIR, "db");
  await mkdir(dir, { recursive: true });
  const client = await PGlite.create(dir);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { key, db: db as unknown as Db, close: () => client.close() };
}

/** The database, opened (and migrated) on first use, never at import time. */
export async function getDb(): Promise<Db> {
  const key = configKey();
  let current = holder.__fluxDb;
  if (current) {
    const opened = await current.catch(() => null);
    if (opened && opened.key === key) return opened.db;
    if (opened) await opened.close().catch(() => {});
    holder.__fluxDb = undefined;
  }
  current = open();
  holder.__fluxDb = current;
  try {
    return (await current).db;
  } catch (error) {
    holder.__fluxDb = undefined;
    const where = env().DATABASE_URL ? "DATABASE_URL" : `the embedded database in ${env().DATA_DIR}/db`;
    throw new Error(`Could not open ${where}: ${(error as Error).message}`, { cause: error });
  }
}

export async function closeDb(): Promise<void> {
  const current = holder.__fluxDb;
  holder.__fluxDb = undefined;
  if (current) await (await current.catch(() => null))?.close();
}
