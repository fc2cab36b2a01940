import { modelFacts } from "./catalog";
import { z } from "zod";
import { commonFields, guidanceField, heightField, SIZE_PRESETS, stepsField, widthField } from "./fields";

/**
 * FLUX.1 [dev]'s parameters are BFL's own (`POST /v1/flux-dev`, PROVIDERS-MODELS.md §1): 1.1 [pro]'s
 * plus steps (1–50, 28) and guidance (default 3).
 */
// UNVERIFIED (PROVIDERS-MODELS.md §1: a comment in a recorded client, not BFL's reference): guidance 1.5–5.
export const FLUX_DEV_GUIDANCE = { min: 1.5, max: 5, default: 3 } as const;
export const FLUX_DEV_STEPS = { min: 1, max: 50, default: 28 } as const;

// Strict: a parameter this model does not have is refused by name, never silently dropped.
export const fluxDevSchema = z.strictObject({
  ...commonFields,
  width: widthField,
  height: heightField,
  steps: stepsField(FLUX_DEV_STEPS.min, FLUX_DEV_STEPS.max, FLUX_DEV_STEPS.default),
  guidance: guidanceField(FLUX_DEV_GUIDANCE.min, FLUX_DEV_GUIDANCE.max, FLUX_DEV_GUIDANCE.default),
});

export const fluxDev = {
  ...modelFacts("flux-dev"),
  description: "The open-weight sibling of 1.1 [pro]: steps and guidance to tune, at a lower price.",
  schema: fluxDevSchema,
  sizePresets: SIZE_PRESETS,
} as const;
