import sharp from "sharp";
import { env } from "@/lib/env";
import { readStoredFile } from "@/lib/storage/image-store";
import type { SharedItem } from "./types";

const STORED = /\/api\/images\/([0-9a-f]{64})\.(jpeg|png|webp)$/;

/** A stored original, shrunk to a small JPEG data URL a card can embed; null when it cannot be read. */
async function dataUrl(url: string, width: number, height: number): Promise<string | null> {
  const match = STORED.exec(url);
  if (!match) return null;
  const stored = await readStoredFile(match[1], "original", match[2], { dir: env().DATA_DIR }).catch(() => null);
  if (!stored) return null;
  const jpeg = await sharp(stored.buffer).resize(width, height, { fit: "cover" }).jpeg({ quality: 80 }).toBuffer().catch(() => null);
  return jpeg ? `data:image/jpeg;base64,${jpeg.toString("base64")}` : null;
}

/** A generation's first image, or the images of a comparison's first four cells (seed-major: the first seed's hosts first). */
export async function cardImages(shared: SharedItem): Promise<string[]> {
  const urls =
    shared.kind === "generation"
      ? shared.generation.images.slice(0, 1).map((i) => i.url)
      : shared.comparison.cells.flatMap((c) => (c.images[0] ? [c.images[0].url] : [])).slice(0, 4);
  const [w, h] = urls.length === 1 ? [520, 630] : [260, 315];
  return (await Promise.all(urls.map((u) => dataUrl(u, w, h)))).filter((s): s is string => s !== null);
}
