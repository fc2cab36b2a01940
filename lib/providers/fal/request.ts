import type { ModelId, ParamsOf } from "@/lib/models";
import { falCommonInput } from "../dialects/fal-flux";
import { notServed } from "../define-host";
import { FAL_MODELS } from "./models";

export function falModel<M extends ModelId>(model: M) {
  const entry = FAL_MODELS[model];
  if (!entry) throw notServed("fal", model);
  return entry;
}

/** The model input of one fal request for the whole batch (fal takes num_images). */
export function toFalInput<M extends ModelId>(model: M, params: ParamsOf<M>): Record<string, unknown> {
  return { ...falCommonInput(params), ...falModel(model).input(params) };
}
