import type { ModelId, ParamsOf, ToleranceParams } from "@/lib/models";
import { FLUX2_LIST_PRICE_TIERS, FLUX2_MAX_INPUT_IMAGES } from "@/lib/models/flux-2-pro";
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

/** BFL's name for reference image i (0-based) of FLUX.2: `input_image`, then `input_image_2`…`_8`. */
export const bflInputImageField = (index: number) => (index === 0 ? "input_image" : `input_image_${index + 1}`);

/** FLUX.2's references, each in its own field, inline as bare base64 (BFL takes URLs too: ours are inlined). */
export function bflInputImages(images: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries((images ?? []).map((image, i) => [bflInputImageField(i), toBareBase64(image)]));
}

/**
 * FLUX.2 [pro] (PROVIDERS-MODELS.md §4): 3 credits for the first output megapixel, 1.5 for each
 * further one and 1.5 for each input megapixel, megapixels of 1024² (BFL's `output_mp`). Started
 * megapixels are rounded up per image: UNVERIFIED (a recorded cost of 4.5 at 1.98 output MP agrees);
 * live runs are billed from the `cost` BFL's submit answers.
 */
export const BFL_FLUX2_PRICE = {
  ...FLUX2_LIST_PRICE_TIERS,
  source: `${PRICING} (3 credits for the first MP, +1.5 per further output MP, +1.5 per input MP; 1 credit = $0.01)`,
  asOf: "2026-12-05",
  note: "Megapixels are counted started (rounded up) per image: unconfirmed for BFL; live runs are billed from the cost BFL reports at submit",
} as const;

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
  "flux-2-pro": {
    path: "/v1/flux-2-pro",
    body: (p) => ({ ...bflTolerance(p), width: p.width, height: p.height, ...bflInputImages(p.input_images) }),
    capabilities: {
      prompt: pass(),
      seed: pass(),
      num_images: common.num_images,
      safety_tolerance: pass(),
      prompt_upsampling: pass(),
      output_format: pass(),
      width: pass(),
      height: pass(),
      input_images: {
        treatment: "converted",
        wire: Array.from({ length: FLUX2_MAX_INPUT_IMAGES }, (_, i) => bflInputImageField(i)).join(", "),
        note: "one field per reference, in order, each inline as bare base64",
      },
    },
    price: BFL_FLUX2_PRICE,
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
