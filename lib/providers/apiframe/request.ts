import { createHash } from "node:crypto";
import type { ModelId, ParamsOf } from "@/lib/models";
import { entryOf } from "../define-host";
import { replicateCommonInput } from "../dialects/replicate-flux";
import { APIFRAME_MODELS } from "./models";

export const APIFRAME_GENERATE_PATH = "/v2/images/generate";

/**
 * The Idempotency-Key of image `index` of a generation: a UUID from a hash, so a resubmit after a
 * crash or a timeout is recognised by Apiframe instead of starting (and billing) a second job.
 */
export function idempotencyKey(requestKey: string, index: number): string {
  const hex = createHash("sha256").update(`${requestKey}-${index}`).digest("hex");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const apiframeModel = <M extends ModelId>(model: M) => entryOf(APIFRAME_MODELS, model, "Apiframe");

/** One job (one image): `fluxParams` is Replicate's input without the prompt, which sits on top. */
export function toApiframeBody<M extends ModelId>(model: M, params: ParamsOf<M>, index: number): Record<string, unknown> {
  const entry = apiframeModel(model);
  return { model: entry.name, prompt: params.prompt, fluxParams: { ...entry.input(params), ...replicateCommonInput(params, index) } };
}
