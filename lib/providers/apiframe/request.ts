import { createHash } from "node:crypto";
import type { CanonicalParams, ModelId } from "@/lib/models";
import { toReplicateInput } from "../replicate/input";

export const APIFRAME_GENERATE_PATH = "/v2/images/generate";
export const APIFRAME_MODELS: Record<ModelId, string> = {
  "flux-pro-1.1": "flux-1.1-pro",
  "flux-pro-1.1-ultra": "flux-1.1-pro-ultra",
};
/** Apiframe's prompt limit (PROVIDERS.md F.2); ours is longer. */
export const APIFRAME_PROMPT_MAX = 2000;

/**
 * The Idempotency-Key of image `index` of a generation: a UUID from a hash, so a resubmit after a
 * crash or a timeout is recognised by Apiframe instead of starting (and billing) a second job.
 */
export function idempotencyKey(requestKey: string, index: number): string {
  const hex = createHash("sha256").update(`${requestKey}-${index}`).digest("hex");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** One job (one image): `fluxParams` is Replicate's input without the prompt, which sits on top. */
export function toApiframeBody(model: ModelId, params: CanonicalParams, index: number): Record<string, unknown> {
  const { prompt, ...fluxParams } = toReplicateInput(model, params, index);
  return { model: APIFRAME_MODELS[model], prompt, fluxParams };
}
