import { modelFacts } from "./catalog";
import { z } from "zod";
import { commonFields, heightField, SIZE_PRESETS, widthField } from "./fields";

// Strict: a parameter this model does not have is refused by name, never silently dropped.
export const fluxPro11Schema = z.strictObject({ ...commonFields, width: widthField, height: heightField });

export type FluxPro11Params = z.output<typeof fluxPro11Schema>;

export const fluxPro11 = {
  ...modelFacts("flux-pro-1.1"),
  description: "Fast, high-quality text-to-image at any size from 256 to 1440 px.",
  schema: fluxPro11Schema,
  sizePresets: SIZE_PRESETS,
} as const;
