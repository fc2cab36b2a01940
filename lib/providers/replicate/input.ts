import type { ModelId, ParamsOf } from "@/lib/models";
import { replicateCommonInput } from "../dialects/replicate-flux";
import { entryOf } from "../define-host";
import { REPLICATE_MODELS } from "./models";

export const replicateModel = <M extends ModelId>(model: M) => entryOf(REPLICATE_MODELS, model, "Replicate");

/** The `input` of one prediction (one image): image i of a batch uses seed + i. */
export function toReplicateInput<M extends ModelId>(model: M, params: ParamsOf<M>, index: number): Record<string, unknown> {
  return { prompt: params.prompt, ...replicateModel(model).input(params), ...replicateCommonInput(params, index) };
}
