import { readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";

/**
 * Migration 0009 gives every stored comparison its cells: its model on each of its hosts, in
 * column order. Run on a database migrated up to the one before it, holding comparisons of before.
 */
const FOLDER = path.resolve(import.meta.dirname, "../../lib/db/migrations");
const journal = JSON.parse(readFileSync(path.join(FOLDER, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
const CELLS = journal.entries.findIndex((e) => e.tag.endsWith("_comparison_cells"));

async function apply(db: PGlite, tag: string) {
  for (const statement of readFileSync(path.join(FOLDER, `${tag}.sql`), "utf8").split("--> statement-breakpoint")) {
    if (statement.trim()) await db.exec(statement);
  }
}

describe("migration: comparison cells", () => {
  it("backfills each comparison's cells from its model × providers; new rows default to none", async () => {
    expect(CELLS).toBeGreaterThan(0);
    const db = new PGlite();
    try {
      for (const entry of journal.entries.slice(0, CELLS)) await apply(db, entry.tag);
      await db.exec(`INSERT INTO users (id, name) VALUES ('u', 'u')`);
      await db.exec(`INSERT INTO comparisons (id, user_id, model, params, providers, seeds) VALUES
        ('a', 'u', 'flux-dev', '{"prompt":"p"}', '["replicate","fal","bfl"]', '[1]'),
        ('b', 'u', 'flux-pro-1.1', '{"prompt":"p"}', '[]', '[1]')`);
      await apply(db, journal.entries[CELLS].tag);
      const { rows } = await db.query<{ id: string; cells: unknown }>(`SELECT id, cells FROM comparisons ORDER BY id`);
      expect(rows).toEqual([
        { id: "a", cells: [{ model: "flux-dev", provider: "replicate" }, { model: "flux-dev", provider: "fal" }, { model: "flux-dev", provider: "bfl" }] },
        { id: "b", cells: [] },
      ]);
      await db.exec(`INSERT INTO comparisons (id, user_id, model, params, providers, seeds) VALUES ('c', 'u', 'flux-dev', '{}', '["fal"]', '[1]')`);
      expect((await db.query(`SELECT cells FROM comparisons WHERE id = 'c'`)).rows).toEqual([{ cells: [] }]);
    } finally {
      await db.close();
    }
  }, 60_000);
});
