import { existsSync } from "node:fs";
import sharp from "sharp";
import { eq, inArray, sql } from "drizzle-orm";
import yauzl from "yauzl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentUserId } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { generations, images, shares, users } from "@/lib/db/schema";
import type { HistoryEntry } from "@/lib/compare/types";
import type { HistoryFilter } from "@/lib/history/filters";
import { filterToSearchParams } from "@/lib/history/filters";
import { purgeDeleted } from "@/lib/history/mutations";
import type { DeleteResult, HistoryPage, RestoreResult, SpendReport } from "@/lib/history/types";
import type { GenerationDto, HistoryTotals } from "@/lib/jobs/types";
import { resolveShare } from "@/lib/shares/service";
import { imagePath, storeImage } from "@/lib/storage/image-store";
import { GET as listRoute } from "@/app/api/v1/history/route";
import { GET as spendRoute } from "@/app/api/v1/history/spend/route";
import { GET as totalsRoute } from "@/app/api/v1/history/totals/route";
import { GET as exportRoute } from "@/app/api/v1/history/export/route";
import { POST as deleteRoute } from "@/app/api/v1/history/delete/route";
import { POST as restoreRoute } from "@/app/api/v1/history/restore/route";
import { PATCH as favoriteRoute } from "@/app/api/v1/images/[id]/route";
import { seedHistory, seedPlan, type SeedPlan, type SeedRun } from "../fixtures/history-seed";
import { useAppEnv } from "./helpers/app-env";
import { backends, createTestData, type TestData } from "./helpers/test-database";

const ORIGIN = "http://history.test";
const SEEDED = 1_000;

/** The filter's meaning, written again in plain code over the seed plan: what the SQL must return. */
// A formatter per time zone: making one is costly, and the oracle asks for thousands of days.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormat = (tz: string) =>
  dayFormats.get(tz) ?? dayFormats.set(tz, new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" })).get(tz)!;

function runMatches(run: SeedRun, f: HistoryFilter): boolean {
  const day = dayFormat(f.tz ?? "UTC").format(run.createdAt);
  const cost = run.billedUsd ?? run.estimatedUsd;
  if (f.host && !f.host.includes(run.provider)) return false;
  if (f.model && !f.model.includes(run.model)) return false;
  if (f.status && !f.status.includes(run.status)) return false;
  if (f.from && day < f.from) return false;
  if (f.to && day > f.to) return false;
  if (f.favorites && !run.images.some((i) => i.favorite)) return false;
  if (f.minCost !== undefined && cost < f.minCost) return false;
  if (f.maxCost !== undefined && cost > f.maxCost) return false;
  if (f.q && !run.prompt.toLowerCase().includes(f.q.toLowerCase())) return false;
  return true;
}

/** Entry ids the gallery should list, newest first: matching single runs, and comparisons with a matching cell. */
function expectedEntries(plan: SeedPlan, f: HistoryFilter): string[] {
  // One pass over the runs: a comparison matches when any of its cells does.
  const matchingComparisons = new Set(plan.runs.filter((r) => r.comparisonId && runMatches(r, f)).map((r) => r.comparisonId));
  const entries = [
    ...plan.runs.filter((r) => !r.comparisonId && runMatches(r, f)).map((r) => ({ id: `generation:${r.id}`, at: r.createdAt.getTime(), key: r.id })),
    ...plan.comparisons
      .filter((c) => matchingComparisons.has(c.id))
      .map((c) => ({ id: `comparison:${c.id}`, at: c.createdAt.getTime(), key: c.id })),
  ];
  return entries.sort((a, b) => b.at - a.at || (b.key > a.key ? 1 : -1)).map((e) => e.id);
}

const entryId = (e: HistoryEntry) => (e.kind === "generation" ? `generation:${e.generation.id}` : `comparison:${e.comparison.id}`);
const url = (path: string, params: URLSearchParams = new URLSearchParams()) => `${ORIGIN}${path}${params.size ? `?${params}` : ""}`;
const post = (handler: (r: Request) => Promise<Response>, path: string, body: unknown) =>
  handler(new Request(url(path), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }));

async function listAll(filter: HistoryFilter, limit = 100): Promise<{ ids: string[]; pages: HistoryPage[] }> {
  const pages: HistoryPage[] = [];
  let cursor: string | null = null;
  do {
    const params = filterToSearchParams(filter);
    params.set("limit", String(limit));
    if (cursor) params.set("cursor", cursor);
    const res = await listRoute(new Request(url("/api/v1/history", params)));
    expect(res.status).toBe(200);
    const page = (await res.json()) as HistoryPage;
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor);
  return { ids: pages.flatMap((p) => p.items.map(entryId)), pages };
}

async function readZip(buffer: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))));
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", () => resolve());
    zip.on("entry", (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return reject(error);
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          out.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return out;
}

const tinyPng = (r: number) => sharp({ create: { width: 8, height: 8, channels: 3, background: { r, g: 40, b: 90 } } }).png().toBuffer();

describe.each(backends())("history on %s", (backend) => {
  let data: TestData;
  let env: { restore: () => Promise<void> };
  let userId: string;
  let plan: SeedPlan;

  beforeAll(async () => {
    data = await createTestData(backend);
    env = await useAppEnv(data, { APP_URL: ORIGIN, HISTORY_UNDO_MS: "60000" });
    userId = await currentUserId();
    plan = seedPlan(SEEDED);
    await seedHistory(userId, plan);
    // Somebody else's history never shows.
    await (await getDb()).insert(users).values({ id: "someone-else", name: "Someone else" }).onConflictDoNothing();
    await seedHistory("someone-else", seedPlan(30, { prefix: "other" }));
  }, 120_000);
  afterAll(async () => {
    await env.restore();
    await data.dispose();
  });

  describe("filters and search over 1,000 seeded entries", () => {
    const filters: [string, HistoryFilter][] = [
      ["no filter", {}],
      ["one host", { host: ["fal"] }],
      ["two hosts", { host: ["bfl", "runware"] }],
      ["a model", { model: ["flux-pro-1.1-ultra"] }],
      ["failed runs", { status: ["failed"] }],
      ["failed or canceled", { status: ["failed", "canceled"] }],
      ["favourites", { favorites: true }],
      ["a date range", { from: "2026-11-18", to: "2026-11-19" }],
      ["a date range in Tokyo", { from: "2026-11-18", to: "2026-11-19", tz: "Asia/Tokyo" }],
      ["cost from", { minCost: 0.05 }],
      ["cost range", { minCost: 0.036, maxCost: 0.04 }],
      ["free runs", { maxCost: 0 }],
      ["prompt search", { q: "red FOX" }],
      ["search with % (literal)", { q: "100%" }],
      ["search with _ (literal)", { q: "under_water" }],
      ["search with no match", { q: "zebra" }],
      ["combined", { host: ["fal", "bfl", "replicate"], model: ["flux-pro-1.1"], status: ["succeeded"], q: "lighthouse", from: "2026-11-15" }],
    ];

    it.each(filters)("%s: exactly the matching entries, newest first, across pages", async (_, filter) => {
      const expected = expectedEntries(plan, filter);
      const { ids, pages } = await listAll(filter, 37);
      expect(ids).toEqual(expected);
      // Totals are the filter's, on every page.
      const runs = plan.runs.filter((r) => runMatches(r, filter));
      expect(pages[0].totals?.generations).toBe(runs.length);
      expect(pages[0].totals?.images).toBe(runs.reduce((n, r) => n + r.images.length, 0));
      expect(pages[0].totals?.estimatedUsd).toBeCloseTo(runs.reduce((n, r) => n + r.estimatedUsd, 0), 6);
      // The gallery asks for them apart (totals=0 on its pages).
      const apart = (await (await totalsRoute(new Request(url("/api/v1/history/totals", filterToSearchParams(filter))))).json()) as HistoryTotals;
      expect(apart).toEqual(pages[0].totals);
      const params = filterToSearchParams(filter);
      params.set("totals", "0");
      expect(((await (await listRoute(new Request(url("/api/v1/history", params)))).json()) as HistoryPage).totals).toBeNull();
    });

    it("the filters are not vacuous: each selects a proper, non-empty subset", () => {
      const all = expectedEntries(plan, {}).length;
      for (const [name, filter] of filters.slice(1)) {
        const n = expectedEntries(plan, filter).length;
        if (name === "search with no match") expect(n).toBe(0);
        else {
          expect(n, name).toBeGreaterThan(0);
          expect(n, name).toBeLessThan(all);
        }
      }
    });

    it("a bad filter is a 400 naming the field and what is allowed", async () => {
      for (const [query, path] of [
        ["host=nope", "host.0"],
        ["from=2026-13-01", "from"],
        ["from=2026-11-20&to=2026-11-01", "to"],
        ["minCost=-1", "minCost"],
        ["minCost=2&maxCost=1", "maxCost"],
        ["tz=Mars/Olympus", "tz"],
        ["favorites=maybe", "favorites"],
        ["from=0000-01-01", "from"],
      ]) {
        const res = await listRoute(new Request(`${ORIGIN}/api/v1/history?${query}`));
        expect(res.status, query).toBe(400);
        const body = (await res.json()) as { error: { message: string; issues: { path: string }[] } };
        expect(body.error.issues.map((i) => i.path), query).toContain(path);
      }
    });

    it("a cursor that is not one of ours is a 400, not a database error", async () => {
      const forged = Buffer.from(JSON.stringify({ createdAt: "x 2024", id: "a" })).toString("base64url");
      for (const cursor of [forged, "garbage"]) {
        const res = await listRoute(new Request(`${ORIGIN}/api/v1/history?cursor=${cursor}`));
        expect(res.status, cursor).toBe(400);
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/cursor/i);
      }
    });

    it("spend adds up the matching runs per day, host and model", async () => {
      const filter: HistoryFilter = { model: ["flux-pro-1.1"], tz: "Europe/Paris" };
      const res = await spendRoute(new Request(url("/api/v1/history/spend", filterToSearchParams(filter))));
      const spend = (await res.json()) as SpendReport;
      const runs = plan.runs.filter((r) => runMatches(r, filter));
      expect(spend.totals.generations).toBe(runs.length);
      expect(spend.totals.billedUsd).toBeCloseTo(runs.reduce((n, r) => n + (r.billedUsd ?? 0), 0), 3);
      expect(spend.byModel.map((m) => m.model)).toEqual(["flux-pro-1.1"]);
      expect(spend.byHost.reduce((n, h) => n + h.generations, 0)).toBe(runs.length);
      const fal = runs.filter((r) => r.provider === "fal");
      expect(spend.byHost.find((h) => h.provider === "fal")?.estimatedUsd).toBeCloseTo(fal.reduce((n, r) => n + r.estimatedUsd, 0), 3);
      const days = [...new Set(runs.map((r) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(r.createdAt)))].sort();
      expect(spend.byDay.map((d) => d.day)).toEqual(days);
      expect(spend.timeZone).toBe("Europe/Paris");
    });

    it("the JSON export holds every matching run with its parameters", async () => {
      const res = await exportRoute(new Request(url("/api/v1/history/export", new URLSearchParams({ format: "json" }))));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="flux-history-\d{4}-\d{2}-\d{2}\.json"/);
      const doc = (await res.json()) as { count: number; generations: GenerationDto[] };
      expect(doc.count).toBe(plan.runs.length);
      expect(new Set(doc.generations.map((g) => g.id))).toEqual(new Set(plan.runs.map((r) => r.id)));
      const sample = plan.runs[123];
      const exported = doc.generations.find((g) => g.id === sample.id)!;
      expect(exported.params.prompt).toBe(sample.prompt);
      expect(exported.provider).toBe(sample.provider);
      expect(exported.images.map((i) => i.id)).toEqual(sample.images.map((i) => i.id));

      const filtered = await exportRoute(new Request(url("/api/v1/history/export", new URLSearchParams({ format: "json", host: "fal", q: "fox" }))));
      const part = (await filtered.json()) as { count: number; generations: GenerationDto[] };
      expect(part.generations.map((g) => g.id).sort()).toEqual(plan.runs.filter((r) => runMatches(r, { host: ["fal"], q: "fox" })).map((r) => r.id).sort());
    });

    it("the zip holds history.json and every original image of the filter; missing files are listed, not fatal", async () => {
      // Two of the seeded images get real files; the others' files do not exist.
      const withFiles = plan.runs.filter((r) => r.images.length > 0 && r.provider === "runflow" && r.prompt.includes("koi")).slice(0, 2);
      const stored = await Promise.all(withFiles.map(async (_, k) => storeImage(await tinyPng(30 + k), { dir: data.dataDir })));
      const db = await getDb();
      for (const [k, run] of withFiles.entries()) await db.update(images).set({ sha256: stored[k].sha256, ext: stored[k].ext }).where(eq(images.id, run.images[0].id));
      const filter: HistoryFilter = { host: ["runflow"], q: "koi" };
      const res = await exportRoute(new Request(url("/api/v1/history/export", new URLSearchParams({ format: "zip", ...Object.fromEntries(filterToSearchParams(filter)) }))));
      expect(res.headers.get("content-type")).toBe("application/zip");
      const entries = await readZip(Buffer.from(await res.arrayBuffer()));
      const doc = JSON.parse(entries.get("history.json")!.toString("utf8")) as { count: number };
      const runs = plan.runs.filter((r) => runMatches(r, filter));
      expect(doc.count).toBe(runs.length);
      const imageNames = [...entries.keys()].filter((n) => n.startsWith("images/"));
      expect(imageNames).toHaveLength(2);
      for (const [k, run] of withFiles.entries()) {
        const name = imageNames.find((n) => n.includes(run.id))!;
        expect(entries.get(name)!.equals(await tinyPng(30 + k))).toBe(true);
      }
      const missing = entries.get("missing.txt")!.toString("utf8");
      expect(missing.trim().split("\n")).toHaveLength(1 + runs.reduce((n, r) => n + r.images.length, 0) - 2);
    });
  });

  describe("paging", () => {
    it("rows made in the same instant are each listed once (cursors keep microseconds)", async () => {
      const db = await getDb();
      await db.insert(users).values({ id: "same-instant", name: "Same instant" }).onConflictDoNothing();
      const instant = seedPlan(30, { prefix: "instant", stepMs: 0 });
      await seedHistory("same-instant", instant);
      // The database's own clock, with microseconds, as real runs get it.
      await db.execute(sql`update generations set created_at = now() where user_id = 'same-instant'`);
      const { listHistory } = await import("@/lib/history/list");
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: HistoryPage = await listHistory("same-instant", { cursor, limit: 7 });
        seen.push(...page.items.map(entryId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(expectedEntries(instant, {}).length);
      expect(new Set(seen).size).toBe(seen.length);
    });
  });

  describe("favourite, delete, undo, purge", () => {
    async function storeRun(id: string, bytes: Buffer, { favorite = false } = {}) {
      const stored = await storeImage(bytes, { dir: data.dataDir });
      const db = await getDb();
      const now = new Date();
      await db.insert(generations).values({
        id, userId, model: "flux-pro-1.1", provider: "bfl", params: { prompt: `kept ${id}` } as never, status: "succeeded", sandbox: true,
        unitPriceUsd: 0.04, estimatedUsd: 0.04, billedUsd: 0, billedSource: "sandbox", deadlineAt: now, createdAt: new Date(Date.UTC(2027, 0, 1)),
      });
      await db.insert(images).values({ id: `${id}-img`, generationId: id, userId, index: 0, sha256: stored.sha256, ext: stored.ext, contentType: stored.contentType, width: 8, height: 8, bytes: stored.bytes, favorite });
      return { imageId: `${id}-img`, file: imagePath(stored.sha256, stored.ext, { dir: data.dataDir }) };
    }
    const del = async (body: unknown) => (await (await post(deleteRoute, "/api/v1/history/delete", body)).json()) as DeleteResult;
    const visible = async (id: string) => (await listAll({ q: `kept ${id}` })).ids.includes(`generation:${id}`);

    it("a favourite is marked, found by the favourites filter, and spared by a bulk delete unless asked", async () => {
      const fav = await storeRun("fav-run", await tinyPng(1));
      const plain = await storeRun("plain-run", await tinyPng(2));
      const res = await favoriteRoute(new Request(url(`/api/v1/images/${fav.imageId}`), { method: "PATCH", body: JSON.stringify({ favorite: true }) }), { params: Promise.resolve({ id: fav.imageId }) });
      expect(((await res.json()) as { favorite: boolean }).favorite).toBe(true);
      expect((await listAll({ favorites: true, q: "kept" })).ids).toEqual(["generation:fav-run"]);

      const bulk = await del({ imageIds: [fav.imageId, plain.imageId] });
      expect(bulk.skippedFavorites).toBe(1);
      expect(bulk.deleted.imageIds).toEqual([plain.imageId]);
      // The run had one image: it leaves the gallery with it.
      expect(bulk.deleted.generationIds).toEqual(["plain-run"]);
      expect(await visible("fav-run")).toBe(true);
      expect(await visible("plain-run")).toBe(false);

      const explicit = await del({ generationIds: ["fav-run"], includeFavorites: true });
      expect(explicit.deleted.generationIds).toEqual(["fav-run"]);
      expect(await visible("fav-run")).toBe(false);

      // Undo brings both back, with their images.
      const restored = (await (await post(restoreRoute, "/api/v1/history/restore", { generationIds: ["fav-run", "plain-run"] })).json()) as RestoreResult;
      expect(restored.restored.generationIds.sort()).toEqual(["fav-run", "plain-run"]);
      expect(restored.restored.imageIds.sort()).toEqual([fav.imageId, plain.imageId].sort());
      expect(await visible("fav-run")).toBe(true);
      expect(await visible("plain-run")).toBe(true);
    });

    it("purge after the undo window removes rows and files, but keeps files another run uses and what a share shows", async () => {
      const shared = await tinyPng(3);
      const a = await storeRun("purge-a", shared);
      const b = await storeRun("purge-b", shared); // same bytes: same file
      const alone = await storeRun("purge-alone", await tinyPng(4));
      const onShare = await storeRun("purge-shared", await tinyPng(5));
      const db = await getDb();
      await db.insert(shares).values({ slug: "AAAAAAAAAAAAAAAAAAAAAA", userId, generationId: "purge-shared" });
      expect(a.file).toBe(b.file);

      const result = await del({ generationIds: ["purge-a", "purge-alone", "purge-shared"] });
      expect(result.deleted.generationIds.sort()).toEqual(["purge-a", "purge-alone", "purge-shared"]);
      // Within the window nothing goes.
      expect((await purgeDeleted()).generations).toBe(0);
      const later = new Date(Date.now() + 61_000);
      const report = await purgeDeleted({ now: later });
      expect(report.generations).toBe(2);
      expect(await db.select().from(generations).where(inArray(generations.id, ["purge-a", "purge-alone"]))).toHaveLength(0);
      expect(existsSync(alone.file)).toBe(false);
      expect(existsSync(a.file)).toBe(true); // purge-b still shows it
      // The share keeps working, image included, though the owner deleted the run.
      expect(existsSync(onShare.file)).toBe(true);
      const page = await resolveShare("AAAAAAAAAAAAAAAAAAAAAA");
      expect(page?.kind === "generation" && page.generation.images).toHaveLength(1);
      // Once the share is revoked, the next purge takes it.
      await db.update(shares).set({ revokedAt: new Date() }).where(eq(shares.slug, "AAAAAAAAAAAAAAAAAAAAAA"));
      expect((await purgeDeleted({ now: later })).generations).toBe(1);
      expect(existsSync(onShare.file)).toBe(false);
      // And nothing can be restored once purged.
      const restored = (await (await post(restoreRoute, "/api/v1/history/restore", { generationIds: ["purge-a"] })).json()) as RestoreResult;
      expect(restored.restored.generationIds).toEqual([]);
    });

    it("bad delete and favourite requests are 400s that say what to send", async () => {
      const empty = await post(deleteRoute, "/api/v1/history/delete", {});
      expect(empty.status).toBe(400);
      expect(((await empty.json()) as { error: { message: string } }).error.message).toMatch(/imageIds, generationIds or comparisonIds/);
      const typo = await post(deleteRoute, "/api/v1/history/delete", { imageIds: ["x"], includeFavourites: true });
      expect(typo.status).toBe(400);
      const cell = plan.runs.find((r) => r.comparisonId)!;
      const cellRes = await post(deleteRoute, "/api/v1/history/delete", { generationIds: [cell.id] });
      expect(cellRes.status).toBe(400);
      expect(((await cellRes.json()) as { error: { message: string } }).error.message).toMatch(/delete the comparison/);
      const fav = await favoriteRoute(new Request(url("/api/v1/images/nope"), { method: "PATCH", body: JSON.stringify({ favorite: "yes" }) }), { params: Promise.resolve({ id: "nope" }) });
      expect(fav.status).toBe(400);
      const unknown = await favoriteRoute(new Request(url("/api/v1/images/nope"), { method: "PATCH", body: JSON.stringify({ favorite: true }) }), { params: Promise.resolve({ id: "nope" }) });
      expect(unknown.status).toBe(404);
    });

    it("a comparison is deleted whole, and not while it holds a favourite unless asked", async () => {
      const comparison = plan.comparisons.find((c) => plan.runs.some((r) => r.comparisonId === c.id && r.images.length > 0))!;
      const cellImage = plan.runs.find((r) => r.comparisonId === comparison.id && r.images.length > 0)!.images[0];
      const db = await getDb();
      await db.update(images).set({ favorite: true }).where(eq(images.id, cellImage.id));
      const spared = await del({ comparisonIds: [comparison.id] });
      expect(spared.deleted.comparisonIds).toEqual([]);
      expect(spared.skippedFavorites).toBe(1);
      const gone = await del({ comparisonIds: [comparison.id], includeFavorites: true });
      expect(gone.deleted.comparisonIds).toEqual([comparison.id]);
      expect((await listAll({})).ids).not.toContain(`comparison:${comparison.id}`);
      await post(restoreRoute, "/api/v1/history/restore", { comparisonIds: [comparison.id] });
      expect((await listAll({})).ids).toContain(`comparison:${comparison.id}`);
      await db.update(images).set({ favorite: false }).where(eq(images.id, cellImage.id));
    });
  });
});
