import sharp from "sharp";
import { env } from "@/lib/env";
import { readStoredFile } from "@/lib/storage/image-store";
import type { SharedItem } from "./types";

const STORED = /\/api\/images\/([0-9a-f]{64})\.(jpeg|png|webp)$/;

export interface CardTile {
  data: Buffer;
  width: number;
  height: number;
}

/** A stored original, fitted to a card's tile; null when it cannot be read. */
async function tile(url: string, width: number, height: number): Promise<CardTile | null> {
  const match = STORED.exec(url);
  if (!match) return null;
  const stored = await readStoredFile(match[1], "original", match[2], { dir: env().DATA_DIR }).catch(() => null);
  if (!stored) return null;
  return fitTile(stored.buffer, width, height).catch(() => null);
}

/** The column's grey behind a letterboxed image. */
export const TILE_BACKGROUND = "#18181b";

/**
 * An image shown whole in a tile, letterboxed: cropping it to fill (a square into the card's tall
 * column) cut off its sides, and with them the sandbox's SANDBOX caption.
 */
export async function fitTile(image: Buffer, width: number, height: number): Promise<CardTile> {
  const data = await sharp(image).resize(width, height, { fit: "contain", background: TILE_BACKGROUND }).png().toBuffer();
  return { data, width, height };
}

/** A generation's first image, or the images of a comparison's first four cells (seed-major: the first seed's hosts first). */
export function cardImageUrls(shared: SharedItem): string[] {
  return shared.kind === "generation"
    ? shared.generation.images.slice(0, 1).map((i) => i.url)
    : shared.comparison.cells.flatMap((c) => (c.images[0] ? [c.images[0].url] : [])).slice(0, 4);
}

/** The card's tiles: one image fills the column, up to four share it. */
export async function cardImages(urls: string[]): Promise<CardTile[]> {
  const [w, h] = urls.length === 1 ? [520, 630] : [260, 315];
  return (await Promise.all(urls.map((u) => tile(u, w, h)))).filter((t): t is CardTile => t !== null);
}
