import { modelFacts } from "./catalog";
import { z } from "zod";
import { aspectRatioField, commonFields, imagePromptStrengthField, rawField } from "./fields";

// Strict: a parameter this model does not have is refused by name, never silently dropped.
export const fluxPro11UltraSchema = z.strictObject({
  ...commonFields,
  aspect_ratio: aspectRatioField,
  raw: rawField,
  image_prompt_strength: imagePromptStrengthField,
});

export type FluxPro11UltraParams = z.output<typeof fluxPro11UltraSchema>;

export const fluxPro11Ultra = {
  ...modelFacts("flux-pro-1.1-ultra"),
  description: "About 4 megapixels at any aspect ratio from 21:9 to 9:21, with raw mode.",
  schema: fluxPro11UltraSchema,
  sizePresets: [],
} as const;
