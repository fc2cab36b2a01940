import { modelFacts } from "./catalog";
import { z } from "zod";
import { heightField, numImagesField, outputFormatField, promptField, safetyCheckerField, seedField, SIZE_PRESETS, stepsField, widthField } from "./fields";

/**
 * FLUX.1 [schnell], the fastest of the family: 1 to 4 steps, no guidance, no image prompt, and the
 * on/off safety checker its hosts have (BFL does not serve it: PROVIDERS-MODELS.md §2). Names follow
 * the family's (BFL's) where the model has the parameter.
 */
export const FLUX_SCHNELL_STEPS = { min: 1, max: 4, default: 4 } as const;

// Strict: a parameter this model does not have is refused by name, never silently dropped.
export const fluxSchnellSchema = z.strictObject({
  prompt: promptField,
  seed: seedField,
  num_images: numImagesField,
  width: widthField,
  height: heightField,
  steps: stepsField(FLUX_SCHNELL_STEPS.min, FLUX_SCHNELL_STEPS.max, FLUX_SCHNELL_STEPS.default),
  safety_checker: safetyCheckerField,
  output_format: outputFormatField,
});

export const fluxSchnell = {
  ...modelFacts("flux-schnell"),
  description: "The fastest FLUX: 1 to 4 steps, for drafts and quick iterations, at a fraction of a cent.",
  schema: fluxSchnellSchema,
  sizePresets: SIZE_PRESETS,
} as const;
