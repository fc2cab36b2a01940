/**
 * The sizes Lumenfall makes for flux1.1-pro (PROVIDERS.md E.2: the documented `size` values, from
 * docs.lumenfall.ai api-reference/images/generate, in the order listed there). Any other size or
 * "W:H" ratio is "snapped to the nearest supported size". The emulator's own table, apart from the
 * adapter's, so each checks the other (tests/unit/sandbox-tables.test.ts).
 */
type Size = { width: number; height: number };

export const LUMENFALL_SIZES: readonly Size[] = [
  { width: 1365, height: 768 },
  { width: 768, height: 1365 },
  { width: 1254, height: 836 },
  { width: 836, height: 1254 },
  { width: 887, height: 1182 },
  { width: 1183, height: 887 },
  { width: 1145, height: 916 },
  { width: 916, height: 1145 },
  { width: 1024, height: 1024 },
];

/**
 * UNVERIFIED (E.2 does not say how "nearest" is measured): by shape, as the table reads (one ~1 MP
 * size per common ratio). The distance is how many times one ratio exceeds the other, so 2:1 and
 * 1:2 are as far from 1:1.
 */
function shapeDistance(size: Size, width: number, height: number): number {
  const a = size.width / size.height;
  const b = width / height;
  return Math.max(a / b, b / a);
}

/** The documented size nearest to width×height (any W:H of positive integers). */
export function lumenfallSnap(width: number, height: number): Size {
  return LUMENFALL_SIZES.reduce((best, size) => (shapeDistance(size, width, height) < shapeDistance(best, width, height) ? size : best));
}
