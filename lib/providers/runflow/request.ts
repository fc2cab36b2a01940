import type { ModelId, ParamsOf } from "@/lib/models";
import { seedForImage } from "@/lib/models/fields";
import { falCommonInput } from "../dialects/fal-flux";
import { entryOf } from "../define-host";
import { RUNFLOW_MODELS } from "./models";

export const runPath = (runId: string) => `/v1/runs/${encodeURIComponent(runId)}`;
/** UNVERIFIED (PROVIDERS.md G.3: "probably POST /v1/runs/{id}/cancel"). */
export const cancelPath = (runId: string) => `${runPath(runId)}/cancel`;

/** Stable per generation, so a resubmitted run is recognisable in Runflow's dashboard. */
export const clientRefFor = (requestKey: string) => `flux-playground-${requestKey}`;

export const runflowModel = <M extends ModelId>(model: M) => entryOf(RUNFLOW_MODELS, model, "Runflow");

/** The path a run of these params is created at. */
export const runflowPath = <M extends ModelId>(model: M, params: ParamsOf<M>) => runflowModel(model).pathFor?.(params) ?? runflowModel(model).path;

/**
 * The create-run body: Runflow's FLUX inputs mirror fal's (PROVIDERS.md G.2), wrapped in `input`.
 * A model without num_images makes image `index` of the batch per run (seed + index, its own client_ref).
 */
export function toRunflowBody<M extends ModelId>(model: M, params: ParamsOf<M>, requestKey: string, index = 0): Record<string, unknown> {
  const entry = runflowModel(model);
  if (!entry.imagePerRequest) return { input: { ...falCommonInput(params), ...entry.input(params) }, client_ref: clientRefFor(requestKey) };
  const { num_images: _count, seed: _seed, ...common } = falCommonInput(params);
  const seed = seedForImage(params.seed, index);
  return { input: { ...common, ...(seed !== undefined ? { seed } : {}), ...entry.input(params) }, client_ref: clientRefFor(`${requestKey}-${index}`) };
}
