import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentUserId } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { rowsOf } from "@/lib/db/queries";
import { analyzeStaleTables } from "@/lib/db/statistics";
import { seedHistory, seedPlan } from "../fixtures/history-seed";
import { useAppEnv } from "./helpers/app-env";
import { backends, createTestData, type TestData } from "./helpers/test-database";

/** What the planner believes about a table: rows and pages as of the last ANALYZE (-1: never). */
async function plannerView(table: string) {
  const [row] = rowsOf<{ reltuples: number; relpages: number }>(await (await getDb()).execute(sql`select reltuples, relpages from pg_class where relname = ${table}`));
  return { rows: Number(row.reltuples), pages: Number(row.relpages) };
}

describe.each(backends())("planner statistics on %s", (backend) => {
  let data: TestData;
  let env: { restore: () => Promise<void> };

  beforeAll(async () => {
    data = await createTestData(backend);
    env = await useAppEnv(data, {});
    await currentUserId();
  });
  afterAll(async () => {
    await env.restore();
    await data.dispose();
  });

  if (backend === "postgres") {
    it("leaves PostgreSQL to its autovacuum", async () => {
      expect(await analyzeStaleTables()).toEqual([]);
    });
    return;
  }

  it("analyses every table never analysed, then nothing while they stay the same size", async () => {
    expect((await plannerView("generations")).rows).toBe(-1);
    const first = await analyzeStaleTables();
    expect(first).toEqual(expect.arrayContaining(["generations", "images", "comparisons", "users"]));
    expect((await plannerView("generations")).rows).toBe(0);
    expect(await analyzeStaleTables()).toEqual([]);
  });

  it("analyses a table again once it has grown, and the planner then knows its size", async () => {
    await seedHistory(await currentUserId(), seedPlan(2_000));
    const [{ count }] = rowsOf<{ count: number }>(await (await getDb()).execute(sql`select count(*)::int as count from generations`));
    const again = await analyzeStaleTables();
    expect(again).toEqual(expect.arrayContaining(["generations", "images"]));
    const view = await plannerView("generations");
    expect(view.rows).toBe(count);
    expect(view.pages).toBeGreaterThan(8);
    expect(await analyzeStaleTables()).toEqual([]);
  }, 180_000);
});
