import sharp from "sharp";

/**
 * What BFL makes for FLUX.1 Kontext [pro]: about one megapixel in the asked ratio, or in the input
 * image's ratio when none is asked (PROVIDERS-MODELS.md §3). Every host forwards Kontext to BFL, so
 * their emulators share this. The emulators' own copy, apart from lib/models' rule, so each checks
 * the other (tests/unit/sandbox-tables.test.ts).
 */
export type Size = { width: number; height: number };

/** §3: Runware's `bfl:3@1` size table, which lists what BFL makes. */
export const KONTEXT_OUTPUT_SIZES: Record<string, Size> = {
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

/** UNVERIFIED (inferred): other ratios make about 1024² pixels, each side a multiple of 16. */
export const KONTEXT_OTHER_RATIOS = { side: 1024, multiple: 16 } as const;
/** §3: ratios between 21:9 and 9:21; an input image outside them is made at the nearest end. */
const RATIO_MIN = 9 / 21;
const RATIO_MAX = 21 / 9;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const roundTo = (value: number, multiple: number) => Math.max(multiple, Math.round(value / multiple) * multiple);

/** The size for a ratio of whole numbers: the table's row when it has one (32:18 is 16:9), else the rule. */
export function kontextSizeForRatio(w: number, h: number): Size {
  if (Number.isInteger(w) && Number.isInteger(h)) {
    const divisor = gcd(w, h);
    const listed = KONTEXT_OUTPUT_SIZES[`${w / divisor}:${h / divisor}`];
    if (listed) return listed;
  }
  const ratio = Math.min(RATIO_MAX, Math.max(RATIO_MIN, w / h));
  const { side, multiple } = KONTEXT_OTHER_RATIOS;
  return { width: roundTo(side * Math.sqrt(ratio), multiple), height: roundTo(side / Math.sqrt(ratio), multiple) };
}

/** The size for a validated "W:H". */
export function kontextSize(aspectRatio: string): Size {
  const match = /^\s*(\d+):(\d+)\s*$/.exec(aspectRatio);
  const w = Number(match?.[1]);
  const h = Number(match?.[2]);
  if (!(w > 0 && h > 0)) throw new Error(`Not a validated aspect ratio: ${aspectRatio}`);
  return kontextSizeForRatio(w, h);
}

/** The pixel size of an inline image (a data: URI or bare base64); null when it is not one sharp reads. */
export async function inlineImageSize(image: string): Promise<Size | null> {
  // A URL input would be fetched by the host; the sandbox fetches nothing, so its shape is unknown.
  if (/^https?:\/\//i.test(image)) return null;
  const base64 = image.startsWith("data:") ? image.slice(image.indexOf(",") + 1) : image;
  try {
    const { width, height } = await sharp(Buffer.from(base64, "base64")).metadata();
    return width && height ? { width, height } : null;
  } catch {
    return null;
  }
}

/**
 * What the host makes for this edit: the asked ratio's size, else about 1 MP in the input image's
 * ratio (the square when the input cannot be read, as for a URL).
 */
export async function kontextOutputSize(aspectRatio: string | null | undefined, inputImage: string): Promise<Size> {
  if (aspectRatio) return kontextSize(aspectRatio);
  const input = await inlineImageSize(inputImage);
  return input ? kontextSizeForRatio(input.width, input.height) : KONTEXT_OUTPUT_SIZES["1:1"]!;
}
