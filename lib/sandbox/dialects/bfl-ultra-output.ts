/**
 * What BFL makes for FLUX 1.1 [pro] Ultra: the size follows aspect_ratio alone, about 4 MP
 * (PROVIDERS.md A.2). Every host that forwards Ultra to BFL hands back these sizes (fal and
 * Replicate, and through them Runflow, Apiframe and Lumenfall), so their emulators share this table.
 * The emulators' own copy, apart from lib/models' rule, so each checks the other
 * (tests/unit/sandbox-tables.test.ts).
 */
type Size = { width: number; height: number };

/** PROVIDERS.md A.2: Runware's Ultra size table, which mirrors BFL's native output. */
const ULTRA_OUTPUT_SIZES: Record<string, Size> = {
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

/**
 * UNVERIFIED (A.2: other ratios "likely about 4 MP, rounded to a multiple of 32 or 64"): the
 * rule that reproduces every row of the table, 2048² pixels with each side a multiple of 64.
 */
export const ULTRA_OTHER_RATIOS = { side: 2048, multiple: 64 } as const;

/** A.2: aspect_ratio must lie between 21:9 and 9:21 (a hair of slack lets the ends themselves pass). */
export const ULTRA_RATIO_RANGE = { min: 9 / 21 - 1e-9, max: 21 / 9 + 1e-9 } as const;

export function isUltraRatioInRange(width: number, height: number): boolean {
  const ratio = width / height;
  return width > 0 && height > 0 && ratio >= ULTRA_RATIO_RANGE.min && ratio <= ULTRA_RATIO_RANGE.max;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const roundTo = (value: number, multiple: number) => Math.max(multiple, Math.round(value / multiple) * multiple);

/** The size BFL returns for a validated "W:H" (32:18 is 16:9). */
export function bflUltraSize(aspectRatio: string): Size {
  const match = /^(\d+):(\d+)$/.exec(aspectRatio.trim());
  const w = Number(match?.[1]);
  const h = Number(match?.[2]);
  if (!(w > 0 && h > 0)) throw new Error(`Not a validated aspect ratio: ${aspectRatio}`);
  const divisor = gcd(w, h);
  const listed = ULTRA_OUTPUT_SIZES[`${w / divisor}:${h / divisor}`];
  if (listed) return listed;
  const { side, multiple } = ULTRA_OTHER_RATIOS;
  return { width: roundTo(side * Math.sqrt(w / h), multiple), height: roundTo(side / Math.sqrt(w / h), multiple) };
}
