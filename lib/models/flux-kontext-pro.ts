import { modelFacts } from "./catalog";
import { z } from "zod";
import { inputImageField, matchInputAspectRatioField, numImagesField, outputFormatField, promptField, promptUpsamplingField, safetyToleranceField, seedField } from "./fields";

/**
 * FLUX.1 Kontext [pro] edits an image: the prompt says what to change in `input_image`. Names follow
 * BFL's `POST /v1/flux-kontext-pro` (PROVIDERS-MODELS.md §3). BFL takes tolerance 0–6 but applies at
 * most 2 to a request with an input image: each host's capability row says what it does with more.
 */
// Strict: a parameter this model does not have is refused by name, never silently dropped.
export const fluxKontextProSchema = z.strictObject({
  prompt: promptField,
  input_image: inputImageField,
  aspect_ratio: matchInputAspectRatioField,
  seed: seedField,
  num_images: numImagesField,
  safety_tolerance: safetyToleranceField,
  prompt_upsampling: promptUpsamplingField,
  output_format: outputFormatField,
});

export const fluxKontextPro = {
  ...modelFacts("flux-kontext-pro"),
  description: "Edits an image from a prompt: change a detail, the style or the setting, and keep the rest.",
  schema: fluxKontextProSchema,
  sizePresets: [],
} as const;
