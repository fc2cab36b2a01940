import { parseAspectRatio } from "@/lib/models/fields";
import { ultraOutputSize } from "@/lib/models/output-size";
import { imageDimensions } from "../dialects/image-dimensions";

/** Ultra takes no aspect ratio on Runware: only these width × height pairs (PROVIDERS.md D.2). */
export const RUNWARE_ULTRA_SIZES: readonly { ratio: string; width: number; height: number }[] = [
  { ratio: "21:9", width: 3136, height: 1344 },
  { ratio: "16:9", width: 2752, height: 1536 },
  { ratio: "3:2", width: 2496, height: 1664 },
  { ratio: "4:3", width: 2368, height: 1792 },
  { ratio: "1:1", width: 2048, height: 2048 },
  { ratio: "3:4", width: 1792, height: 2368 },
  { ratio: "2:3", width: 1664, height: 2496 },
  { ratio: "9:16", width: 1536, height: 2752 },
  { ratio: "9:21", width: 1344, height: 3136 },
];

/**
 * Lowest seed Runware takes: PROVIDERS.md D.3 gives 1…2^63-1 (UNVERIFIED range), so our seed 0
 * is sent as 1 rather than risk a refusal.
 */
export const RUNWARE_SEED_MIN = 1;

/** Prompt length Runware accepts for BFL models (PROVIDERS.md D.2). */
export const RUNWARE_PROMPT_LENGTH = { min: 2, max: 3000 } as const;

/**
 * The size Runware makes for an Ultra aspect ratio: our canonical size when Runware lists it,
 * else the listed size nearest in shape (`exact: false`, the user is warned).
 */
export function runwareUltraSize(aspectRatio: string): { width: number; height: number; exact: boolean } {
  const wanted = ultraOutputSize(aspectRatio);
  const listed = RUNWARE_ULTRA_SIZES.find((s) => s.width === wanted.width && s.height === wanted.height);
  if (listed) return { width: listed.width, height: listed.height, exact: true };
  const parsed = parseAspectRatio(aspectRatio);
  const target = Math.log(parsed ? parsed.w / parsed.h : wanted.width / wanted.height);
  const distance = (s: { width: number; height: number }) => Math.abs(Math.log(s.width / s.height) - target);
  const nearest = RUNWARE_ULTRA_SIZES.reduce((best, s) => (distance(s) < distance(best) ? s : best));
  return { width: nearest.width, height: nearest.height, exact: false };
}


/** Kontext on Runware (`bfl:3@1`, rw-docs, PROVIDERS-MODELS.md §3): only these width × height pairs. */
export const RUNWARE_KONTEXT_SIZES: readonly { ratio: string; width: number; height: number }[] = [
  { ratio: "21:9", width: 1568, height: 672 },
  { ratio: "16:9", width: 1392, height: 752 },
  { ratio: "4:3", width: 1184, height: 880 },
  { ratio: "3:2", width: 1248, height: 832 },
  { ratio: "1:1", width: 1024, height: 1024 },
  { ratio: "2:3", width: 832, height: 1248 },
  { ratio: "3:4", width: 880, height: 1184 },
  { ratio: "9:16", width: 752, height: 1392 },
  { ratio: "9:21", width: 672, height: 1568 },
];

const nearestKontextSize = (w: number, h: number) => {
  const target = Math.log(w / h);
  const distance = (s: { width: number; height: number }) => Math.abs(Math.log(s.width / s.height) - target);
  return RUNWARE_KONTEXT_SIZES.reduce((best, s) => (distance(s) < distance(best) ? s : best));
};

/**
 * The size Runware is asked for a Kontext edit: the listed size closest in shape to the asked
 * ratio, or with none asked, to the input image's shape (read from its header; the square when
 * it cannot be read), since Runware takes no "keep the input's shape".
 */
export function runwareKontextSize(aspectRatio: string | undefined, inputImage: string): { width: number; height: number } {
  const parsed = aspectRatio ? parseAspectRatio(aspectRatio) : null;
  const shape = parsed ? { width: parsed.w, height: parsed.h } : imageDimensions(inputImage);
  const { width, height } = shape ? nearestKontextSize(shape.width, shape.height) : RUNWARE_KONTEXT_SIZES[4]!;
  return { width, height };
}
