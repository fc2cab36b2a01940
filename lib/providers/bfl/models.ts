import type { ModelId, ParamsOf, ToleranceParams } from "@/lib/models";
import { pass, type ModelCapabilities } from "../capabilities";
import type { ServedModel } from "../types";

/** Per model BFL serves: its path, what its body adds to the common fields, its capabilities and price. */
type BflModel<M extends ModelId> = ServedModel & { path: string; body: (params: ParamsOf<M>) => Record<string, unknown> };

/** BFL takes the image prompt as bare base64; our canonical value may be a data: URL. */
export function toBareBase64(image: string): string {
  const comma = image.startsWith("data:") ? image.indexOf(",") : -1;
  return comma >= 0 ? image.slice(comma + 1) : image;
}

/** BFL's own moderation, upsampling and image-prompt fields, in every model BFL serves. */
export function bflTolerance(params: ToleranceParams): Record<string, unknown> {
  return {
    prompt_upsampling: params.prompt_upsampling,
    safety_tolerance: params.safety_tolerance,
    ...(params.image_prompt ? { image_prompt: toBareBase64(params.image_prompt) } : {}),
  };
}

/** BFL is the model's maker: canonical parameters are its own, so everything passes through. */
const common: ModelCapabilities = {
  prompt: pass(),
  seed: pass(),
  num_images: { treatment: "emulated", note: "BFL makes one image per task: n images are n tasks, image i with seed + i" },
  safety_tolerance: pass(),
  prompt_upsampling: pass(),
  output_format: pass(),
  image_prompt: { treatment: "converted", wire: "image_prompt", note: "sent inline as bare base64" },
};

const PRICING = "https://docs.bfl.ai/quick_start/pricing";

/**
 * Kontext applies at most this tolerance to a request with an input image (PROVIDERS-MODELS.md §3:
 * Replicate's schema text for the same model says so, and ComfyUI's BFL node clamps to 0–2; BFL's own
 * reference only gives 0–6). We send the level BFL applies, so the body says what happens.
 */
export const BFL_KONTEXT_IMAGE_TOLERANCE_MAX = 2;

export const BFL_MODELS: { [M in ModelId]?: BflModel<M> } = {
  "flux-pro-1.1": {
    path: "/v1/flux-pro-1.1",
    body: (p) => ({ ...bflTolerance(p), width: p.width, height: p.height }),
    capabilities: { ...common, width: pass(), height: pass() },
    price: { unit: "image", usd: 0.04, source: `${PRICING} (4 credits, 1 credit = $0.01)`, asOf: "2026-11-01" },
  },
  "flux-pro-1.1-ultra": {
    path: "/v1/flux-pro-1.1-ultra",
    body: (p) => ({
      ...bflTolerance(p),
      aspect_ratio: p.aspect_ratio,
      raw: p.raw,
      // Strength only means something with an image prompt.
      ...(p.image_prompt ? { image_prompt_strength: p.image_prompt_strength } : {}),
    }),
    capabilities: {
      ...common,
      aspect_ratio: pass(),
      raw: pass(),
      image_prompt_strength: { treatment: "passthrough", note: "sent only with an image prompt" },
    },
    price: { unit: "image", usd: 0.06, source: `${PRICING} (6 credits; raw mode costs the same)`, asOf: "2026-11-01" },
  },
  // BFL does not serve [schnell] (PROVIDERS-MODELS.md §2). [dev]'s submit answers `cost: null`.
  "flux-dev": {
    path: "/v1/flux-dev",
    body: (p) => ({ ...bflTolerance(p), width: p.width, height: p.height, steps: p.steps, guidance: p.guidance }),
    capabilities: { ...common, width: pass(), height: pass(), steps: pass(), guidance: pass() },
    price: {
      unit: "image",
      usd: 0.025,
      source: `${PRICING} (2.5 credits, as quoted by a third party citing bfl.ai/pricing)`,
      asOf: "2026-12-05",
      note: "Unconfirmed: read from a third party, not BFL's own pricing page",
    },
  },
  // bfl-kx: POST /v1/flux-kontext-pro (bfl-skills' `/v1/flux-kontext` contradicts the OpenAPI).
  "flux-kontext-pro": {
    path: "/v1/flux-kontext-pro",
    body: (p) => ({
      // BFL's examples send bare base64 (as for image_prompt); "or URL" never applies: inputs are inlined.
      input_image: toBareBase64(p.input_image),
      // Left out when unset: BFL then keeps the input image's shape.
      ...(p.aspect_ratio ? { aspect_ratio: p.aspect_ratio } : {}),
      prompt_upsampling: p.prompt_upsampling,
      safety_tolerance: Math.min(p.safety_tolerance, BFL_KONTEXT_IMAGE_TOLERANCE_MAX),
    }),
    capabilities: {
      prompt: common.prompt,
      seed: common.seed,
      num_images: common.num_images,
      prompt_upsampling: common.prompt_upsampling,
      output_format: common.output_format,
      input_image: { treatment: "converted", wire: "input_image", note: "sent inline as bare base64" },
      aspect_ratio: { treatment: "passthrough", note: "left out when empty: the result keeps the input image's shape" },
      safety_tolerance: {
        treatment: "clamped",
        wire: "safety_tolerance",
        note: `BFL applies at most ${BFL_KONTEXT_IMAGE_TOLERANCE_MAX} to an edit (0–6 otherwise): higher levels are sent as ${BFL_KONTEXT_IMAGE_TOLERANCE_MAX}`,
        warns: [
          {
            when: { kind: "outside", min: 0, max: BFL_KONTEXT_IMAGE_TOLERANCE_MAX },
            message: `BFL applies at most ${BFL_KONTEXT_IMAGE_TOLERANCE_MAX} to an edit of an image: {value} is sent as {sent}`,
          },
        ],
      },
    },
    price: { unit: "image", usd: 0.04, source: `${PRICING} (FLUX.1 Kontext [pro]: 4 credits, 1 credit = $0.01)`, asOf: "2026-12-05" },
  },
};
