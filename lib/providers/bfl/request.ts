import { seedForImage } from "@/lib/models/fields";
import type { ModelId, ParamsOf } from "@/lib/models";
import { entryOf } from "../define-host";
import { BFL_MODELS } from "./models";

export { seedForImage };
export { toBareBase64 } from "./models";

export const bflModel = <M extends ModelId>(model: M) => entryOf(BFL_MODELS, model, "BFL");

/** The JSON body of one BFL task (one image). */
export function toBflBody<M extends ModelId>(model: M, params: ParamsOf<M>, index: number): Record<string, unknown> {
  const common: Record<string, unknown> = { prompt: params.prompt, output_format: params.output_format };
  const seed = seedForImage(params.seed, index);
  if (seed !== undefined) common.seed = seed;
  return { ...common, ...bflModel(model).body(params) };
}
