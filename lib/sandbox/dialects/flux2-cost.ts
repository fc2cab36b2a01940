import sharp from "sharp";

/**
 * What BFL bills for one FLUX.2 [pro] image (PROVIDERS-MODELS.md §4): 3 credits ($0.03) for the first
 * output megapixel, 1.5 for each further one and for each input megapixel, megapixels of 1024², each
 * image's counted started (UNVERIFIED: a recorded 4.5 credits at 1.98 output MP agrees). Hosts that
 * pass BFL's price through bill the same; the emulators' own copy, apart from the adapters' tables.
 */
export const FLUX2_MEGAPIXEL = 1024 * 1024;
const FIRST_MP_CREDITS = 3;
const FURTHER_MP_CREDITS = 1.5;

/** Pixels of one reference: a data: URL or bare base64 read from its header; a web URL is not fetched and counts as 1 MP (a guess). */
export async function flux2InputPixels(image: string): Promise<number> {
  if (/^https?:\/\//i.test(image)) return FLUX2_MEGAPIXEL;
  const base64 = image.startsWith("data:") ? image.slice(image.indexOf(",") + 1) : image;
  const meta = await sharp(Buffer.from(base64, "base64")).metadata().catch(() => null);
  return meta?.width && meta.height ? meta.width * meta.height : FLUX2_MEGAPIXEL;
}

const started = (pixels: number) => Math.max(1, Math.ceil(pixels / FLUX2_MEGAPIXEL));

/** One image's cost in BFL credits (1 credit = $0.01), from its size and its references' pixels. */
export function flux2Credits(size: { width: number; height: number }, inputPixels: readonly number[]): number {
  return FIRST_MP_CREDITS + FURTHER_MP_CREDITS * (started(size.width * size.height) - 1) + FURTHER_MP_CREDITS * inputPixels.reduce((sum, p) => sum + started(p), 0);
}

/** One image's cost in dollars, rounded to a tenth of a cent. */
export const flux2CostUsd = (size: { width: number; height: number }, inputPixels: readonly number[]) => Math.round(flux2Credits(size, inputPixels) * 10) / 1000;
