import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { rowsOf } from "@/lib/db/queries";
import { comparisons, generations, images } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { toImageDto } from "@/lib/jobs/dto";
import { isTerminal, TERMINAL_STATUSES, type ImageDto } from "@/lib/jobs/types";
import { imageInputsOf } from "@/lib/models";
import { STORED_IMAGE_PATTERN } from "@/lib/models/fields";
import { deleteUnusedImage } from "@/lib/storage/image-store";
import type { DeleteResult, HistoryTargets, RestoreResult } from "./types";

/**
 * Deleting from the history is two steps: the items are hidden at once (deleted_at) and can be
 * restored (undo); the purge removes them for good once HISTORY_UNDO_MS has passed. What an active
 * share link shows is kept until the share is revoked, and a file goes only when no row refers to it.
 */

/** A delete that names something it cannot take on its own; `path` is the request field at fault. */
export class HistoryTargetError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

const noTargets = (): Required<HistoryTargets> => ({ imageIds: [], generationIds: [], comparisonIds: [] });
const unique = (ids: string[] | undefined) => [...new Set(ids ?? [])];

export async function setFavorite(userId: string, imageId: string, favorite: boolean): Promise<ImageDto | null> {
  const db = await getDb();
  const [row] = await db
    .update(images)
    .set({ favorite })
    .where(and(eq(images.id, imageId), eq(images.userId, userId), isNull(images.deletedAt)))
    .returning();
  return row ? toImageDto(row) : null;
}

/**
 * Hides the targets. Favourite images are spared unless `includeFavorites`: a run holding one keeps
 * it (its other images go), a comparison holding one stays whole. Running items are spared too.
 */
export async function deleteFromHistory(userId: string, targets: HistoryTargets, { includeFavorites = false } = {}): Promise<DeleteResult> {
  const db = await getDb();
  const now = new Date();
  const deleted = noTargets();
  const missing: string[] = [];
  let skippedFavorites = 0;
  let skippedRunning = 0;

  await db.transaction(async (tx) => {
    const hideImages = async (where: ReturnType<typeof and>) => {
      const rows = await tx.update(images).set({ deletedAt: now }).where(and(where, isNull(images.deletedAt))).returning({ id: images.id });
      deleted.imageIds.push(...rows.map((r) => r.id));
    };

    // Comparisons go as a whole, with their cells.
    const comparisonIds = unique(targets.comparisonIds);
    if (comparisonIds.length > 0) {
      const found = await tx
        .select({ id: comparisons.id })
        .from(comparisons)
        .where(and(inArray(comparisons.id, comparisonIds), eq(comparisons.userId, userId), isNull(comparisons.deletedAt)));
      const foundIds = found.map((c) => c.id);
      missing.push(...comparisonIds.filter((id) => !foundIds.includes(id)));
      const cells = foundIds.length ? await tx.select({ id: generations.id, comparisonId: generations.comparisonId, status: generations.status }).from(generations).where(inArray(generations.comparisonId, foundIds)) : [];
      const favorites = cells.length ? await visibleFavorites(tx, cells.map((c) => c.id)) : new Map<string, number>();
      const doomed: string[] = [];
      for (const id of foundIds) {
        const own = cells.filter((c) => c.comparisonId === id);
        const favoriteCount = own.reduce((sum, c) => sum + (favorites.get(c.id) ?? 0), 0);
        if (own.some((c) => !isTerminal(c.status))) skippedRunning++;
        else if (favoriteCount > 0 && !includeFavorites) skippedFavorites += favoriteCount;
        else doomed.push(id);
      }
      if (doomed.length > 0) {
        await tx.update(comparisons).set({ deletedAt: now }).where(inArray(comparisons.id, doomed));
        await tx.update(generations).set({ deletedAt: now }).where(and(inArray(generations.comparisonId, doomed), isNull(generations.deletedAt)));
        await hideImages(inArray(images.generationId, cells.filter((c) => doomed.includes(c.comparisonId!)).map((c) => c.id)));
        deleted.comparisonIds.push(...doomed);
      }
    }

    // Single runs: the whole run, or its non-favourite images when it holds a favourite.
    const generationIds = unique(targets.generationIds);
    if (generationIds.length > 0) {
      const found = await tx
        .select({ id: generations.id, status: generations.status, comparisonId: generations.comparisonId })
        .from(generations)
        .where(and(inArray(generations.id, generationIds), eq(generations.userId, userId), isNull(generations.deletedAt)));
      const cell = found.find((g) => g.comparisonId);
      if (cell) throw new HistoryTargetError("generationIds", `${cell.id} is a cell of comparison ${cell.comparisonId}; delete the comparison (comparisonIds) instead`);
      missing.push(...generationIds.filter((id) => !found.some((g) => g.id === id)));
      const favorites = found.length ? await visibleFavorites(tx, found.map((g) => g.id)) : new Map<string, number>();
      const whole: string[] = [];
      const partly: string[] = [];
      for (const g of found) {
        const favoriteCount = favorites.get(g.id) ?? 0;
        if (!isTerminal(g.status)) skippedRunning++;
        else if (favoriteCount > 0 && !includeFavorites) {
          skippedFavorites += favoriteCount;
          partly.push(g.id);
        } else whole.push(g.id);
      }
      if (whole.length > 0) {
        await tx.update(generations).set({ deletedAt: now }).where(inArray(generations.id, whole));
        await hideImages(inArray(images.generationId, whole));
        deleted.generationIds.push(...whole);
      }
      if (partly.length > 0) await hideImages(and(inArray(images.generationId, partly), eq(images.favorite, false)));
    }

    // Single images.
    const imageIds = unique(targets.imageIds).filter((id) => !deleted.imageIds.includes(id));
    if (imageIds.length > 0) {
      const found = await tx
        .select({ id: images.id, favorite: images.favorite, generationId: images.generationId })
        .from(images)
        .where(and(inArray(images.id, imageIds), eq(images.userId, userId), isNull(images.deletedAt)));
      missing.push(...imageIds.filter((id) => !found.some((i) => i.id === id)));
      const chosen = found.filter((i) => includeFavorites || !i.favorite);
      skippedFavorites += found.length - chosen.length;
      if (chosen.length > 0) {
        await hideImages(inArray(images.id, chosen.map((i) => i.id)));
        // A finished single run with no image left leaves the gallery too (cells stay in their comparison).
        const emptied = await tx.execute(sql`
          update ${generations} g set deleted_at = ${now}
          where g.id in ${[...new Set(chosen.map((i) => i.generationId))]} and g.comparison_id is null and g.deleted_at is null
            and g.status in ${TERMINAL_STATUSES}
            and not exists (select 1 from ${images} i where i.generation_id = g.id and i.deleted_at is null)
          returning g.id`);
        deleted.generationIds.push(...rowsOf<{ id: string }>(emptied).map((r) => r.id));
      }
    }
  });

  return { deleted, missing, skippedFavorites, skippedRunning, undoUntil: new Date(now.getTime() + env().HISTORY_UNDO_MS).toISOString() };
}

/** Favourite images still shown, counted per generation. */
async function visibleFavorites(tx: Pick<Awaited<ReturnType<typeof getDb>>, "select">, generationIds: string[]): Promise<Map<string, number>> {
  const rows = await tx
    .select({ generationId: images.generationId, count: sql<number>`count(*)::int` })
    .from(images)
    .where(and(inArray(images.generationId, generationIds), eq(images.favorite, true), isNull(images.deletedAt)))
    .groupBy(images.generationId);
  return new Map(rows.map((r) => [r.generationId, r.count]));
}

/**
 * Undo: brings back what a delete hid, as long as it has not been purged. A run or comparison comes
 * back with what was deleted with it (or after it); an image brings its run back with it.
 */
export async function restoreToHistory(userId: string, targets: HistoryTargets): Promise<RestoreResult> {
  const db = await getDb();
  const restored = noTargets();
  await db.transaction(async (tx) => {
    const comparisonIds = unique(targets.comparisonIds);
    if (comparisonIds.length > 0) {
      // Images, then cells, then the comparison: each is matched against the comparison's deletion
      // instant, so what had been deleted before it stays deleted.
      const shown = await tx.execute(sql`
        update ${images} i set deleted_at = null from ${generations} g, ${comparisons} c
        where i.generation_id = g.id and g.comparison_id = c.id and c.id in ${comparisonIds} and c.user_id = ${userId}
          and c.deleted_at is not null and i.deleted_at >= c.deleted_at
        returning i.id`);
      restored.imageIds.push(...rowsOf<{ id: string }>(shown).map((r) => r.id));
      await tx.execute(sql`
        update ${generations} g set deleted_at = null from ${comparisons} c
        where g.comparison_id = c.id and c.id in ${comparisonIds} and c.user_id = ${userId}
          and c.deleted_at is not null and g.deleted_at >= c.deleted_at`);
      const rows = await tx
        .update(comparisons)
        .set({ deletedAt: null })
        .where(and(inArray(comparisons.id, comparisonIds), eq(comparisons.userId, userId), isNotNull(comparisons.deletedAt)))
        .returning({ id: comparisons.id });
      restored.comparisonIds.push(...rows.map((r) => r.id));
    }

    const generationIds = unique(targets.generationIds);
    if (generationIds.length > 0) {
      const shown = await tx.execute(sql`
        update ${images} i set deleted_at = null from ${generations} g
        where i.generation_id = g.id and g.id in ${generationIds} and g.user_id = ${userId}
          and g.deleted_at is not null and i.deleted_at >= g.deleted_at
        returning i.id`);
      restored.imageIds.push(...rowsOf<{ id: string }>(shown).map((r) => r.id));
      const rows = await tx
        .update(generations)
        .set({ deletedAt: null })
        .where(and(inArray(generations.id, generationIds), eq(generations.userId, userId), isNotNull(generations.deletedAt)))
        .returning({ id: generations.id });
      restored.generationIds.push(...rows.map((r) => r.id));
    }

    const imageIds = unique(targets.imageIds).filter((id) => !restored.imageIds.includes(id));
    if (imageIds.length > 0) {
      const rows = await tx
        .update(images)
        .set({ deletedAt: null })
        .where(and(inArray(images.id, imageIds), eq(images.userId, userId), isNotNull(images.deletedAt)))
        .returning({ id: images.id, generationId: images.generationId });
      restored.imageIds.push(...rows.map((r) => r.id));
      if (rows.length > 0) {
        const back = await tx
          .update(generations)
          .set({ deletedAt: null })
          .where(and(inArray(generations.id, [...new Set(rows.map((r) => r.generationId))]), isNull(generations.comparisonId), isNotNull(generations.deletedAt)))
          .returning({ id: generations.id });
        restored.generationIds.push(...back.map((r) => r.id).filter((id) => !restored.generationIds.includes(id)));
      }
    }
  });
  return { restored };
}

export interface PurgeReport {
  comparisons: number;
  generations: number;
  images: number;
  /** Image files removed from storage (originals; their thumbnails go with them). */
  files: number;
}

// A file stored again this recently is being reused right now: leave it.
const FILE_REUSE_GRACE_MS = 10_000;

/**
 * Removes for good what was deleted before the undo window, except what an active share shows, then
 * the files no row refers to any more (images, or image prompts of remaining runs).
 */
export async function purgeDeleted({ now = new Date(), undoMs = env().HISTORY_UNDO_MS } = {}): Promise<PurgeReport> {
  const db = await getDb();
  const cutoff = new Date(now.getTime() - undoMs);
  const report: PurgeReport = { comparisons: 0, generations: 0, images: 0, files: 0 };
  const candidates = new Map<string, string>();
  const addFiles = (rows: { sha256: string; ext: string }[]) => rows.forEach((r) => candidates.set(r.sha256, r.ext));

  // Each candidate row is locked (`for update`): on PostgreSQL a restore committing meanwhile is
  // either seen (the row no longer matches) or waits for the purge, never undone by it.
  await db.transaction(async (tx) => {
    const comparisonIds = rowsOf<{ id: string }>(
      await tx.execute(sql`
        select c.id from ${comparisons} c where c.deleted_at < ${cutoff}
          and not exists (select 1 from shares s where s.comparison_id = c.id and s.revoked_at is null)
        for update`),
    ).map((r) => r.id);
    const generationIds = rowsOf<{ id: string }>(
      await tx.execute(sql`
        select g.id from ${generations} g where g.deleted_at < ${cutoff} and g.comparison_id is null
          and not exists (select 1 from shares s where s.generation_id = g.id and s.revoked_at is null)
        for update`),
    ).map((r) => r.id);
    const doomedRuns = sql`g.id in (select id from ${generations} where comparison_id in ${comparisonIds.length ? comparisonIds : [""]}) or g.id in ${generationIds.length ? generationIds : [""]}`;
    const anyRun = comparisonIds.length + generationIds.length > 0;

    // Two lookups, each on its own index (an OR across the join would scan both tables every sweep):
    // the images of the runs going away, and single deleted images that no share shows.
    const doomedImages = [
      ...(anyRun
        ? rowsOf<{ id: string; sha256: string; ext: string }>(
            await tx.execute(sql`select i.id, i.sha256, i.ext from ${images} i join ${generations} g on g.id = i.generation_id where ${doomedRuns}`),
          )
        : []),
      ...rowsOf<{ id: string; sha256: string; ext: string }>(
        await tx.execute(sql`
          select i.id, i.sha256, i.ext from ${images} i join ${generations} g on g.id = i.generation_id
          where i.deleted_at < ${cutoff} and not (${doomedRuns}) and not exists (
            select 1 from shares s where s.revoked_at is null and (s.generation_id = g.id or s.comparison_id = g.comparison_id))
          for update of i`),
      ),
    ];
    addFiles(doomedImages);
    // The images the user gave to the runs going away (image prompts, input images) may be nobody else's.
    if (anyRun) {
      addFiles(
        rowsOf<{ params: object }>(await tx.execute(sql`select g.params from ${generations} g where (${doomedRuns}) and cardinality(g.input_files) > 0`))
          .flatMap((r) => imageInputsOf(r.params))
          .map((input) => STORED_IMAGE_PATTERN.exec(input.value))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => ({ sha256: m[1], ext: m[2] })),
      );
    }

    if (doomedImages.length > 0) await tx.delete(images).where(inArray(images.id, doomedImages.map((i) => i.id)));
    if (generationIds.length > 0) await tx.delete(generations).where(inArray(generations.id, generationIds));
    if (comparisonIds.length > 0) await tx.delete(comparisons).where(inArray(comparisons.id, comparisonIds));
    report.images = doomedImages.length;
    report.generations = generationIds.length;
    report.comparisons = comparisonIds.length;
  });

  if (candidates.size === 0) return report;
  const inUse = await filesInUse([...candidates.keys()]);
  const dir = env().DATA_DIR;
  const unusedSince = new Date(now.getTime() - FILE_REUSE_GRACE_MS);
  for (const [sha256, ext] of candidates) {
    if (inUse.has(sha256)) continue;
    if (await deleteUnusedImage(sha256, ext, unusedSince, { dir })) report.files++;
  }
  return report;
}

/** Of these files, those some row still refers to: an image (even one a share keeps) or an image a user gave. */
async function filesInUse(sha256s: string[]): Promise<Set<string>> {
  const db = await getDb();
  const wanted = sql`array[${sql.join(sha256s.map((sha) => sql`${sha}`), sql`, `)}]::text[]`;
  const result = await db.execute(sql`
    select sha256 from ${images} where sha256 in ${sha256s}
    union select unnest(input_files) from ${generations} where input_files && ${wanted}
    union select unnest(input_files) from ${comparisons} where input_files && ${wanted}`);
  return new Set(rowsOf<{ sha256: string | null }>(result).map((r) => r.sha256).filter((s): s is string => s !== null));
}
