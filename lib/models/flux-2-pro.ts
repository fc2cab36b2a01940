import { modelFacts } from "./catalog";
import { z } from "zod";
import {
  dimensionField,
  inputImagesField,
  numImagesField,
  outputFormatField,
  promptField,
  safetyToleranceFieldUpTo,
  seedField,
  type FieldUi,
} from "./fields";

/**
 * FLUX.2 [pro] makes an image from a prompt and up to 8 reference images. Names follow BFL's
 * `POST /v1/flux-2-pro` (PROVIDERS-MODELS.md §4); the references are one list here, BFL's
 * `input_image`, `input_image_2`…`_8` on its wire.
 */
export const FLUX2_MAX_INPUT_IMAGES = 8;
export const FLUX2_SAFETY_TOLERANCE_MAX = 5;
/** BFL's megapixel, as its `output_mp` counts it (0.06 at 256²): 1024² pixels. */
export const BFL_MEGAPIXEL = 1024 * 1024;
/**
 * BFL's list price of FLUX.2 [pro] (PROVIDERS-MODELS.md §4: 3 credits for the first output megapixel,
 * 1.5 for each further one and for each input megapixel): hosts that publish no rates of their own
 * are shown at it, each entry saying so.
 */
export const FLUX2_LIST_PRICE_TIERS = { unit: "megapixel", usd: 0.03, extraMpUsd: 0.015, inputMpUsd: 0.015, mpPixels: BFL_MEGAPIXEL } as const;
// UNVERIFIED (bfl-skills, not BFL's reference, which says only "≥ 64"): a multiple of 16, at most 4 MP in all.
// Sides stop at 2048 (Replicate's limit, §4): every size is then within 4 MP (2048² is 4 MP exactly),
// so no combination of width and height is refused by one host and taken by another.
export const FLUX2_DIMENSIONS = { min: 64, max: 2048, step: 16 } as const;
export const FLUX2_MAX_PIXELS = 4 * BFL_MEGAPIXEL;
// UNVERIFIED: BFL documents no default size (Comfy sends 1024×768). 1024² is one megapixel, the price's first tier.
export const FLUX2_DEFAULT_SIZE = { width: 1024, height: 1024 } as const;

/** Sizes within FLUX.2's 4 MP, each side a multiple of 32 so every host makes them exactly. */
export const FLUX2_SIZE_PRESETS = [
  { value: "1024x1024", label: "1:1 · 1024×1024" },
  { value: "1440x1088", label: "4:3 · 1440×1088" },
  { value: "1088x1440", label: "3:4 · 1088×1440" },
  { value: "1920x1088", label: "16:9 · 1920×1088" },
  { value: "1088x1920", label: "9:16 · 1088×1920" },
  { value: "2048x2048", label: "1:1 · 2048×2048 (4 MP)" },
] as const;

const ui = (meta: FieldUi) => ({ ui: meta });

/**
 * Upsampling defaults ON: BFL's FLUX.2 returns an upsampled `result.prompt` when the request leaves
 * the field out (§4), so ON is what a caller gets there by default; turning it off sends `false`.
 */
const flux2PromptUpsamplingField = z
  .boolean()
  .default(true)
  .meta(ui({ label: "Prompt upsampling", control: "switch", order: 31, section: "advanced", help: "On by default at BFL for FLUX.2: the host rewrites the prompt for more detail (breaks seed determinism)." }));

// Strict: a parameter this model does not have is refused by name, never silently dropped.
export const flux2ProSchema = z.strictObject({
  prompt: promptField,
  input_images: inputImagesField(FLUX2_MAX_INPUT_IMAGES),
  width: dimensionField("Width", 10, FLUX2_DEFAULT_SIZE.width, FLUX2_DIMENSIONS),
  height: dimensionField("Height", 11, FLUX2_DEFAULT_SIZE.height, FLUX2_DIMENSIONS),
  seed: seedField,
  num_images: numImagesField,
  safety_tolerance: safetyToleranceFieldUpTo(FLUX2_SAFETY_TOLERANCE_MAX),
  prompt_upsampling: flux2PromptUpsamplingField,
  output_format: outputFormatField,
});

export const flux2Pro = {
  ...modelFacts("flux-2-pro"),
  description: "The current FLUX: any size up to 4 MP, and up to 8 reference images the prompt can combine or edit.",
  schema: flux2ProSchema,
  sizePresets: FLUX2_SIZE_PRESETS,
} as const;
