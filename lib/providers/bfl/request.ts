import { seedForImage } from "@/lib/models/fields";
import type { ModelId, ParamsOf } from "@/lib/models";
import { notServed } from "../define-host";
import { BFL_MODELS } from "./models";

export { seedForImage };
export { toBareBase64 } from "./models";

export function bflModel<M extends ModelId>(model: M) {
  const entry = BFL_MODELS[model];
  if (!entry) throw notServed("BFL", model);
  return entry;
}

/** The JSON body of one BFL task (one image). */
export function toBflBody<M extends ModelId>(model: M, params: ParamsOf<M>, index: number): Record<string, unknown> {
  const common: Record<string, unknown> = { prompt: params.prompt, output_format: params.output_format };
  const seed = seedForImage(params.seed, index);
  if (seed !== undefined) common.seed = seed;
  return { ...common, ...bflModel(model).body(params) };
}
