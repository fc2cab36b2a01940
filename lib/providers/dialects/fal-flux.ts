import { z } from "zod";
import type { ParamsOf, SharedParams, ToleranceParams } from "@/lib/models";
import { dropped, pass, renamed, type ModelCapabilities } from "../capabilities";
import type { ReadyImage } from "../types";
import { nearestAspectRatio } from "./aspect-ratio";
import { flux2UpsamplingNotSwitchable } from "./flux2";
import { disablesSafetyChecker, safetyCheckerWarns } from "./safety-checker";

/**
 * fal's FLUX model input and output (PROVIDERS.md B.2, B.3). Runflow's FLUX inputs mirror fal's
 * (PROVIDERS.md G.2): both hosts build and read them here, each with its own endpoints and prices.
 */

/** fal's image_size presets (PROVIDERS.md B.3), in pixels. */
export const FAL_IMAGE_SIZE_PRESETS = {
  square_hd: { width: 1024, height: 1024 },
  square: { width: 512, height: 512 },
  portrait_4_3: { width: 768, height: 1024 },
  portrait_16_9: { width: 576, height: 1024 },
  landscape_4_3: { width: 1024, height: 768 },
  landscape_16_9: { width: 1024, height: 576 },
} as const;
export type FalImageSizePreset = keyof typeof FAL_IMAGE_SIZE_PRESETS;
export type FalImageSize = FalImageSizePreset | { width: number; height: number };

/** The preset name when the size is one, else the custom `{width, height}` fal also takes. */
export function toFalImageSize(width: number, height: number): FalImageSize {
  const preset = (Object.keys(FAL_IMAGE_SIZE_PRESETS) as FalImageSizePreset[]).find(
    (name) => FAL_IMAGE_SIZE_PRESETS[name].width === width && FAL_IMAGE_SIZE_PRESETS[name].height === height,
  );
  return preset ?? { width, height };
}

/** fal's safety_tolerance is a string "1" (strictest) … "6": BFL's 0 has no equivalent. */
export const FAL_SAFETY_MIN = 1;
export const toFalSafetyTolerance = (value: number): string => String(Math.min(6, Math.max(FAL_SAFETY_MIN, value)));

/** A bare base64 image as the data: URI fal takes in image_url (type sniffed from its first bytes); URLs go as they are. */
export function toDataUri(image: string): string {
  if (image.startsWith("data:") || /^https?:\/\//.test(image)) return image;
  const type = image.startsWith("/9j/") ? "jpeg" : image.startsWith("UklGR") ? "webp" : "png";
  return `data:image/${type};base64,${image}`;
}

/** The input fields every FLUX model takes at fal, for the whole batch (fal takes num_images). */
export function falCommonInput(params: SharedParams): Record<string, unknown> {
  const input: Record<string, unknown> = { prompt: params.prompt, num_images: params.num_images, output_format: params.output_format };
  if (params.seed !== undefined) input.seed = params.seed;
  return input;
}

/** BFL's tolerance and upsampling, as fal names them, for the models that have them. */
export const falTolerance = (p: ToleranceParams) => ({ safety_tolerance: toFalSafetyTolerance(p.safety_tolerance), enhance_prompt: p.prompt_upsampling });

/** What each model's input adds to the common fields. */
export const falProInput = (p: ParamsOf<"flux-pro-1.1">) => ({ ...falTolerance(p), image_size: toFalImageSize(p.width, p.height) });
export const falUltraInput = (p: ParamsOf<"flux-pro-1.1-ultra">) => ({
  ...falTolerance(p),
  aspect_ratio: p.aspect_ratio,
  raw: p.raw,
  // Strength only means something with an image prompt.
  ...(p.image_prompt ? { image_url: toDataUri(p.image_prompt), image_prompt_strength: p.image_prompt_strength } : {}),
});

/** FLUX.1's steps and size, as fal names them (PROVIDERS-MODELS.md §1, §2). */
const falFlux1Input = (p: { width: number; height: number; steps: number }) => ({ image_size: toFalImageSize(p.width, p.height), num_inference_steps: p.steps });

/**
 * FLUX.1 [dev] has an on/off checker instead of BFL's tolerance (Together's rule, ./safety-checker)
 * and no prompt upsampling; its image_url is img2img, not an image prompt, so none is sent.
 */
export const falDevInput = (p: ParamsOf<"flux-dev">) => ({
  ...falFlux1Input(p),
  guidance_scale: p.guidance,
  enable_safety_checker: !disablesSafetyChecker(p.safety_tolerance),
});
export const falSchnellInput = (p: ParamsOf<"flux-schnell">) => ({ ...falFlux1Input(p), enable_safety_checker: p.safety_checker });

/** fal's Kontext ratios (fal-docs, fal-js `FluxProKontextInput`; PROVIDERS-MODELS.md §3, Runflow's "as fal"). */
export const FAL_KONTEXT_RATIOS = ["21:9", "16:9", "4:3", "3:2", "1:1", "2:3", "3:4", "9:16", "9:21"] as const;
/** BFL applies at most tolerance 2 to a request with an input image (§3, §8): what we send is what applies. */
export const KONTEXT_SAFETY_MAX = 2;

/**
 * FLUX.1 Kontext [pro]: the input image inline in image_url; aspect_ratio only when asked (unset
 * keeps the input image's shape), else the closest of the nine fal takes; tolerance "1"–"2".
 * fal's guidance_scale is a host extra our model lacks: not sent, fal's default applies.
 */
export const falKontextInput = (p: ParamsOf<"flux-kontext-pro">) => ({
  image_url: toDataUri(p.input_image),
  ...(p.aspect_ratio ? { aspect_ratio: nearestAspectRatio(p.aspect_ratio, FAL_KONTEXT_RATIOS) } : {}),
  safety_tolerance: String(Math.min(KONTEXT_SAFETY_MAX, Math.max(FAL_SAFETY_MIN, p.safety_tolerance))),
  enhance_prompt: p.prompt_upsampling,
});

/** fal's FLUX.2 safety_tolerance: a string "1" … "5" (PROVIDERS-MODELS.md §4, §8.3). */
export const FAL_FLUX2_SAFETY_MAX = 5;

/**
 * FLUX.2 [pro] at fal (PROVIDERS-MODELS.md §4): no num_images (one request per image), no prompt
 * upsampling; its references go as `image_urls` to the `/edit` endpoint (the host's entry picks it).
 */
export const falFlux2Input = (p: ParamsOf<"flux-2-pro">) => ({
  image_size: toFalImageSize(p.width, p.height),
  safety_tolerance: String(Math.min(FAL_FLUX2_SAFETY_MAX, Math.max(FAL_SAFETY_MIN, p.safety_tolerance))),
  ...(p.input_images?.length ? { image_urls: p.input_images.map(toDataUri) } : {}),
});

/**
 * How each canonical parameter reaches a host taking fal's FLUX input; `wire` names the field as
 * the host's body has it (fal: the body itself; Runflow: under `input`).
 */
export function falInputCapabilities(host: string, wire: (field: string) => string) {
  const common: ModelCapabilities = {
    prompt: pass(wire("prompt")),
    seed: { treatment: "passthrough", wire: wire("seed"), note: `one seed for the request: ${host} reports no seed per image of a batch` },
    num_images: { treatment: "passthrough", wire: wire("num_images"), note: "one request makes the whole batch" },
    safety_tolerance: {
      treatment: "clamped",
      wire: wire("safety_tolerance"),
      note: `sent as a string "1" (strictest) to "6"; ${host} has no 0, so 0 is sent as "1"`,
      warns: [{ when: { kind: "outside", min: FAL_SAFETY_MIN, max: 6 }, message: `${host}'s strictest level is 1: {value} is sent as "{sent}"` }],
    },
    prompt_upsampling: renamed(wire("enhance_prompt")),
    output_format: pass(wire("output_format")),
  };
  const shared = { prompt: common.prompt, seed: common.seed, num_images: common.num_images, output_format: common.output_format };
  const size = {
    width: { treatment: "converted", wire: wire("image_size"), note: "sent as a preset name when the size is one (1024×768 = landscape_4_3), else as {width, height}" },
    height: { treatment: "converted", wire: wire("image_size"), note: "sent with width as image_size" },
  } satisfies ModelCapabilities;
  const flux1 = {
    ...shared,
    ...size,
    steps: renamed(wire("num_inference_steps")),
  } satisfies ModelCapabilities;
  return {
    pro: {
      ...common,
      ...size,
      image_prompt: dropped(`${host}'s FLUX 1.1 [pro] endpoint takes no image prompt: not sent`),
    } satisfies ModelCapabilities,
    ultra: {
      ...common,
      aspect_ratio: pass(wire("aspect_ratio")),
      raw: pass(wire("raw")),
      image_prompt: renamed(wire("image_url"), "sent inline as a data: URI"),
      image_prompt_strength: { treatment: "passthrough", wire: wire("image_prompt_strength"), note: "sent only with an image prompt" },
    } satisfies ModelCapabilities,
    dev: {
      ...flux1,
      // The host's range (1–20) holds the model's (1.5–5): every value arrives as given.
      guidance: renamed(wire("guidance_scale")),
      safety_tolerance: {
        treatment: "converted",
        wire: wire("enable_safety_checker"),
        note: `${host}'s checker is on or off: 0-4 keep it on, 5-6 turn it off`,
        warns: safetyCheckerWarns(host, { off: `${wire("enable_safety_checker")}: false`, on: `${wire("enable_safety_checker")}: true` }),
      },
      prompt_upsampling: dropped(`${host}'s FLUX.1 [dev] has no prompt upsampling: not sent`),
      // Its image_url is an img2img input (another endpoint), not BFL's image prompt.
      image_prompt: dropped(`${host}'s FLUX.1 [dev] takes no image prompt (its image input is img2img, another thing): not sent`),
    } satisfies ModelCapabilities,
    schnell: { ...flux1, safety_checker: renamed(wire("enable_safety_checker")) } satisfies ModelCapabilities,
    kontext: {
      ...common,
      input_image: renamed(wire("image_url"), "sent inline as a data: URI"),
      aspect_ratio: {
        treatment: "converted",
        wire: wire("aspect_ratio"),
        note: `${host} takes ${FAL_KONTEXT_RATIOS.join(", ")}: other ratios go to the closest one; unset, the edit keeps the input image's shape`,
        warns: [
          {
            when: { kind: "shape", of: "aspect_ratio", shapes: FAL_KONTEXT_RATIOS, match: "ratio", format: "ratio" },
            message: `${host}'s Kontext has no {value}: sent as {sent}, the closest ratio it takes`,
          },
        ],
      },
      safety_tolerance: {
        treatment: "clamped",
        wire: wire("safety_tolerance"),
        note: `sent as a string "1" to "${KONTEXT_SAFETY_MAX}": ${host} has no 0, and Kontext applies at most ${KONTEXT_SAFETY_MAX} to an edit`,
        warns: [
          {
            when: { kind: "outside", min: FAL_SAFETY_MIN, max: KONTEXT_SAFETY_MAX },
            message: `${host}'s Kontext takes 1 to ${KONTEXT_SAFETY_MAX} for an edit: {value} is sent as "{sent}"`,
          },
        ],
      },
    } satisfies ModelCapabilities,
    flux2: {
      prompt: common.prompt,
      output_format: common.output_format,
      ...size,
      seed: { treatment: "passthrough", wire: wire("seed"), note: "each image is its own request: image i gets seed + i" },
      num_images: { treatment: "emulated", note: `${host}'s FLUX.2 takes no num_images: n images are n requests` },
      safety_tolerance: {
        treatment: "clamped",
        wire: wire("safety_tolerance"),
        note: `sent as a string "1" (strictest) to "${FAL_FLUX2_SAFETY_MAX}"; ${host} has no 0, so 0 is sent as "1"`,
        warns: [{ when: { kind: "outside", min: FAL_SAFETY_MIN, max: FAL_FLUX2_SAFETY_MAX }, message: `${host}'s FLUX.2 levels are 1 to ${FAL_FLUX2_SAFETY_MAX}: {value} is sent as "{sent}"` }],
      },
      prompt_upsampling: flux2UpsamplingNotSwitchable(host),
      input_images: {
        treatment: "converted",
        wire: wire("image_urls"),
        note: "sent as data: URIs to the /edit endpoint; without references, the text-to-image one",
      },
    } satisfies ModelCapabilities,
  };
}

const falImage = z.union([z.string().min(1), z.object({ url: z.string().min(1) }).passthrough()]);

/** The model output: fal's `images[]`; Runflow's normalised `image_urls[]` is accepted too. */
export const falOutput = z.object({
  images: z.array(falImage).nullish(),
  image_urls: z.array(z.string().min(1)).nullish(),
  seed: z.number().int().nullish(),
  has_nsfw_concepts: z.array(z.boolean()).nullish(),
});
export type FalOutput = z.infer<typeof falOutput>;

/**
 * The images of a model output. One seed is reported per request, so only the first image is
 * known to have it; the others are left unknown rather than guessed.
 */
export function falOutputImages(output: FalOutput, fallbackSeed: number | null = null): ReadyImage[] {
  const urls = output.images?.map((image) => (typeof image === "string" ? image : image.url)) ?? output.image_urls ?? [];
  const seed = output.seed ?? fallbackSeed;
  return urls.map((url, index) => ({ url, seed: index === 0 ? seed : null }));
}

