import { z } from "zod";
import { ASPECT_MAX, ASPECT_MIN, parseAspectRatio } from "./output-size";

export { parseAspectRatio };

/**
 * Canonical parameter fields shared by the FLUX 1.1 [pro] family. Names follow BFL's API (the
 * model's maker); each carries UI metadata so the playground form is generated from the schema.
 */
export type ControlKind =
  | "prompt"
  | "dimension"
  | "aspect-ratio"
  | "seed"
  | "slider"
  | "switch"
  | "select"
  | "image"
  | "images"
  | "count";

export interface FieldUi {
  label: string;
  help?: string;
  control: ControlKind;
  /** Lower numbers render first. */
  order: number;
  /** "advanced" fields sit in a collapsible section. */
  section?: "main" | "advanced";
  step?: number;
  options?: readonly { value: string; label: string }[];
  /** Presets offered next to a free-form input (aspect ratios, sizes). */
  presets?: readonly { value: string; label: string }[];
  /** Only meaningful when this other field has a value (e.g. strength needs an image prompt). */
  dependsOn?: string;
}

export const SEED_MAX = 4_294_967_295;

/** Image n of a batch uses seed + n (wrapping), so a batch is not n copies of one image. */
export function seedForImage(seed: number | undefined, index: number): number | undefined {
  if (seed === undefined) return undefined;
  return (seed + index) % (SEED_MAX + 1);
}
export const DIMENSION_MIN = 256;
export const DIMENSION_MAX = 1440;
export const DIMENSION_STEP = 32;
export const PROMPT_MAX = 10_000;
/** base64 of a ~10 MB image; BFL takes the image inline. */
export const IMAGE_PROMPT_MAX_CHARS = 14_000_000;

const ui = (meta: FieldUi) => ({ ui: meta });

export const promptField = z
  .string({ error: "Prompt is required" })
  .trim()
  .min(1, { error: "Prompt is required" })
  .max(PROMPT_MAX, { error: `Prompt must be at most ${PROMPT_MAX} characters` })
  .meta(ui({ label: "Prompt", control: "prompt", order: 0, help: "What the image should show." }));

export interface DimensionRange {
  min: number;
  max: number;
  step: number;
}
const FLUX1_DIMENSIONS: DimensionRange = { min: DIMENSION_MIN, max: DIMENSION_MAX, step: DIMENSION_STEP };

/** One side of the output in pixels, within a model's range and a multiple of its step. */
export const dimensionField = (label: string, order: number, fallback: number, { min, max, step }: DimensionRange = FLUX1_DIMENSIONS) =>
  z
    .number({ error: `${label} must be a whole number of pixels` })
    .int({ error: `${label} must be a whole number of pixels` })
    .min(min, { error: `${label} must be between ${min} and ${max}` })
    .max(max, { error: `${label} must be between ${min} and ${max}` })
    .refine((v) => v % step === 0, {
      error: `${label} must be a multiple of ${step} (e.g. ${fallback})`,
    })
    .default(fallback)
    .meta(ui({ label, control: "dimension", order, step, help: `${min}–${max}, a multiple of ${step}.` }));

export const widthField = dimensionField("Width", 10, 1024);
export const heightField = dimensionField("Height", 11, 768);

/** Size presets for FLUX 1.1 [pro]: common aspect ratios within 256..1440, multiples of 32. */
export const SIZE_PRESETS = [
  { value: "1024x1024", label: "1:1 · 1024×1024" },
  { value: "1024x768", label: "4:3 · 1024×768" },
  { value: "768x1024", label: "3:4 · 768×1024" },
  { value: "1344x768", label: "16:9 · 1344×768" },
  { value: "768x1344", label: "9:16 · 768×1344" },
  { value: "1216x832", label: "3:2 · 1216×832" },
  { value: "832x1216", label: "2:3 · 832×1216" },
  { value: "1440x608", label: "21:9 · 1440×608" },
] as const;

export const ASPECT_RATIO_PRESETS = [
  { value: "21:9", label: "21:9" },
  { value: "16:9", label: "16:9" },
  { value: "3:2", label: "3:2" },
  { value: "4:3", label: "4:3" },
  { value: "1:1", label: "1:1" },
  { value: "3:4", label: "3:4" },
  { value: "2:3", label: "2:3" },
  { value: "9:16", label: "9:16" },
  { value: "9:21", label: "9:21" },
] as const;

export function isAspectRatioInRange(value: string): boolean {
  const parsed = parseAspectRatio(value);
  if (!parsed) return false;
  const ratio = parsed.w / parsed.h;
  // A small epsilon so 21:9 and 9:21 themselves are allowed despite float rounding.
  return ratio <= ASPECT_MAX + 1e-9 && ratio >= ASPECT_MIN - 1e-9;
}

const aspectRatio = z
  .string({ error: "Aspect ratio is required" })
  .trim()
  .refine((v) => parseAspectRatio(v) !== null, { error: 'Aspect ratio must look like "W:H", e.g. 16:9', abort: true })
  .refine(isAspectRatioInRange, { error: "Aspect ratio must be between 21:9 and 9:21" });

export const aspectRatioField = aspectRatio
  .default("16:9")
  .meta(ui({ label: "Aspect ratio", control: "aspect-ratio", order: 10, presets: ASPECT_RATIO_PRESETS, help: "Any W:H between 21:9 and 9:21; output is about 4 megapixels." }));

/** An edit's shape: unset keeps the input image's (FLUX.1 Kontext). */
export const matchInputAspectRatioField = aspectRatio
  .optional()
  .meta(ui({ label: "Aspect ratio", control: "aspect-ratio", order: 10, presets: ASPECT_RATIO_PRESETS, help: "Leave empty to keep the input image's shape; or any W:H between 21:9 and 9:21, about 1 megapixel." }));

export const rawField = z
  .boolean()
  .default(false)
  .meta(ui({ label: "Raw mode", control: "switch", order: 12, help: "Less processed, more natural-looking images." }));

export const seedField = z
  .number({ error: `Seed must be a whole number from 0 to ${SEED_MAX}` })
  .int({ error: `Seed must be a whole number from 0 to ${SEED_MAX}` })
  .min(0, { error: `Seed must be a whole number from 0 to ${SEED_MAX}` })
  .max(SEED_MAX, { error: `Seed must be a whole number from 0 to ${SEED_MAX}` })
  .optional()
  .meta(ui({ label: "Seed", control: "seed", order: 20, help: "Same seed + same parameters = same image on the same host. Image n of a batch uses seed + n." }));

/** BFL's moderation level, 0 (strictest) to `max` (6 for FLUX.1, 5 for FLUX.2), default 2. */
export const safetyToleranceFieldUpTo = (max: number) =>
  z
    .number({ error: `Safety tolerance must be a whole number from 0 to ${max}` })
    .int({ error: `Safety tolerance must be a whole number from 0 to ${max}` })
    .min(0, { error: `Safety tolerance must be a whole number from 0 to ${max}` })
    .max(max, { error: `Safety tolerance must be a whole number from 0 to ${max}` })
    .default(2)
    .meta(ui({ label: "Safety tolerance", control: "slider", order: 30, step: 1, section: "advanced", help: `0 is the strictest moderation, ${max} the most permissive.` }));

export const safetyToleranceField = safetyToleranceFieldUpTo(6);

export const promptUpsamplingField = z
  .boolean()
  .default(false)
  .meta(ui({ label: "Prompt upsampling", control: "switch", order: 31, section: "advanced", help: "Let the host rewrite the prompt for more detail (breaks seed determinism)." }));

export const outputFormatField = z
  .enum(["jpeg", "png"], { error: 'Output format must be "jpeg" or "png"' })
  .default("jpeg")
  .meta(ui({ label: "Output format", control: "select", order: 32, section: "advanced", options: [{ value: "jpeg", label: "JPEG" }, { value: "png", label: "PNG" }] }));

export const numImagesField = z
  .number({ error: "Number of images must be from 1 to 4" })
  .int({ error: "Number of images must be from 1 to 4" })
  .min(1, { error: "Number of images must be from 1 to 4" })
  .max(4, { error: "Number of images must be from 1 to 4" })
  .default(1)
  .meta(ui({ label: "Images", control: "count", order: 25, help: "1 to 4 images; each is a separate task at the host." }));

const DATA_URL_PATTERN = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;
/** An image on the web: fetched by the server once, when the run is made, and stored like an upload. */
export const IMAGE_URL_PATTERN = /^https?:\/\//i;
const IMAGE_URL_MAX_CHARS = 2048;
const isImageUrl = (v: string) => IMAGE_URL_PATTERN.test(v) && v.length <= IMAGE_URL_MAX_CHARS && URL.canParse(v);
/** An image already in our storage (an earlier upload): how history keeps an image prompt. */
export const STORED_IMAGE_PATTERN = /^\/api\/images\/([0-9a-f]{64})\.(png|jpeg|webp)$/;

/** One image a user gives a model: inline (base64 or a data: URL), on the web, or already in our storage. */
export const imageReference = (label: string) =>
  z
    .string({ error: `${label} must be an image` })
    .max(IMAGE_PROMPT_MAX_CHARS, { error: `${label} is too large (at most about 10 MB)` })
    .refine((v) => DATA_URL_PATTERN.test(v) || BASE64_PATTERN.test(v) || STORED_IMAGE_PATTERN.test(v) || isImageUrl(v), {
      error: `${label} must be a PNG, JPEG or WebP image: base64, a data: URL, an http(s) URL (at most ${IMAGE_URL_MAX_CHARS} characters) or an /api/images/ URL of this playground`,
    });

export const imagePromptField = imageReference("Image prompt")
  .optional()
  .meta(ui({ label: "Image prompt", control: "image", order: 40, section: "advanced", help: "A reference image that guides composition and style." }));

/** The image an edit model changes (FLUX.1 Kontext): required, first in the form after the prompt. */
export const inputImageField = imageReference("Input image").meta(
  ui({ label: "Input image", control: "image", order: 1, help: "The image to edit: the prompt says what to change." }),
);

/** Reference images (FLUX.2): 0 to `max` images the prompt can refer to ("the cat of image 2"). */
export const inputImagesField = (max: number) =>
  z
    .array(imageReference("Reference image"), { error: "Reference images must be a list of images" })
    .max(max, { error: `At most ${max} reference images` })
    .optional()
    .meta(
      ui({
        label: "Reference images",
        control: "images",
        order: 1,
        help: `Up to ${max} images the prompt can refer to (subjects, style, a scene to edit); first is image 1.`,
      }),
    );

export const imagePromptStrengthField = z
  .number({ error: "Image prompt strength must be a number from 0 to 1" })
  .min(0, { error: "Image prompt strength must be a number from 0 to 1" })
  .max(1, { error: "Image prompt strength must be a number from 0 to 1" })
  .default(0.1)
  .meta(ui({ label: "Image prompt strength", control: "slider", order: 41, step: 0.01, section: "advanced", dependsOn: "image_prompt", help: "How strongly the image prompt is blended in (0 to 1)." }));

/** The fields both FLUX 1.1 models share; each model adds its size fields (and Ultra its extras). */
export const commonFields = {
  prompt: promptField,
  seed: seedField,
  num_images: numImagesField,
  safety_tolerance: safetyToleranceField,
  prompt_upsampling: promptUpsamplingField,
  output_format: outputFormatField,
  image_prompt: imagePromptField,
};

const wholeNumber = (label: string, min: number, max: number) => `${label} must be a whole number from ${min} to ${max}`;

/** Denoising steps: more is slower and (up to a point) more detailed; each model has its own range. */
export const stepsField = (min: number, max: number, fallback: number) =>
  z
    .number({ error: wholeNumber("Steps", min, max) })
    .int({ error: wholeNumber("Steps", min, max) })
    .min(min, { error: wholeNumber("Steps", min, max) })
    .max(max, { error: wholeNumber("Steps", min, max) })
    .default(fallback)
    .meta(ui({ label: "Steps", control: "slider", order: 33, step: 1, section: "advanced", help: `${min} to ${max}; more steps take longer.` }));

/** How closely the image follows the prompt (classifier-free guidance as the model was distilled for). */
export const guidanceField = (min: number, max: number, fallback: number) => {
  const message = `Guidance must be a number from ${min} to ${max}`;
  return z
    .number({ error: message })
    .min(min, { error: message })
    .max(max, { error: message })
    .default(fallback)
    .meta(ui({ label: "Guidance", control: "slider", order: 34, step: 0.1, section: "advanced", help: `${min} to ${max}: higher follows the prompt more literally.` }));
};

/** Where a model's hosts have an on/off checker rather than BFL's tolerance (FLUX.1 [schnell]). */
export const safetyCheckerField = z
  .boolean()
  .default(true)
  .meta(ui({ label: "Safety checker", control: "switch", order: 30, section: "advanced", help: "On: the host blurs or refuses images it judges unsafe." }));
