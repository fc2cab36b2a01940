import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp, { type Metadata } from "sharp";

// No `import "server-only"`: vitest imports this module directly. It is still server code (node:fs).

export const IMAGE_EXTS = ["jpeg", "png", "webp"] as const;
export type ImageExt = (typeof IMAGE_EXTS)[number];

export interface StoredImage {
  sha256: string;
  contentType: string;
  bytes: number;
  width: number;
  height: number;
  ext: ImageExt;
}

export interface StoreOptions {
  /** Root of the data directory; images live under `<dir>/images`. Defaults to `dataDir()`. */
  dir?: string;
}

const CONTENT_TYPES: Record<ImageExt, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
};

const THUMB_MAX_SIDE = 512;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export function dataDir(): string {
  // Resolved at run time: tell the bundler's file tracer not to follow it.
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR ?? ".data");
}

function isImageExt(ext: string): ext is ImageExt {
  return (IMAGE_EXTS as readonly string[]).includes(ext);
}

// These paths are built from URL segments by the route that serves files: only a strict
// lowercase hex digest and a known extension may reach the filesystem.
function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error("Invalid image id: expected 64 lowercase hex characters");
}

function shardDir(sha256: string, opts?: StoreOptions): string {
  assertSha256(sha256);
  return path.join(opts?.dir ?? dataDir(), "images", sha256.slice(0, 2));
}

export function imagePath(sha256: string, ext: string, opts?: StoreOptions): string {
  if (!isImageExt(ext)) throw new Error(`Invalid image extension: ${JSON.stringify(ext)}`);
  return path.join(shardDir(sha256, opts), `${sha256}.${ext}`);
}

export function thumbPath(sha256: string, opts?: StoreOptions): string {
  return path.join(shardDir(sha256, opts), `${sha256}.thumb.webp`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

// A reader never sees a half-written file: the bytes land in a temp file next to the target
// (same filesystem) and a rename publishes them in one step.
async function writeFileAtomic(file: string, data: Buffer): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, data, { flag: "wx" });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** The largest image accepted, uploaded or returned by a host (FLUX makes at most ~4 MP). */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** The format by the file's first bytes: only these three reach the decoder (no SVG, TIFF, GIF...). */
export function sniffImageType(buffer: Buffer): ImageExt | null {
  if (buffer.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) return "jpeg";
  if (buffer.toString("latin1", 0, 4) === "RIFF" && buffer.toString("latin1", 8, 12) === "WEBP") return "webp";
  return null;
}

/**
 * Format and size from the header only (sharp's metadata() does not decode the pixels), so an
 * image of 16000 x 16000 that compresses to a few hundred kB is refused before it costs memory.
 */
async function readImageMeta(buffer: Buffer): Promise<{ ext: ImageExt; width: number; height: number }> {
  const notAnImage = "The file is not a PNG, JPEG or WebP image (judged by its first bytes)";
  const sniffed = sniffImageType(buffer);
  if (!sniffed) throw new Error(notAnImage);
  let meta: Metadata;
  try {
    meta = await sharp(buffer, { limitInputPixels: false }).metadata();
  } catch {
    throw new Error(notAnImage);
  }
  if (meta.format !== sniffed || !meta.width || !meta.height) throw new Error(notAnImage);
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
    const mp = Math.round((meta.width * meta.height) / 1e6);
    throw new Error(`The image is ${meta.width} x ${meta.height} pixels (${mp} MP); the limit is ${MAX_IMAGE_PIXELS / 1e6} MP`);
  }
  // Report the size as displayed (browsers honour the EXIF orientation of the original).
  const { width, height } = meta.autoOrient;
  return { ext: meta.format, width, height };
}

/** Pixel size of an image as displayed, from its header only: what a per-megapixel price counts. */
export async function imageSize(buffer: Buffer): Promise<{ width: number; height: number }> {
  const { width, height } = await readImageMeta(buffer);
  return { width, height };
}

export async function storeImage(buffer: Buffer, opts?: StoreOptions): Promise<StoredImage> {
  const { ext, width, height } = await readImageMeta(buffer);
  const sha256 = createHash("sha256").update(buffer).digest("hex");
  const original = imagePath(sha256, ext, opts);
  const thumb = thumbPath(sha256, opts);
  await mkdir(path.dirname(original), { recursive: true });

  // Content-addressed: an existing file already holds exactly these bytes. Touching it tells a
  // purge running now that the file is wanted again (deleteUnusedImage spares fresh files).
  if (await exists(original)) await utimes(original, new Date(), new Date()).catch(() => {});
  else await writeFileAtomic(original, buffer);
  // The thumbnail is made in the background: the original is what must not be lost, and a
  // request for the thumbnail before it is written waits for this same work (readStoredFile).
  void ensureThumbnail(sha256, thumb, buffer).catch(() => {});

  return { sha256, contentType: CONTENT_TYPES[ext], bytes: buffer.length, width, height, ext };
}

const thumbnailsInFlight = ((globalThis as unknown as { __fluxThumbs?: Map<string, Promise<Buffer>> }).__fluxThumbs ??=
  new Map<string, Promise<Buffer>>());

/** Resolves once no thumbnail is being made (tests and shutdown: nothing writes after this). */
export async function thumbnailsIdle(): Promise<void> {
  while (thumbnailsInFlight.size > 0) await Promise.allSettled([...thumbnailsInFlight.values()]);
}

/** Makes (once per process at a time) and writes the WebP thumbnail of an original. */
function ensureThumbnail(sha256: string, thumb: string, original: Buffer): Promise<Buffer> {
  const running = thumbnailsInFlight.get(thumb);
  if (running) return running;
  const work = (async () => {
    const existing = await readIfExists(thumb);
    if (existing) return existing;
    const thumbnail = await sharp(original, { limitInputPixels: MAX_IMAGE_PIXELS })
      .autoOrient()
      .resize({ width: THUMB_MAX_SIDE, height: THUMB_MAX_SIDE, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 75, effort: 2 })
      .toBuffer();
    await writeFileAtomic(thumb, thumbnail);
    return thumbnail;
  })();
  thumbnailsInFlight.set(thumb, work);
  work.finally(() => thumbnailsInFlight.delete(thumb)).catch(() => {});
  return work;
}

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/**
 * Reads an original or its thumbnail; null when it is not stored. Without `ext`, the original is
 * looked up under each allowed extension. Invalid ids or extensions throw, like `imagePath`.
 */
export async function readStoredFile(
  sha256: string,
  kind: "original" | "thumb",
  ext?: string,
  opts?: StoreOptions,
): Promise<{ buffer: Buffer; contentType: string } | null> {
  if (kind === "thumb") {
    const thumb = thumbPath(sha256, opts);
    const buffer = (await thumbnailsInFlight.get(thumb)?.catch(() => null)) ?? (await readIfExists(thumb));
    if (buffer) return { buffer, contentType: CONTENT_TYPES.webp };
    // Not made yet (or lost): make it from the original, if there is one.
    const original = await readStoredFile(sha256, "original", undefined, opts);
    if (!original) return null;
    return { buffer: await ensureThumbnail(sha256, thumb, original.buffer), contentType: CONTENT_TYPES.webp };
  }
  const candidates: readonly string[] = ext === undefined ? IMAGE_EXTS : [ext];
  for (const candidate of candidates) {
    const buffer = await readIfExists(imagePath(sha256, candidate, opts));
    if (buffer) return { buffer, contentType: CONTENT_TYPES[candidate as ImageExt] };
  }
  return null;
}

export async function deleteStoredImage(sha256: string, ext: string, opts?: StoreOptions): Promise<void> {
  await Promise.all([
    rm(imagePath(sha256, ext, opts), { force: true }),
    rm(thumbPath(sha256, opts), { force: true }),
  ]);
}

/**
 * Removes an image nothing refers to any more, unless it was written or re-stored since
 * `unusedSince`: a generation storing the same bytes right now keeps its file.
 */
export async function deleteUnusedImage(sha256: string, ext: string, unusedSince: Date, opts?: StoreOptions): Promise<boolean> {
  const file = imagePath(sha256, ext, opts);
  const info = await stat(file).catch(() => null);
  if (info && info.mtime > unusedSince) return false;
  await deleteStoredImage(sha256, ext, opts);
  return info !== null;
}
