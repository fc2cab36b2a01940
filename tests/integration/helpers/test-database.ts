import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { thumbnailsIdle } from "@/lib/storage/image-store";

/**
 * Where a test's data lives. Every database-backed suite runs on the embedded PGlite, and also on
 * PostgreSQL when TEST_DATABASE_URL is set (CI sets it): each gets a fresh database of its own.
 */
export type Backend = "pglite" | "postgres";

export function backends(): Backend[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export interface TestData {
  dataDir: string;
  /** Set for the postgres backend. */
  databaseUrl: string | undefined;
  dispose: () => Promise<void>;
}

export async function createTestData(backend: Backend): Promise<TestData> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "flux-test-"));
  if (backend === "pglite") {
    return { dataDir, databaseUrl: undefined, dispose: async () => {
      await thumbnailsIdle();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `flux_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    dispose: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      await thumbnailsIdle();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}
