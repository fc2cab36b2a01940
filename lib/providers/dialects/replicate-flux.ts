import type { ParamsOf, SharedParams, ToleranceParams } from "@/lib/models";
import { parseAspectRatio, seedForImage } from "@/lib/models/fields";
import { dropped, pass, type ModelCapabilities, type ParamCapability } from "../capabilities";
import { ProviderError, type ErrorCode } from "../errors";
import { nearestAspectRatio } from "./aspect-ratio";
import { flux2UpsamplingNotSwitchable } from "./flux2";
import { disablesSafetyChecker } from "./safety-checker";

/**
 * Replicate's input schema for FLUX 1.1 [pro] and Ultra (PROVIDERS.md C.2, C.3), from our canonical
 * parameters, and the failure texts of its FLUX predictions. Apiframe's `fluxParams` mirror this
 * schema and it relays the same texts (PROVIDERS.md F.2), so both hosts build and read them here.
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
export const nearestUltraRatio = (value: string): string => (parseAspectRatio(value) ? nearestAspectRatio(value, REPLICATE_ULTRA_RATIOS) : value);

/**
 * FLUX.1 [dev] and [schnell] on Replicate take no width/height: an aspect_ratio with a fixed size
 * each (cog-flux predict.py ASPECT_RATIOS, at megapixels "1", the default we keep).
 */
export const REPLICATE_FLUX1_SIZES: readonly { ratio: string; width: number; height: number }[] = [
  { ratio: "1:1", width: 1024, height: 1024 },
  { ratio: "16:9", width: 1344, height: 768 },
  { ratio: "21:9", width: 1536, height: 640 },
  { ratio: "3:2", width: 1216, height: 832 },
  { ratio: "2:3", width: 832, height: 1216 },
  { ratio: "4:5", width: 896, height: 1088 },
  { ratio: "5:4", width: 1088, height: 896 },
  { ratio: "3:4", width: 896, height: 1152 },
  { ratio: "4:3", width: 1152, height: 896 },
  { ratio: "9:16", width: 768, height: 1344 },
  { ratio: "9:21", width: 640, height: 1536 },
];

/**
 * The fixed size closest in shape to width x height (log distance of the sizes' own ratios, as the
 * capability's shape warning measures it, so the warning names what is sent).
 */
export function nearestFlux1Size(width: number, height: number): (typeof REPLICATE_FLUX1_SIZES)[number] {
  const target = Math.log(width / height);
  const distance = (s: { width: number; height: number }) => Math.abs(Math.log(s.width / s.height) - target);
  return REPLICATE_FLUX1_SIZES.reduce((best, s) => (distance(s) < distance(best) ? s : best));
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

/** The input fields of one prediction (one image) every FLUX model takes: image i of a batch uses seed + i. */
export function replicateCommonInput(params: SharedParams, index: number): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const seed = seedForImage(params.seed, index);
  if (seed !== undefined) input.seed = seed;
  input.output_format = toReplicateFormat(params.output_format);
  return input;
}

/** BFL's tolerance and image prompt, as Replicate takes them, for the models that have them. */
export function replicateTolerance(p: ToleranceParams): Record<string, unknown> {
  return { safety_tolerance: toReplicateSafety(p.safety_tolerance), ...(p.image_prompt ? { image_prompt: toDataUrl(p.image_prompt) } : {}) };
}

/** What each model's input adds: width and height are only read with aspect_ratio "custom". */
export const replicateProInput = (p: ParamsOf<"flux-pro-1.1">) => ({
  ...replicateTolerance(p),
  aspect_ratio: "custom",
  width: p.width,
  height: p.height,
  prompt_upsampling: p.prompt_upsampling,
});
export const replicateUltraInput = (p: ParamsOf<"flux-pro-1.1-ultra">) => ({
  ...replicateTolerance(p),
  aspect_ratio: nearestUltraRatio(p.aspect_ratio),
  raw: p.raw,
  ...(p.image_prompt ? { image_prompt_strength: p.image_prompt_strength } : {}),
});

/**
 * FLUX.1 [dev]: steps and guidance under Replicate's names; BFL's tolerance becomes the on/off
 * checker by the rule of ./safety-checker. No prompt upsampling; Replicate's `image` is img2img,
 * not BFL's image prompt, so neither is sent. `go_fast` and `megapixels` stay at Replicate's defaults.
 */
export const replicateDevInput = (p: ParamsOf<"flux-dev">) => ({
  aspect_ratio: nearestFlux1Size(p.width, p.height).ratio,
  num_inference_steps: p.steps,
  guidance: p.guidance,
  disable_safety_checker: disablesSafetyChecker(p.safety_tolerance),
});
/** Kontext's ratios at Replicate (rep-v, PROVIDERS-MODELS.md §3); unset is `match_input_image`. */
export const REPLICATE_KONTEXT_RATIOS = ["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "4:5", "5:4", "21:9", "9:21", "2:1", "1:2"] as const;
/** Replicate's schema text: "2 is currently the maximum allowed when input images are used". */
export const REPLICATE_KONTEXT_SAFETY_MAX = 2;

/**
 * FLUX.1 Kontext [pro]: the input image inline (a data: URL), aspect_ratio the closest Replicate
 * takes or `match_input_image` (the input's shape) when none is asked, tolerance 0–2.
 */
export const replicateKontextInput = (p: ParamsOf<"flux-kontext-pro">) => ({
  input_image: toDataUrl(p.input_image),
  aspect_ratio: p.aspect_ratio ? nearestAspectRatio(p.aspect_ratio, REPLICATE_KONTEXT_RATIOS) : "match_input_image",
  safety_tolerance: Math.min(REPLICATE_KONTEXT_SAFETY_MAX, p.safety_tolerance),
  prompt_upsampling: p.prompt_upsampling,
});

/** FLUX.1 [schnell]: no guidance; our checker switch is Replicate's, inverted. */
export const replicateSchnellInput = (p: ParamsOf<"flux-schnell">) => ({
  aspect_ratio: nearestFlux1Size(p.width, p.height).ratio,
  num_inference_steps: p.steps,
  disable_safety_checker: !p.safety_checker,
});

/**
 * FLUX.2 [pro] at Replicate (PROVIDERS-MODELS.md §4, rep-v): `input_images` (data: URLs), a custom
 * size of 256–2048 per side that Replicate rounds to a multiple of 32 (sent rounded, so what is sent
 * is what is made), tolerance 1–5; no prompt upsampling in the current version.
 */
export const REPLICATE_FLUX2_SIDE = { min: 256, max: 2048, step: 32 } as const;
export const REPLICATE_FLUX2_SAFETY_MAX = 5;
export const toReplicateFlux2Side = (value: number) =>
  Math.min(REPLICATE_FLUX2_SIDE.max, Math.max(REPLICATE_FLUX2_SIDE.min, Math.round(value / REPLICATE_FLUX2_SIDE.step) * REPLICATE_FLUX2_SIDE.step));
export const replicateFlux2Input = (p: ParamsOf<"flux-2-pro">) => ({
  aspect_ratio: "custom",
  width: toReplicateFlux2Side(p.width),
  height: toReplicateFlux2Side(p.height),
  safety_tolerance: Math.min(REPLICATE_FLUX2_SAFETY_MAX, Math.max(REPLICATE_SAFETY_MIN, p.safety_tolerance)),
  ...(p.input_images?.length ? { input_images: p.input_images.map(toDataUrl) } : {}),
});

/**
 * How each canonical parameter reaches a host speaking Replicate's schema. `wire` names the
 * host's field (`input.x` at Replicate, `fluxParams.x` at Apiframe); `unit` is what one host task
 * is called there (prediction, job).
 */
export function replicateSchemaCapabilities(host: { name: string; unit: string; wire: (field: string) => string; prompt?: ParamCapability }) {
  const { name, unit, wire } = host;
  const common: ModelCapabilities = {
    prompt: host.prompt ?? pass(wire("prompt")),
    seed: { treatment: "passthrough", wire: wire("seed"), note: "image i of a batch uses seed + i" },
    num_images: { treatment: "emulated", note: `${name} makes one image per ${unit}: n images are n ${unit}s, image i with seed + i` },
    safety_tolerance: {
      treatment: "clamped",
      wire: wire("safety_tolerance"),
      note: `${name} accepts 1 (strict) to 6: 0 is sent as 1`,
      warns: [{ when: { kind: "outside", min: REPLICATE_SAFETY_MIN, max: REPLICATE_SAFETY_MAX }, message: `${name} accepts 1 to 6: {value} is sent as {sent}, its strictest setting` }],
    },
    output_format: { treatment: "converted", wire: wire("output_format"), note: 'jpeg is sent as "jpg"' },
    image_prompt: { treatment: "converted", wire: wire("image_prompt"), note: "sent inline as a data: URL" },
  };
  const size = { treatment: "converted" as const, note: 'sent with aspect_ratio "custom"' };
  const pro: ModelCapabilities = {
    ...common,
    width: { ...size, wire: wire("width") },
    height: { ...size, wire: wire("height") },
    prompt_upsampling: pass(wire("prompt_upsampling")),
  };
  const ultra: ModelCapabilities = {
    ...common,
    aspect_ratio: {
      treatment: "converted",
      wire: wire("aspect_ratio"),
      note: `${name} takes ${REPLICATE_ULTRA_RATIOS.join(", ")}: other ratios go to the closest one`,
      warns: [
        {
          when: { kind: "shape", of: "aspect_ratio", shapes: REPLICATE_ULTRA_RATIOS, match: "ratio", format: "ratio" },
          message: `${name} has no {value}: sent as {sent}, the closest ratio it takes`,
        },
      ],
    },
    raw: pass(wire("raw")),
    image_prompt_strength: { treatment: "passthrough", wire: wire("image_prompt_strength"), note: "sent only with an image prompt" },
    prompt_upsampling: dropped(`${name}'s Ultra has no prompt upsampling: not sent`),
  };
  const flux2Side = {
    treatment: "converted" as const,
    note: `sent with aspect_ratio "custom", clamped to ${REPLICATE_FLUX2_SIDE.min}–${REPLICATE_FLUX2_SIDE.max} and rounded to a multiple of ${REPLICATE_FLUX2_SIDE.step}, as ${name} makes it`,
    warns: [
      {
        when: { kind: "outside" as const, min: REPLICATE_FLUX2_SIDE.min, max: REPLICATE_FLUX2_SIDE.max },
        message: `${name}'s FLUX.2 sides are ${REPLICATE_FLUX2_SIDE.min} to ${REPLICATE_FLUX2_SIDE.max}: {value} is sent as {sent}`,
      },
    ],
  };
  const flux2: ModelCapabilities = {
    prompt: common.prompt!,
    seed: common.seed!,
    num_images: common.num_images!,
    output_format: common.output_format!,
    width: { ...flux2Side, wire: wire("width") },
    height: { ...flux2Side, wire: wire("height") },
    safety_tolerance: {
      treatment: "clamped",
      wire: wire("safety_tolerance"),
      note: `${name}'s FLUX.2 accepts 1 (strict) to ${REPLICATE_FLUX2_SAFETY_MAX}: 0 is sent as 1`,
      warns: [{ when: { kind: "outside", min: REPLICATE_SAFETY_MIN, max: REPLICATE_FLUX2_SAFETY_MAX }, message: `${name}'s FLUX.2 accepts 1 to ${REPLICATE_FLUX2_SAFETY_MAX}: {value} is sent as {sent}` }],
    },
    prompt_upsampling: flux2UpsamplingNotSwitchable(name),
    input_images: { treatment: "converted", wire: wire("input_images"), note: "sent inline as data: URLs, in order" },
  };
  return { pro, ultra, flux2 };
}

export function errorText(error: unknown): string {
  if (typeof error === "string" && error.trim()) return error.trim();
  const message = (error as { message?: unknown; detail?: unknown } | null | undefined)?.message ?? (error as { detail?: unknown } | null | undefined)?.detail;
  if (typeof message === "string") return message;
  return error === null || error === undefined ? "no reason given" : JSON.stringify(error).slice(0, 300);
}

/**
 * Failure texts of Replicate's proxied models carry a code (replicate/cog-flux
 * helpers/exceptions/prediction.py): E001 credits, E003 high demand, E004 unavailable, E005
 * "The input or output was flagged as sensitive". Apiframe relays the same texts when it proxies
 * Replicate, so it shares this.
 */
const FAILURE_RULES: { test: RegExp; code: ErrorCode; retryable?: boolean }[] = [
  { test: /\(E005\)|flagged|nsfw|sensitive|moderat|safety (filter|system|checker)/i, code: "moderated_output" },
  { test: /\(E001\)|insufficient credit/i, code: "insufficient_credits" },
  { test: /\(E003\)|high demand|rate limit/i, code: "rate_limited" },
  { test: /\(E004\)|temporarily unavailable/i, code: "provider_error", retryable: true },
];

/** A failed generation as a ProviderError, keeping the host's words. */
export function generationFailure(host: string, message: string): ProviderError {
  const rule = FAILURE_RULES.find((r) => r.test.test(message));
  let code: ErrorCode = rule?.code ?? "provider_error";
  // E005 says "input or output": only a text that blames the prompt itself is the request's fault.
  if (code === "moderated_output" && /\b(prompt|input) (was|is|has been) (flagged|rejected|blocked|moderated)/i.test(message)) code = "moderated_request";
  return new ProviderError(code, `${host} reported the generation failed: ${message}`, { retryable: rule?.retryable ?? code === "rate_limited" });
}

