import type { ModelId, ParamsOf } from "@/lib/models";
import { seedForImage } from "@/lib/models/fields";
import { falCommonInput } from "../dialects/fal-flux";
import { entryOf } from "../define-host";
import { FAL_MODELS } from "./models";

export const falModel = <M extends ModelId>(model: M) => entryOf(FAL_MODELS, model, "fal");

/**
 * The model input of one fal request: the whole batch (fal takes num_images), or, for an app
 * without it (FLUX.2), image `index` alone with seed + index.
 */
export function toFalInput<M extends ModelId>(model: M, params: ParamsOf<M>, index = 0): Record<string, unknown> {
  const entry = falModel(model);
  if (!entry.imagePerRequest) return { ...falCommonInput(params), ...entry.input(params) };
  const { num_images: _count, seed: _seed, ...input } = falCommonInput(params);
  const seed = seedForImage(params.seed, index);
  return { ...input, ...(seed !== undefined ? { seed } : {}), ...entry.input(params) };
}

/** The endpoint id a request goes to. */
export const falEndpointId = <M extends ModelId>(model: M, params: ParamsOf<M>) => falModel(model).endpointFor?.(params) ?? falModel(model).endpointId;
