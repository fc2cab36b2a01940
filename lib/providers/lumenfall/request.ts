import { isUltra, type CanonicalParams, type FluxPro11Params, type FluxPro11UltraParams, type ModelId } from "@/lib/models";

/** Lumenfall's model ids (PROVIDERS.md E.1). */
export const LUMENFALL_MODELS: Record<ModelId, string> = {
  "flux-pro-1.1": "flux1.1-pro",
  "flux-pro-1.1-ultra": "flux1.1-pro-ultra",
};

export const LUMENFALL_PATH = "/images/generations";

/**
 * Results come back as URLs: a few hundred bytes instead of megabytes of base64, and a URL can be
 * kept in the task handle to resume after a restart (Lumenfall keeps them 60 minutes).
 */
export const LUMENFALL_RESPONSE_FORMAT = "url";

/**
 * The sizes Lumenfall documents for flux1.1-pro (PROVIDERS.md E.2, from docs.lumenfall.ai
 * api-reference/images/generate). Any other `size` is "snapped to the nearest supported size";
 * UNVERIFIED how "nearest" is measured: we take the closest aspect ratio, which is how the table
 * reads (one ~1 MP size per common ratio), and send the snapped size so what we ask is what we get.
 */
export const LUMENFALL_PRO_SIZES: readonly { width: number; height: number }[] = [
  { width: 1024, height: 1024 },
  { width: 1365, height: 768 },
  { width: 768, height: 1365 },
  { width: 1254, height: 836 },
  { width: 836, height: 1254 },
  { width: 1183, height: 887 },
  { width: 887, height: 1182 },
  { width: 1145, height: 916 },
  { width: 916, height: 1145 },
];

/** The documented size whose aspect ratio is closest to width:height (log distance, so 2:1 and 1:2 weigh alike). */
export function snapLumenfallSize(width: number, height: number): { width: number; height: number } {
  const target = Math.log(width / height);
  let best = LUMENFALL_PRO_SIZES[0];
  for (const size of LUMENFALL_PRO_SIZES) {
    if (Math.abs(Math.log(size.width / size.height) - target) < Math.abs(Math.log(best.width / best.height) - target)) best = size;
  }
  return best;
}

/**
 * The JSON body of one Lumenfall request for the whole batch (`n`). BFL's own parameters go
 * through as extra fields, which Lumenfall passes to the upstream provider (E.2).
 */
export function toLumenfallBody(model: ModelId, params: CanonicalParams): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: LUMENFALL_MODELS[model],
    prompt: params.prompt,
    n: params.num_images,
    response_format: LUMENFALL_RESPONSE_FORMAT,
    output_format: params.output_format,
    safety_tolerance: params.safety_tolerance,
    prompt_upsampling: params.prompt_upsampling,
  };
  if (params.seed !== undefined) body.seed = params.seed;
  // Sent as the data: URL it arrives as: both upstreams Lumenfall routes to (fal, Replicate) take URLs.
  if (params.image_prompt) body.image_prompt = params.image_prompt;
  if (isUltra(model)) {
    const p = params as FluxPro11UltraParams;
    return { ...body, aspect_ratio: p.aspect_ratio, raw: p.raw, ...(p.image_prompt ? { image_prompt_strength: p.image_prompt_strength } : {}) };
  }
  const p = params as FluxPro11Params;
  const size = snapLumenfallSize(p.width, p.height);
  return { ...body, size: `${size.width}x${size.height}` };
}
