import { parseAspectRatio } from "@/lib/models/fields";

/**
 * The host's ratio closest to "W:H" (log distance, so 2:1 and 1:2 weigh alike: the capability
 * tables' `shape` warning measures the same way, so the warning names what is sent).
 */
export function nearestAspectRatio<R extends string>(value: string, ratios: readonly [R, ...R[]]): R {
  const parsed = parseAspectRatio(value);
  if (!parsed) return ratios[0];
  const target = Math.log(parsed.w / parsed.h);
  const distance = (ratio: R) => {
    const { w, h } = parseAspectRatio(ratio)!;
    return Math.abs(Math.log(w / h) - target);
  };
  return ratios.reduce((best, ratio) => (distance(ratio) < distance(best) ? ratio : best));
}
