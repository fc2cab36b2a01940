import { createHash } from "node:crypto";
import type { ModelId, ParamsOf } from "@/lib/models";
import { entryOf } from "../define-host";
import { RUNWARE_MODELS } from "./models";
import { RUNWARE_SEED_MIN } from "./sizes";

/** Runware's AIR id of a model it serves (PROVIDERS.md D.2). */
export const runwareModel = <M extends ModelId>(model: M) => entryOf(RUNWARE_MODELS, model, "Runware");

/**
 * Async delivery: the submit is acknowledged at once and `getResponse` is polled, so a slow
 * generation holds no connection. Runware's default is "sync" (rw-docs models/bfl-flux-1-1-pro);
 * the adapter also accepts a synchronous answer, should the host ignore this.
 */
export const RUNWARE_DELIVERY_METHOD = "async";

/**
 * A UUID v4-shaped id derived from the generation, so a resubmit of the same generation carries
 * the same taskUUID and Runware can recognise it.
 */
export function taskUuidFor(requestKey: string, index = 0): string {
  const bytes = createHash("sha256").update(`runware-task:${requestKey}-${index}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const RUNWARE_OUTPUT_FORMAT = { jpeg: "JPG", png: "PNG" } as const;

/** The one imageInference task of a generation: Runware makes the whole batch (`numberResults`). */
export function toRunwareTask<M extends ModelId>(model: M, params: ParamsOf<M>, requestKey: string): Record<string, unknown> {
  const entry = runwareModel(model);
  const size = entry.size(params);
  return {
    taskType: "imageInference",
    taskUUID: taskUuidFor(requestKey),
    model: entry.air,
    positivePrompt: params.prompt,
    width: size.width,
    height: size.height,
    ...(params.seed === undefined ? {} : { seed: Math.max(RUNWARE_SEED_MIN, params.seed) }),
    numberResults: params.num_images,
    outputType: "URL",
    outputFormat: RUNWARE_OUTPUT_FORMAT[params.output_format],
    includeCost: true,
    deliveryMethod: RUNWARE_DELIVERY_METHOD,
    ...entry.settings?.(params),
    ...(entry.bflSettings ? { providerSettings: { bfl: entry.bflSettings(params) } } : {}),
  };
}
