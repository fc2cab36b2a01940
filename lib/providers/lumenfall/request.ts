import type { ModelId, ParamsOf } from "@/lib/models";
import { entryOf } from "../define-host";
import { LUMENFALL_MODELS } from "./models";

export const LUMENFALL_PATH = "/images/generations";

/**
 * Results come back as URLs: a few hundred bytes instead of megabytes of base64, and a URL can be
 * kept in the task handle to resume after a restart (Lumenfall keeps them 60 minutes).
 */
export const LUMENFALL_RESPONSE_FORMAT = "url";

export const lumenfallModel = <M extends ModelId>(model: M) => entryOf(LUMENFALL_MODELS, model, "Lumenfall");

/**
 * The JSON body of one Lumenfall request for the whole batch (`n`). BFL's own parameters go
 * through as extra fields, which Lumenfall passes to the upstream provider (E.2).
 */
export function toLumenfallBody<M extends ModelId>(model: M, params: ParamsOf<M>): Record<string, unknown> {
  const entry = lumenfallModel(model);
  const body: Record<string, unknown> = {
    model: entry.name,
    prompt: params.prompt,
    n: params.num_images,
    response_format: LUMENFALL_RESPONSE_FORMAT,
    output_format: params.output_format,
  };
  if (params.seed !== undefined) body.seed = params.seed;
  return { ...body, ...entry.body(params) };
}
