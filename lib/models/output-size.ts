const ASPECT_RATIO_PATTERN = /^([1-9]\d{0,3}):([1-9]\d{0,3})$/;
export const ASPECT_MAX = 21 / 9;
export const ASPECT_MIN = 9 / 21;

/** Parses "W:H" into its integer parts, or null when it is not of that form. */
export function parseAspectRatio(value: string): { w: number; h: number } | null {
  const match = ASPECT_RATIO_PATTERN.exec(value.trim());
  if (!match) return null;
  return { w: Number(match[1]), h: Number(match[2]) };
}

/**
 * Ultra's native output sizes for the common ratios (Runware's table, which mirrors BFL's output;
 * PROVIDERS.md A.2). Other ratios follow the rule that reproduces every row of the table: about
 * 2048² pixels, each side rounded to a multiple of 64 (inferred, marked UNVERIFIED there).
 */
const ULTRA_SIZES: Record<string, { width: number; height: number }> = {
  "21:9": { width: 3136, height: 1344 },
  "16:9": { width: 2752, height: 1536 },
  "3:2": { width: 2496, height: 1664 },
  "4:3": { width: 2368, height: 1792 },
  "1:1": { width: 2048, height: 2048 },
  "3:4": { width: 1792, height: 2368 },
  "2:3": { width: 1664, height: 2496 },
  "9:16": { width: 1536, height: 2752 },
  "9:21": { width: 1344, height: 3136 },
};

const round64 = (v: number) => Math.max(64, Math.round(v / 64) * 64);

export function ultraOutputSize(aspectRatio: string): { width: number; height: number } {
  const known = ULTRA_SIZES[aspectRatio.trim()];
  if (known) return known;
  const parsed = parseAspectRatio(aspectRatio);
  if (!parsed) return ULTRA_SIZES["16:9"];
  const ratio = parsed.w / parsed.h;
  return { width: round64(2048 * Math.sqrt(ratio)), height: round64(2048 / Math.sqrt(ratio)) };
}

/**
 * FLUX.1 Kontext's output sizes, about one megapixel (Runware's table for `bfl:3@1`, which lists what
 * BFL makes: PROVIDERS-MODELS.md §3). Other ratios: about 1024² pixels, each side a multiple of 16
 * (inferred, UNVERIFIED). No ratio means the input image's shape, unknown until the host answers:
 * the square stands in for it until the image's own size is measured.
 */
const KONTEXT_SIZES: Record<string, { width: number; height: number }> = {
  "21:9": { width: 1568, height: 672 },
  "16:9": { width: 1392, height: 752 },
  "3:2": { width: 1248, height: 832 },
  "4:3": { width: 1184, height: 880 },
  "1:1": { width: 1024, height: 1024 },
  "3:4": { width: 880, height: 1184 },
  "2:3": { width: 832, height: 1248 },
  "9:16": { width: 752, height: 1392 },
  "9:21": { width: 672, height: 1568 },
};

const round16 = (v: number) => Math.max(16, Math.round(v / 16) * 16);

export function kontextOutputSize(aspectRatio: string | undefined): { width: number; height: number } {
  const known = aspectRatio ? KONTEXT_SIZES[aspectRatio.trim()] : undefined;
  if (known) return known;
  const parsed = aspectRatio ? parseAspectRatio(aspectRatio) : null;
  if (!parsed) return KONTEXT_SIZES["1:1"];
  const ratio = parsed.w / parsed.h;
  return { width: round16(1024 * Math.sqrt(ratio)), height: round16(1024 / Math.sqrt(ratio)) };
}
