/**
 * The gallery at scale: N history entries seeded straight into a fresh database, then the server
 * (production build) answers the gallery's requests. "Server time" is the route's own measure
 * (its Server-Timing header); "round trip" adds HTTP on this machine.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedHistory, seedPlan } from "../tests/fixtures/history-seed";

export interface BenchServer {
  start: (dataDir: string, env?: Record<string, string>) => Promise<ChildProcess>;
  origin: string;
  summary: (values: number[]) => unknown;
}

const SAMPLES = 30;

/**
 * The gallery's requests, as the page makes them: the first page, a filtered page (and the page
 * after each), then what loads beside them: the header's totals and the /history spend panel.
 */
const REQUESTS: [string, string][] = [
  ["firstPage", "/api/v1/history?limit=24&totals=0"],
  ["filteredPage", "/api/v1/history?limit=24&totals=0&host=fal&host=bfl&model=flux-pro-1.1&q=fox"],
  ["favouritesPage", "/api/v1/history?limit=24&totals=0&favorites=1"],
  ["noMatchSearch", "/api/v1/history?limit=24&totals=0&q=zebra"],
  ["totals", "/api/v1/history/totals"],
  ["totalsFiltered", "/api/v1/history/totals?host=fal&host=bfl&model=flux-pro-1.1&q=fox"],
  ["spend", "/api/v1/history/spend?tz=Europe%2FParis"],
];

async function seed(dataDir: string, entries: number, databaseUrl: string | undefined) {
  process.env.DATA_DIR = dataDir;
  if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
  else delete process.env.DATABASE_URL;
  const { resetEnvCache } = await import("@/lib/env");
  const { closeDb } = await import("@/lib/db/client");
  const { currentUserId, forgetLocalUser } = await import("@/lib/auth/current-user");
  resetEnvCache();
  forgetLocalUser();
  const started = Date.now();
  await seedHistory(await currentUserId(), seedPlan(entries, { stepMs: 60_000 }));
  const seedSeconds = (Date.now() - started) / 1000;
  // The server's sweep analyses grown tables within a minute of start (PGlite has no autovacuum),
  // PostgreSQL's autovacuum as soon as it wakes: done here, so the server is measured as it then runs.
  const analyzing = Date.now();
  if (databaseUrl) {
    const [{ getDb }, { sql }] = await Promise.all([import("@/lib/db/client"), import("drizzle-orm")]);
    await (await getDb()).execute(sql`analyze`);
  } else {
    const { analyzeStaleTables } = await import("@/lib/db/statistics");
    await analyzeStaleTables();
  }
  const analyzeSeconds = (Date.now() - analyzing) / 1000;
  // PGlite is one process's: close it before the server opens the same directory.
  await closeDb();
  return { seedSeconds, analyzeSeconds };
}

async function measure(origin: string, pathname: string) {
  const server: number[] = [];
  const roundTrip: number[] = [];
  let nextPage: number[] = [];
  for (let i = 0; i < SAMPLES + 3; i++) {
    const started = performance.now();
    const res = await fetch(`${origin}${pathname}`);
    const body = (await res.json()) as { nextCursor?: string | null };
    const elapsed = performance.now() - started;
    if (!res.ok) throw new Error(`${pathname}: ${res.status} ${JSON.stringify(body)}`);
    const timing = /dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "");
    if (i < 3) continue; // warm-up
    roundTrip.push(elapsed);
    if (timing) server.push(Number(timing[1]));
    if (body.nextCursor && i === 3) nextPage = await (async () => {
      const times: number[] = [];
      for (let k = 0; k < 10; k++) {
        const r = await fetch(`${origin}${pathname}&cursor=${body.nextCursor}`);
        await r.json();
        times.push(Number(/dur=([\d.]+)/.exec(r.headers.get("server-timing") ?? "")?.[1] ?? NaN));
      }
      return times;
    })();
  }
  return { server, roundTrip, nextPage };
}

/** A fresh PostgreSQL database (from an admin URL) for one bench, dropped afterwards. */
export async function freshPostgres(adminUrl: string, label: string | number) {
  const pg = (await import("pg")).default;
  const name = `flux_bench_${label}_${Date.now()}`;
  const run = async (query: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(query);
    await client.end();
  };
  await run(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

export async function benchHistory(bench: BenchServer, sizes: number[], postgresAdminUrl?: string) {
  const out: Record<string, unknown> = { database: postgresAdminUrl ? "postgresql" : "pglite" };
  for (const entries of sizes) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "flux-bench-history-"));
    const postgres = postgresAdminUrl ? await freshPostgres(postgresAdminUrl, entries) : null;
    const databaseUrl = postgres?.url;
    const prepared = await seed(dataDir, entries, databaseUrl);
    const child = await bench.start(dataDir, databaseUrl ? { DATABASE_URL: databaseUrl } : {});
    try {
      const row: Record<string, unknown> = { ...prepared };
      for (const [name, pathname] of REQUESTS) {
        const { server, roundTrip, nextPage } = await measure(bench.origin, pathname);
        row[name] = { serverMs: bench.summary(server), roundTripMs: bench.summary(roundTrip), ...(nextPage.length ? { nextPageServerMs: bench.summary(nextPage) } : {}) };
      }
      out[`${entries}`] = row;
      console.error(`history ${entries}: ${JSON.stringify(row)}`);
    } finally {
      child.kill();
      await new Promise((r) => child.once("exit", r));
      await postgres?.drop();
    }
  }
  return out;
}
