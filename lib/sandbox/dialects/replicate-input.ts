import { z } from "zod";
import { bflUltraSize } from "./bfl-ultra-output";
import { kontextOutputSize, kontextSize } from "./kontext-output";

/**
 * The Replicate dialect: Replicate's input schemas for FLUX 1.1 [pro] and Ultra (PROVIDERS.md C.2,
 * C.3), as the sandbox enforces them: deliberately independent of our canonical schemas, so an
 * adapter that sends what Replicate would refuse (safety_tolerance 0, "jpeg", raw to 1.1 [pro]) is
 * caught. Shared by the Replicate and Apiframe emulators: Apiframe's fluxParams mirror them (F.2).
 */
const integer = (min: number, max: number) => z.number().int().min(min).max(max);
const fileUri = z.string().refine((v) => /^(https?:\/\/|data:)/.test(v), { message: "Does not match format 'uri'" });

export const REPLICATE_PRO_RATIOS = ["custom", "1:1", "16:9", "3:2", "2:3", "4:5", "5:4", "9:16", "3:4", "4:3"] as const;
export const REPLICATE_ULTRA_RATIOS = ["21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16", "9:21"] as const;

export const replicateProInput = z
  .object({
    prompt: z.string(),
    image_prompt: fileUri.optional(),
    aspect_ratio: z.enum(REPLICATE_PRO_RATIOS).default("1:1"),
    width: integer(256, 1440).optional(),
    height: integer(256, 1440).optional(),
    safety_tolerance: integer(1, 6).default(2),
    seed: z.number().int().optional(),
    prompt_upsampling: z.boolean().default(false),
    output_format: z.enum(["webp", "jpg", "png"]).default("webp"),
    output_quality: integer(0, 100).default(80),
  })
  .strict();

export const replicateUltraInput = z
  .object({
    prompt: z.string(),
    image_prompt: fileUri.optional(),
    image_prompt_strength: z.number().min(0).max(1).default(0.1),
    aspect_ratio: z.enum(REPLICATE_ULTRA_RATIOS).default("1:1"),
    safety_tolerance: integer(1, 6).default(2),
    seed: z.number().int().optional(),
    raw: z.boolean().default(false),
    output_format: z.enum(["jpg", "png"]).default("jpg"),
  })
  .strict();

/**
 * FLUX.1 [dev] and [schnell] (PROVIDERS-MODELS.md §1, §2, from replicate/cog-flux predict.py):
 * sized by aspect_ratio only (each a fixed size, halved per side at megapixels "0.25"), up to four
 * outputs per prediction. [schnell] has no guidance or img2img, and 1–4 steps.
 */
export const REPLICATE_FLUX1_SIZES: Record<string, { width: number; height: number }> = {
  "1:1": { width: 1024, height: 1024 },
  "16:9": { width: 1344, height: 768 },
  "21:9": { width: 1536, height: 640 },
  "3:2": { width: 1216, height: 832 },
  "2:3": { width: 832, height: 1216 },
  "4:5": { width: 896, height: 1088 },
  "5:4": { width: 1088, height: 896 },
  "3:4": { width: 896, height: 1152 },
  "4:3": { width: 1152, height: 896 },
  "9:16": { width: 768, height: 1344 },
  "9:21": { width: 640, height: 1536 },
};
const FLUX1_RATIOS = Object.keys(REPLICATE_FLUX1_SIZES) as [string, ...string[]];

const flux1Fields = {
  prompt: z.string(),
  aspect_ratio: z.enum(FLUX1_RATIOS).default("1:1"),
  megapixels: z.enum(["1", "0.25"]).default("1"),
  num_outputs: integer(1, 4).default(1),
  seed: z.number().int().optional(),
  output_format: z.enum(["webp", "jpg", "png"]).default("webp"),
  output_quality: integer(0, 100).default(80),
  disable_safety_checker: z.boolean().default(false),
  go_fast: z.boolean().default(true),
};

export const replicateDevInput = z
  .object({
    ...flux1Fields,
    image: fileUri.optional(),
    prompt_strength: z.number().min(0).max(1).default(0.8),
    num_inference_steps: integer(1, 50).default(28),
    guidance: z.number().min(0).max(10).default(3),
  })
  .strict();

export const replicateSchnellInput = z.object({ ...flux1Fields, num_inference_steps: integer(1, 4).default(4) }).strict();

/**
 * FLUX.2 [pro] (PROVIDERS-MODELS.md §4, rep-v): up to 8 `input_images`; a preset ratio at a
 * `resolution`, or "custom" with width/height 256–2048 rounded to a multiple of 32; tolerance 1–5.
 */
export const REPLICATE_FLUX2 = { min: 256, max: 2048, step: 32, maxSafetyTolerance: 5, inputImages: 8 } as const;
export const replicateFlux2Input = z
  .object({
    prompt: z.string(),
    input_images: z.array(fileUri).max(REPLICATE_FLUX2.inputImages).optional(),
    aspect_ratio: z.enum(["match_input_image", ...REPLICATE_PRO_RATIOS]).default("1:1"),
    resolution: z.enum(["match_input_image", "0.5 MP", "1 MP", "2 MP", "4 MP"]).default("1 MP"),
    width: integer(REPLICATE_FLUX2.min, REPLICATE_FLUX2.max).optional(),
    height: integer(REPLICATE_FLUX2.min, REPLICATE_FLUX2.max).optional(),
    safety_tolerance: integer(1, REPLICATE_FLUX2.maxSafetyTolerance).default(2),
    seed: z.number().int().optional(),
    output_format: z.enum(["webp", "jpg", "png"]).default("webp"),
    output_quality: integer(0, 100).default(80),
  })
  .strict();

/**
 * FLUX.1 Kontext [pro] (PROVIDERS-MODELS.md §3, rep-v): `input_image` a URI (data: URLs per
 * Replicate's general file rule: UNVERIFIED here), aspect_ratio defaulting to match_input_image,
 * tolerance 0–6 (BFL applies at most 2 with an image), output jpg|png (png). One output, a string.
 */
export const REPLICATE_KONTEXT_RATIOS = ["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "4:5", "5:4", "21:9", "9:21", "2:1", "1:2"] as const;
export const replicateKontextInput = z
  .object({
    prompt: z.string(),
    input_image: fileUri.optional(),
    aspect_ratio: z.enum(["match_input_image", ...REPLICATE_KONTEXT_RATIOS]).default("match_input_image"),
    safety_tolerance: integer(0, 6).default(2),
    seed: z.number().int().optional(),
    prompt_upsampling: z.boolean().default(false),
    output_format: z.enum(["jpg", "png"]).default("png"),
  })
  .strict();
type KontextInput = z.output<typeof replicateKontextInput>;

type Flux1Input = z.output<typeof replicateDevInput> | z.output<typeof replicateSchnellInput>;
export type ReplicateInput = z.output<typeof replicateProInput> | z.output<typeof replicateUltraInput> | Flux1Input | z.output<typeof replicateFlux2Input> | KontextInput;
/** Of the inputs with prompt_upsampling, only 1.1 [pro]'s has output_quality (its default fills it in). */
const isKontext = (input: ReplicateInput): input is KontextInput => "prompt_upsampling" in input && !("output_quality" in input);

/** How many images a prediction makes: FLUX.1 takes num_outputs, 1.1 [pro] and Ultra make one. */
export const outputCountOf = (input: ReplicateInput): number => ("num_outputs" in input ? input.num_outputs : 1);

export interface InvalidField {
  type: string;
  field: string;
  description: string;
}

function describeIssue(issue: z.core.$ZodIssue, name: string, received: unknown): Omit<InvalidField, "field"> {
  switch (issue.code) {
    case "invalid_value":
      return { type: "enum", description: `${name} must be one of the following: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}` };
    case "too_small":
      return { type: "number_gte", description: `Must be greater than or equal to ${String(issue.minimum)}` };
    case "too_big":
      return { type: "number_lte", description: `Must be less than or equal to ${String(issue.maximum)}` };
    case "invalid_type":
      if (received === undefined) return { type: "required", description: `${name} is required` };
      return { type: "invalid_type", description: `Invalid type. Expected: ${issue.expected === "int" ? "integer" : issue.expected}, given: ${typeof received}` };
    case "custom":
      return { type: "format", description: issue.message };
    default:
      return { type: issue.code, description: issue.message };
  }
}

/** Zod's issues as Replicate's `invalid_fields` (its 422 body), with fields under `prefix`. */
export function invalidFields(error: z.ZodError, input: unknown, prefix: string): InvalidField[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ type: "additional_property_not_allowed", field: prefix, description: `Additional property ${key} is not allowed` }));
    }
    const name = issue.path.map(String).join(".");
    const received = (input as Record<string, unknown> | null | undefined)?.[name];
    return [{ field: `${prefix}.${name}`, ...describeIssue(issue, name, received) }];
  });
}

/**
 * FLUX 1.1 [pro]'s sizes for the preset ratios. UNVERIFIED for 1.1 [pro]: replicate/cog-flux's
 * ASPECT_RATIOS table (FLUX.1 dev/schnell), about one megapixel.
 */
const PRO_PRESET_SIZES: Record<string, { width: number; height: number }> = {
  "1:1": { width: 1024, height: 1024 },
  "16:9": { width: 1344, height: 768 },
  "3:2": { width: 1216, height: 832 },
  "2:3": { width: 832, height: 1216 },
  "4:5": { width: 896, height: 1088 },
  "5:4": { width: 1088, height: 896 },
  "9:16": { width: 768, height: 1344 },
  "3:4": { width: 896, height: 1152 },
  "4:3": { width: 1152, height: 896 },
};
const CUSTOM_FALLBACK = 1024;
const round32 = (v: number) => Math.round(v / 32) * 32;

export type OutputExt = "webp" | "jpg" | "png";

/** The size and format of the image Replicate makes for this input. */
export function outputOf(input: ReplicateInput): { width: number; height: number; ext: OutputExt; format: "jpeg" | "png" | "webp" } {
  const ext = input.output_format;
  const format = ext === "jpg" ? "jpeg" : ext;
  // Replicate runs Ultra and Kontext at BFL, which makes the size (C.3 states none of its own).
  if ("raw" in input) return { ...bflUltraSize(input.aspect_ratio), ext, format };
  if (isKontext(input)) return { ...kontextSize(input.aspect_ratio === "match_input_image" ? "1:1" : input.aspect_ratio), ext, format };
  if ("num_outputs" in input) {
    const size = REPLICATE_FLUX1_SIZES[input.aspect_ratio];
    const scale = input.megapixels === "0.25" ? 0.5 : 1;
    return { width: size.width * scale, height: size.height * scale, ext, format };
  }
  // FLUX.2's preset ratios at its other resolutions, and the input's own shape, are UNVERIFIED: ~1 MP stands in.
  if (input.aspect_ratio !== "custom") return { ...(PRO_PRESET_SIZES[input.aspect_ratio] ?? PRO_PRESET_SIZES["1:1"]), ext, format };
  // "rounded to the nearest multiple of 32" (C.2); a missing side is UNVERIFIED, taken as 1024.
  return { width: round32(input.width ?? CUSTOM_FALLBACK), height: round32(input.height ?? CUSTOM_FALLBACK), ext, format };
}

/** As outputOf, where Kontext's match_input_image takes the input image's shape (decoded). */
export async function editOutputOf(input: ReplicateInput): Promise<ReturnType<typeof outputOf>> {
  const made = outputOf(input);
  if (!isKontext(input) || input.aspect_ratio !== "match_input_image" || !input.input_image) return made;
  return { ...made, ...(await kontextOutputSize(undefined, input.input_image)) };
}

export const CONTENT_TYPES: Record<OutputExt, string> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp" };
