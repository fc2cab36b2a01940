import type { ModelId, ParamsOf, ToleranceParams } from "@/lib/models";
import { dropped, pass, renamed, type ModelCapabilities, type ParamCapability } from "../capabilities";
import type { ServedModel } from "../types";
import { RUNWARE_PROMPT_LENGTH, RUNWARE_SEED_MIN, RUNWARE_ULTRA_SIZES, runwareUltraSize } from "./sizes";

/** Per model Runware serves: its AIR id (PROVIDERS.md D.2), its size and BFL settings, capabilities and price. */
type RunwareModel<M extends ModelId> = ServedModel & {
  air: string;
  size: (params: ParamsOf<M>) => { width: number; height: number };
  /** What goes to `providerSettings.bfl`. */
  bflSettings: (params: ParamsOf<M>) => Record<string, unknown>;
};

const prompt: ParamCapability = {
  ...renamed("positivePrompt"),
  warns: [
    {
      when: { kind: "length-outside", min: RUNWARE_PROMPT_LENGTH.min, max: RUNWARE_PROMPT_LENGTH.max },
      message: `Runware takes ${RUNWARE_PROMPT_LENGTH.min}–${RUNWARE_PROMPT_LENGTH.max} characters for FLUX; this prompt ({length}) will be refused`,
    },
  ],
};

const common: ModelCapabilities = {
  prompt,
  seed: {
    treatment: "clamped",
    wire: "seed",
    note: `Runware's seeds start at ${RUNWARE_SEED_MIN} (0 is sent as ${RUNWARE_SEED_MIN}); each result of the batch reports its own seed`,
    warns: [{ when: { kind: "outside", min: RUNWARE_SEED_MIN }, message: `Runware's seeds start at ${RUNWARE_SEED_MIN}: seed {value} is sent as {sent}` }],
  },
  num_images: renamed("numberResults", "one task makes the whole batch"),
  safety_tolerance: renamed("providerSettings.bfl.safetyTolerance"),
  prompt_upsampling: renamed("providerSettings.bfl.promptUpsampling"),
  output_format: { treatment: "converted", wire: "outputFormat", note: "jpeg → JPG, png → PNG" },
  // PROVIDERS.md D.3: the image-prompt field of bfl:2@1/@2 is UNVERIFIED; it advises leaving it out.
  image_prompt: dropped("Runware's image-prompt field for FLUX 1.1 is unconfirmed: the image prompt is not sent"),
};

/** BFL's own settings, which Runware takes under providerSettings.bfl for the models that have them. */
const bflTolerance = (p: ToleranceParams) => ({ promptUpsampling: p.prompt_upsampling, safetyTolerance: p.safety_tolerance });

/** Runware's list prices (PROVIDERS.md D.6); the billed cost comes from each result's `cost` (includeCost). */
export const RUNWARE_MODELS: { [M in ModelId]?: RunwareModel<M> } = {
  "flux-pro-1.1": {
    air: "bfl:2@1",
    size: (p) => ({ width: p.width, height: p.height }),
    bflSettings: bflTolerance,
    capabilities: { ...common, width: pass(), height: pass() },
    price: {
      unit: "image",
      usd: 0.04,
      source: "https://runware.ai/docs/models/bfl-flux-1-1-pro (pricing: 1k $0.04)",
      asOf: "2026-11-01",
      note: "Listed for the \"1k\" tier only: sizes above 1 megapixel (up to 1440×1440) may cost more (unconfirmed)",
    },
  },
  "flux-pro-1.1-ultra": {
    air: "bfl:2@2",
    size: (p) => runwareUltraSize(p.aspect_ratio),
    bflSettings: (p) => ({ ...bflTolerance(p), raw: p.raw }),
    capabilities: {
      ...common,
      aspect_ratio: {
        treatment: "converted",
        wire: "width, height",
        note: "Runware has no aspect ratio for Ultra: one of its nine fixed sizes (21:9 … 9:21) is sent as width/height",
        warns: [
          {
            when: { kind: "shape", of: "aspect_ratio", shapes: RUNWARE_ULTRA_SIZES.map((s) => `${s.ratio}=${s.width}x${s.height}`), match: "ratio", format: "×" },
            message: "Runware makes Ultra only in fixed sizes: {value} becomes {sent}, the nearest shape it offers",
          },
        ],
      },
      raw: renamed("providerSettings.bfl.raw"),
      image_prompt_strength: dropped("Runware has no confirmed image-prompt strength: it is not sent"),
    },
    price: { unit: "image", usd: 0.06, source: "https://runware.ai/docs/models/bfl-flux-1-1-pro-ultra (pricing: 2k $0.06)", asOf: "2026-11-01" },
  },
};
