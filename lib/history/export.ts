import { stat } from "node:fs/promises";
import { PassThrough, Readable } from "node:stream";
import { ZipFile } from "yazl";
import { generationsByIds, imagesOf } from "@/lib/db/queries";
import { env } from "@/lib/env";
import { toGenerationDto } from "@/lib/jobs/dto";
import { lineageOf } from "@/lib/jobs/lineage";
import type { GenerationDto } from "@/lib/jobs/types";
import { imagePath } from "@/lib/storage/image-store";
import type { HistoryFilter } from "./filters";
import { matchingRunIds } from "./query";

/**
 * The history (or one filter of it) out of the app: a JSON document with every run as the API shows
 * it (every parameter, seeds, host, model, timings, cost, warnings), and a zip of the original
 * images with that document inside. Both are streamed page by page: 100,000 runs never sit in memory.
 */

export const EXPORT_FORMAT = 1;

/** Runs matching the filter (cells of comparisons included), newest first, as DTOs. */
async function* exportedRuns(userId: string, filter: HistoryFilter): AsyncGenerator<GenerationDto[]> {
  for await (const ids of matchingRunIds(userId, filter)) {
    const [rows, images] = await Promise.all([generationsByIds(ids), imagesOf(ids)]);
    const lineage = await lineageOf(rows, userId);
    const byId = new Map(rows.map((r) => [r.id, r]));
    yield ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toGenerationDto(row, images, { lineage })] : [];
    });
  }
}

/** The JSON export as a byte stream (UTF-8 buffers: zip entries and HTTP bodies count bytes, not characters). */
export const historyJsonStream = (userId: string, filter: HistoryFilter, origin: string): Readable =>
  Readable.from(historyJson(userId, filter, origin), { objectMode: false });

/** The JSON export, in chunks: `{ format, exportedAt, origin, filter, generations: [...], count }`. */
export async function* historyJson(userId: string, filter: HistoryFilter, origin: string): AsyncGenerator<string> {
  const head = { format: EXPORT_FORMAT, exportedAt: new Date().toISOString(), origin, filter };
  yield `${JSON.stringify(head).slice(0, -1)},"generations":[`;
  let count = 0;
  for await (const runs of exportedRuns(userId, filter)) {
    for (const run of runs) yield `${count++ === 0 ? "\n" : ",\n"}${JSON.stringify(run)}`;
  }
  yield `\n],"count":${count}}\n`;
}

/** An image's name in the zip: sortable by day, and traceable to its run. */
export const zipImageName = (run: GenerationDto, index: number, ext: string) =>
  `images/${run.timings.createdAt.slice(0, 10)}_${run.provider}_${run.id}_${index + 1}.${ext}`;

const extOf = (url: string) => url.slice(url.lastIndexOf(".") + 1);
const shaOf = (url: string) => url.slice(url.lastIndexOf("/") + 1, url.lastIndexOf("."));

/**
 * The zip: `history.json` (the JSON export) then every original image of the matching runs, stored
 * without recompression (they are PNG/JPEG already). Images missing from storage are listed in
 * `missing.txt` instead of failing the download.
 */
export function historyZip(userId: string, filter: HistoryFilter, origin: string): Readable {
  const zip = new ZipFile();
  const output = new PassThrough();
  zip.outputStream.pipe(output);
  zip.addReadStream(historyJsonStream(userId, filter, origin), "history.json");
  const dir = env().DATA_DIR;

  void (async () => {
    const missing: string[] = [];
    for await (const runs of exportedRuns(userId, filter)) {
      // The client has gone: the rest of a 100k-run history is not worth walking.
      if (output.destroyed) return;
      for (const run of runs) {
        for (const image of run.images) {
          const ext = extOf(image.url);
          const file = imagePath(shaOf(image.url), ext, { dir });
          const name = zipImageName(run, image.index, ext);
          const info = await stat(file).catch(() => null);
          if (info) zip.addFile(file, name, { compress: false, mtime: new Date(run.timings.createdAt) });
          else missing.push(name);
        }
      }
    }
    if (missing.length > 0) zip.addBuffer(Buffer.from(`Not in storage any more:\n${missing.join("\n")}\n`), "missing.txt");
    zip.end();
  })().catch((error: Error) => output.destroy(error));

  return output;
}
