import type { ModelId, ParamsOf } from "@/lib/models";
import { dropped, pass, renamed, type ModelCapabilities, type ParamCapability } from "../capabilities";
import { FLUX2_LIST_PRICE_TIERS } from "@/lib/models/flux-2-pro";
import {
  REPLICATE_FLUX1_SIZES,
  REPLICATE_KONTEXT_RATIOS,
  REPLICATE_KONTEXT_SAFETY_MAX,
  replicateDevInput,
  replicateFlux2Input,
  replicateKontextInput,
  replicateProInput,
  replicateSchemaCapabilities,
  replicateSchnellInput,
  replicateUltraInput,
} from "../dialects/replicate-flux";
import { safetyCheckerWarns } from "../dialects/safety-checker";
import type { ServedModel } from "../types";

/** Per model Replicate serves: its predictions path (an official model), its input, capabilities and price. */
type ReplicateModel<M extends ModelId> = ServedModel & { path: string; input: (params: ParamsOf<M>) => Record<string, unknown> };

const capabilities = replicateSchemaCapabilities({ name: "Replicate", unit: "prediction", wire: (field) => `input.${field}` });

/** FLUX.1 [dev] and [schnell] are sized by aspect_ratio only, each ratio one fixed size. */
const flux1Size: ParamCapability = {
  treatment: "converted",
  wire: "input.aspect_ratio",
  note: "width x height is sent as the aspect_ratio closest in shape, which Replicate makes at its fixed size (1:1 is 1024×1024)",
  warns: [
    {
      when: { kind: "shape", of: "size", shapes: REPLICATE_FLUX1_SIZES.map((s) => `${s.width}x${s.height}`), match: "size", format: "×" },
      message: "Replicate makes FLUX.1 only in fixed sizes, one per aspect ratio: {value} becomes {sent}, the closest shape",
    },
  ],
};

/** What [dev] and [schnell] share at Replicate: one prediction per image, as for 1.1 [pro]. */
const flux1: ModelCapabilities = {
  prompt: capabilities.pro.prompt!,
  seed: capabilities.pro.seed!,
  num_images: capabilities.pro.num_images!,
  output_format: capabilities.pro.output_format!,
  width: flux1Size,
  height: { treatment: "converted", wire: "input.aspect_ratio", note: "sent with width as one aspect_ratio" },
  steps: renamed("input.num_inference_steps"),
};

/**
 * UNVERIFIED (PROVIDERS-MODELS.md §3): Kontext's page documents `input_image` as a URI; a data: URL
 * is what Replicate's general file-input rule allows, and all we can send (our images are not public).
 */
export const REPLICATE_KONTEXT_INLINE_IMAGE_NOTE = "sent inline as a data: URL (unconfirmed for Kontext: its page documents a URL)";

const kontext: ModelCapabilities = {
  prompt: capabilities.pro.prompt!,
  seed: capabilities.pro.seed!,
  num_images: capabilities.pro.num_images!,
  output_format: { treatment: "converted", wire: "input.output_format", note: 'jpeg is sent as "jpg"' },
  input_image: { treatment: "passthrough", wire: "input.input_image", note: REPLICATE_KONTEXT_INLINE_IMAGE_NOTE },
  aspect_ratio: {
    treatment: "converted",
    wire: "input.aspect_ratio",
    note: `Replicate takes ${REPLICATE_KONTEXT_RATIOS.join(", ")}: other ratios go to the closest one; unset is sent as match_input_image (the input image's shape)`,
    warns: [
      {
        when: { kind: "shape", of: "aspect_ratio", shapes: REPLICATE_KONTEXT_RATIOS, match: "ratio", format: "ratio" },
        message: "Replicate's Kontext has no {value}: sent as {sent}, the closest ratio it takes",
      },
    ],
  },
  safety_tolerance: {
    treatment: "clamped",
    wire: "input.safety_tolerance",
    note: `Replicate's Kontext allows at most ${REPLICATE_KONTEXT_SAFETY_MAX} with an input image: higher values are sent as ${REPLICATE_KONTEXT_SAFETY_MAX}`,
    warns: [{ when: { kind: "outside", min: 0, max: REPLICATE_KONTEXT_SAFETY_MAX }, message: `Replicate's Kontext allows at most ${REPLICATE_KONTEXT_SAFETY_MAX} for an edit: {value} is sent as {sent}` }],
  },
  prompt_upsampling: pass("input.prompt_upsampling"),
};

/** Replicate bills these official models per output image (PROVIDERS.md C.7); no cost comes back. */
export const REPLICATE_MODELS: { [M in ModelId]?: ReplicateModel<M> } = {
  "flux-pro-1.1": {
    path: "/v1/models/black-forest-labs/flux-1.1-pro/predictions",
    input: replicateProInput,
    capabilities: capabilities.pro,
    price: { unit: "image", usd: 0.04, source: "https://replicate.com/black-forest-labs/flux-1.1-pro ($0.04 per output image)", asOf: "2026-11-01" },
  },
  "flux-pro-1.1-ultra": {
    path: "/v1/models/black-forest-labs/flux-1.1-pro-ultra/predictions",
    input: replicateUltraInput,
    capabilities: capabilities.ultra,
    price: { unit: "image", usd: 0.06, source: "https://replicate.com/black-forest-labs/flux-1.1-pro-ultra ($0.06 per output image)", asOf: "2026-11-01" },
  },
  "flux-dev": {
    path: "/v1/models/black-forest-labs/flux-dev/predictions",
    input: replicateDevInput,
    capabilities: {
      ...flux1,
      guidance: pass("input.guidance"),
      safety_tolerance: {
        treatment: "converted",
        wire: "input.disable_safety_checker",
        note: "Replicate's FLUX.1 checker is on or off: 0-4 keep it on, 5-6 turn it off",
        warns: safetyCheckerWarns("Replicate's FLUX.1 [dev]"),
      },
      prompt_upsampling: dropped("Replicate's FLUX.1 [dev] has no prompt upsampling: not sent"),
      image_prompt: dropped("Replicate's FLUX.1 [dev] has no image prompt (its `image` is img2img, another thing): not sent"),
    },
    price: { unit: "image", usd: 0.025, source: "https://replicate.com/black-forest-labs/flux-dev ($0.025 per output image; PROVIDERS-MODELS.md §1)", asOf: "2026-12-05" },
  },
  "flux-schnell": {
    path: "/v1/models/black-forest-labs/flux-schnell/predictions",
    input: replicateSchnellInput,
    capabilities: {
      ...flux1,
      safety_checker: { treatment: "converted", wire: "input.disable_safety_checker", note: "sent inverted, as disable_safety_checker" },
    },
    price: { unit: "image", usd: 0.003, source: "https://replicate.com/black-forest-labs/flux-schnell ($0.003 per output image; PROVIDERS-MODELS.md §2)", asOf: "2026-12-05" },
  },
  // Answers `output` as ONE URI string, as 1.1 [pro] does (PROVIDERS-MODELS.md §8).
  "flux-kontext-pro": {
    path: "/v1/models/black-forest-labs/flux-kontext-pro/predictions",
    input: replicateKontextInput,
    capabilities: kontext,
    price: { unit: "image", usd: 0.04, source: "https://replicate.com/black-forest-labs/flux-kontext-pro ($0.04 per output image, effective 2025-12-30)", asOf: "2026-12-05" },
  },
  // One URI string back, as 1.1 [pro] (PROVIDERS-MODELS.md §8).
  "flux-2-pro": {
    path: "/v1/models/black-forest-labs/flux-2-pro/predictions",
    input: replicateFlux2Input,
    capabilities: capabilities.flux2,
    price: {
      ...FLUX2_LIST_PRICE_TIERS,
      source: "https://replicate.com/black-forest-labs/flux-2-pro (per megapixel of input and output; PROVIDERS-MODELS.md §4)",
      asOf: "2026-12-05",
      note: "Unconfirmed: Replicate bills input and output megapixels at rates not read; BFL's own are assumed",
    },
  },
};
