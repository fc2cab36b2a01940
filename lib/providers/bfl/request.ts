import { seedForImage } from "@/lib/models/fields";
import type { ModelId, ParamsOf } from "@/lib/models";
import { notServed } from "../define-host";
import { BFL_MODELS } from "./models";

/** BFL takes the image prompt as bare base64; our canonical value may be a data: URL. */
export function toBareBase64(image: string): string {
  const comma = image.startsWith("data:") ? image.indexOf(",") : -1;
  return comma >= 0 ? image.slice(comma + 1) : image;
}

export { seedForImage };

export function bflModel<M extends ModelId>(model: M) {
  const entry = BFL_MODELS[model];
  if (!entry) throw notServed("BFL", model);
  return entry;
}

/** The JSON body of one BFL task (one image). */
export function toBflBody<M extends ModelId>(model: M, params: ParamsOf<M>, index: number): Record<string, unknown> {
  const common: Record<string, unknown> = {
    prompt: params.prompt,
    prompt_upsampling: params.prompt_upsampling,
    safety_tolerance: params.safety_tolerance,
    output_format: params.output_format,
  };
  const seed = seedForImage(params.seed, index);
  if (seed !== undefined) common.seed = seed;
  if (params.image_prompt) common.image_prompt = toBareBase64(params.image_prompt);
  return { ...common, ...bflModel(model).body(params) };
}
