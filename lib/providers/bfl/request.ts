import { seedForImage } from "@/lib/models/fields";
import { isUltra, type CanonicalParams, type FluxPro11Params, type FluxPro11UltraParams, type ModelId } from "@/lib/models";

export const BFL_MODEL_PATHS: Record<ModelId, string> = {
  "flux-pro-1.1": "/v1/flux-pro-1.1",
  "flux-pro-1.1-ultra": "/v1/flux-pro-1.1-ultra",
};

/** BFL takes the image prompt as bare base64; our canonical value may be a data: URL. */
export function toBareBase64(image: string): string {
  const comma = image.startsWith("data:") ? image.indexOf(",") : -1;
  return comma >= 0 ? image.slice(comma + 1) : image;
}

export { seedForImage };

/** The JSON body of one BFL task (one image). */
export function toBflBody(model: ModelId, params: CanonicalParams, index: number): Record<string, unknown> {
  const common: Record<string, unknown> = {
    prompt: params.prompt,
    prompt_upsampling: params.prompt_upsampling,
    safety_tolerance: params.safety_tolerance,
    output_format: params.output_format,
  };
  const seed = seedForImage(params.seed, index);
  if (seed !== undefined) common.seed = seed;
  if (params.image_prompt) common.image_prompt = toBareBase64(params.image_prompt);
  if (isUltra(model)) {
    const p = params as FluxPro11UltraParams;
    return {
      ...common,
      aspect_ratio: p.aspect_ratio,
      raw: p.raw,
      // Strength only means something with an image prompt.
      ...(p.image_prompt ? { image_prompt_strength: p.image_prompt_strength } : {}),
    };
  }
  const p = params as FluxPro11Params;
  return { ...common, width: p.width, height: p.height };
}
