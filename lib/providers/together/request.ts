import type { ModelId, ParamsOf } from "@/lib/models";
import { entryOf } from "../define-host";
import { TOGETHER_MODELS } from "./models";

export const TOGETHER_PATH = "/v1/images/generations";

/** URLs rather than base64 ("url" | "base64" per tg-docs): small answers, and a URL can be kept to resume. */
export const TOGETHER_RESPONSE_FORMAT = "url";

export const togetherModel = <M extends ModelId>(model: M) => entryOf(TOGETHER_MODELS, model, "Together");

/** The JSON body of one Together request for the whole batch (`n`). */
export function toTogetherBody<M extends ModelId>(model: M, p: ParamsOf<M>): Record<string, unknown> {
  const entry = togetherModel(model);
  const body: Record<string, unknown> = {
    model: entry.name,
    prompt: p.prompt,
    ...entry.body(p),
    n: p.num_images,
    response_format: TOGETHER_RESPONSE_FORMAT,
    output_format: p.output_format,
  };
  if (p.seed !== undefined) body.seed = p.seed;
  return { ...body, ...entry.body(p) };
}
