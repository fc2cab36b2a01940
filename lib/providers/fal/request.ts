import type { ModelId, ParamsOf } from "@/lib/models";
import { falCommonInput } from "../dialects/fal-flux";
import { entryOf } from "../define-host";
import { FAL_MODELS } from "./models";

export const falModel = <M extends ModelId>(model: M) => entryOf(FAL_MODELS, model, "fal");

/** The model input of one fal request for the whole batch (fal takes num_images). */
export function toFalInput<M extends ModelId>(model: M, params: ParamsOf<M>): Record<string, unknown> {
  return { ...falCommonInput(params), ...falModel(model).input(params) };
}
