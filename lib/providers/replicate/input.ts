import type { ModelId, ParamsOf } from "@/lib/models";
import { replicateCommonInput } from "../dialects/replicate-flux";
import { notServed } from "../define-host";
import { REPLICATE_MODELS } from "./models";

export function replicateModel<M extends ModelId>(model: M) {
  const entry = REPLICATE_MODELS[model];
  if (!entry) throw notServed("Replicate", model);
  return entry;
}

/** The `input` of one prediction (one image): image i of a batch uses seed + i. */
export function toReplicateInput<M extends ModelId>(model: M, params: ParamsOf<M>, index: number): Record<string, unknown> {
  return { prompt: params.prompt, ...replicateModel(model).input(params), ...replicateCommonInput(params, index) };
}
