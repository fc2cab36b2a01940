import { createHash } from "node:crypto";
import { isUltra, type CanonicalParams, type FluxPro11Params, type FluxPro11UltraParams, type ModelId } from "@/lib/models";
import { parseAspectRatio } from "@/lib/models/fields";
import { ultraOutputSize } from "@/lib/models/output-size";

/** Runware's AIR ids of the two models (PROVIDERS.md D.2). */
export const RUNWARE_MODEL_AIR: Record<ModelId, string> = {
  "flux-pro-1.1": "bfl:2@1",
  "flux-pro-1.1-ultra": "bfl:2@2",
};

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
 * Async delivery: the submit is acknowledged at once and `getResponse` is polled, so a slow
 * generation holds no connection. Runware's default is "sync" (rw-docs models/bfl-flux-1-1-pro);
 * the adapter also accepts a synchronous answer, should the host ignore this.
 */
export const RUNWARE_DELIVERY_METHOD = "async";

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

/**
 * A UUID v4-shaped id derived from the generation, so a resubmit of the same generation carries
 * the same taskUUID and Runware can recognise it.
 */
export function taskUuidFor(requestKey: string, index = 0): string {
  const bytes = createHash("sha256").update(`runware-task:${requestKey}-${index}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const RUNWARE_OUTPUT_FORMAT = { jpeg: "JPG", png: "PNG" } as const;

/** The one imageInference task of a generation: Runware makes the whole batch (`numberResults`). */
export function toRunwareTask(model: ModelId, params: CanonicalParams, requestKey: string): Record<string, unknown> {
  const size = isUltra(model)
    ? runwareUltraSize((params as FluxPro11UltraParams).aspect_ratio)
    : { width: (params as FluxPro11Params).width, height: (params as FluxPro11Params).height };
  const bfl: Record<string, unknown> = {
    promptUpsampling: params.prompt_upsampling,
    safetyTolerance: params.safety_tolerance,
  };
  if (isUltra(model)) bfl.raw = (params as FluxPro11UltraParams).raw;
  return {
    taskType: "imageInference",
    taskUUID: taskUuidFor(requestKey),
    model: RUNWARE_MODEL_AIR[model],
    positivePrompt: params.prompt,
    width: size.width,
    height: size.height,
    ...(params.seed === undefined ? {} : { seed: Math.max(RUNWARE_SEED_MIN, params.seed) }),
    numberResults: params.num_images,
    outputType: "URL",
    outputFormat: RUNWARE_OUTPUT_FORMAT[params.output_format],
    includeCost: true,
    deliveryMethod: RUNWARE_DELIVERY_METHOD,
    providerSettings: { bfl },
  };
}
