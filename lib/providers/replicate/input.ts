import { parseAspectRatio, seedForImage } from "@/lib/models/fields";
import { isUltra, type CanonicalParams, type FluxPro11Params, type FluxPro11UltraParams, type ModelId } from "@/lib/models";
import { dropped, pass, type ModelCapabilities, type ParamCapability } from "../capabilities";

/**
 * Replicate's input schema for FLUX 1.1 [pro] and Ultra (PROVIDERS.md C.2, C.3), from our canonical
 * parameters. Apiframe's `fluxParams` mirror this schema (PROVIDERS.md F.2), so both hosts share it.
 */
export const REPLICATE_ULTRA_RATIOS = ["21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16", "9:21"] as const;
export const REPLICATE_SAFETY_MIN = 1;
export const REPLICATE_SAFETY_MAX = 6;

/** Replicate's tolerance starts at 1: our 0 (strictest) becomes its strictest. */
export function toReplicateSafety(value: number): number {
  return Math.min(REPLICATE_SAFETY_MAX, Math.max(REPLICATE_SAFETY_MIN, value));
}

export function toReplicateFormat(format: "jpeg" | "png"): "jpg" | "png" {
  return format === "jpeg" ? "jpg" : "png";
}

/** Ultra takes 11 fixed ratios: any other W:H goes to the closest one (by log of the ratio). */
export function nearestUltraRatio(value: string): string {
  const parsed = parseAspectRatio(value);
  if (!parsed) return value;
  const target = Math.log(parsed.w / parsed.h);
  let best: string = REPLICATE_ULTRA_RATIOS[0];
  let bestDistance = Infinity;
  for (const ratio of REPLICATE_ULTRA_RATIOS) {
    const { w, h } = parseAspectRatio(ratio)!;
    const distance = Math.abs(Math.log(w / h) - target);
    if (distance < bestDistance) [best, bestDistance] = [ratio, distance];
  }
  return best;
}

function sameRatio(a: string, b: string): boolean {
  const x = parseAspectRatio(a);
  const y = parseAspectRatio(b);
  return !!x && !!y && x.w * y.h === y.w * x.h;
}

const MAGIC_TYPES: [prefix: string, type: string][] = [
  ["iVBORw0KGgo", "image/png"],
  ["/9j/", "image/jpeg"],
  ["UklGR", "image/webp"],
];

/** Replicate takes file inputs as URLs, data: URLs included; bare base64 gets a data: prefix. */
export function toDataUrl(image: string): string {
  if (image.startsWith("data:") || /^https?:\/\//.test(image)) return image;
  const type = MAGIC_TYPES.find(([prefix]) => image.startsWith(prefix))?.[1] ?? "image/png";
  return `data:${type};base64,${image}`;
}

/** The `input` of one prediction (one image): image i of a batch uses seed + i. */
export function toReplicateInput(model: ModelId, params: CanonicalParams, index: number): Record<string, unknown> {
  const input: Record<string, unknown> = { prompt: params.prompt };
  if (isUltra(model)) {
    const p = params as FluxPro11UltraParams;
    input.aspect_ratio = nearestUltraRatio(p.aspect_ratio);
    input.raw = p.raw;
  } else {
    const p = params as FluxPro11Params;
    // Width and height are only read with aspect_ratio "custom".
    Object.assign(input, { aspect_ratio: "custom", width: p.width, height: p.height, prompt_upsampling: p.prompt_upsampling });
  }
  const seed = seedForImage(params.seed, index);
  if (seed !== undefined) input.seed = seed;
  input.safety_tolerance = toReplicateSafety(params.safety_tolerance);
  input.output_format = toReplicateFormat(params.output_format);
  if (params.image_prompt) {
    input.image_prompt = toDataUrl(params.image_prompt);
    if (isUltra(model)) input.image_prompt_strength = (params as FluxPro11UltraParams).image_prompt_strength;
  }
  return input;
}

/**
 * How each canonical parameter reaches a host speaking Replicate's schema. `wire` names the
 * host's field (`input.x` at Replicate, `fluxParams.x` at Apiframe); `unit` is what one host task
 * is called there (prediction, job).
 */
export function replicateSchemaCapabilities(
  model: ModelId,
  host: { name: string; unit: string; wire: (field: string) => string; prompt?: ParamCapability },
): ModelCapabilities {
  const { name, unit, wire } = host;
  const common: ModelCapabilities = {
    prompt: host.prompt ?? pass(wire("prompt")),
    seed: { treatment: "passthrough", wire: wire("seed"), note: "image i of a batch uses seed + i" },
    num_images: { treatment: "emulated", note: `${name} makes one image per ${unit}: n images are n ${unit}s, image i with seed + i` },
    safety_tolerance: {
      treatment: "clamped",
      wire: wire("safety_tolerance"),
      note: `${name} accepts 1 (strict) to 6: 0 is sent as 1`,
      warn: (value) => (value === 0 ? `${name} accepts 1 to 6: 0 is sent as 1, its strictest setting` : null),
    },
    output_format: { treatment: "converted", wire: wire("output_format"), note: 'jpeg is sent as "jpg"' },
    image_prompt: { treatment: "converted", wire: wire("image_prompt"), note: "sent inline as a data: URL" },
  };
  if (!isUltra(model)) {
    const size = { treatment: "converted" as const, note: 'sent with aspect_ratio "custom"' };
    return {
      ...common,
      width: { ...size, wire: wire("width") },
      height: { ...size, wire: wire("height") },
      prompt_upsampling: pass(wire("prompt_upsampling")),
    };
  }
  return {
    ...common,
    aspect_ratio: {
      treatment: "converted",
      wire: wire("aspect_ratio"),
      note: `${name} takes ${REPLICATE_ULTRA_RATIOS.join(", ")}: other ratios go to the closest one`,
      warn: (value) => {
        if (typeof value !== "string") return null;
        const sent = nearestUltraRatio(value);
        return sameRatio(value, sent) ? null : `${name} has no ${value}: sent as ${sent}, the closest ratio it takes`;
      },
    },
    raw: pass(wire("raw")),
    image_prompt_strength: { treatment: "passthrough", wire: wire("image_prompt_strength"), note: "sent only with an image prompt" },
    prompt_upsampling: dropped(`${name}'s Ultra has no prompt upsampling: not sent`),
  };
}
