import type { ModelId, ParamsOf } from "@/lib/models";
import { falCommonInput } from "../dialects/fal-flux";
import { entryOf } from "../define-host";
import { RUNFLOW_MODELS } from "./models";

export const runPath = (runId: string) => `/v1/runs/${encodeURIComponent(runId)}`;
/** UNVERIFIED (PROVIDERS.md G.3: "probably POST /v1/runs/{id}/cancel"). */
export const cancelPath = (runId: string) => `${runPath(runId)}/cancel`;

/** Stable per generation, so a resubmitted run is recognisable in Runflow's dashboard. */
export const clientRefFor = (requestKey: string) => `flux-playground-${requestKey}`;

export const runflowModel = <M extends ModelId>(model: M) => entryOf(RUNFLOW_MODELS, model, "Runflow");

/** The create-run body: Runflow's FLUX inputs mirror fal's (PROVIDERS.md G.2), wrapped in `input`. */
export function toRunflowBody<M extends ModelId>(model: M, params: ParamsOf<M>, requestKey: string): Record<string, unknown> {
  return { input: { ...falCommonInput(params), ...runflowModel(model).input(params) }, client_ref: clientRefFor(requestKey) };
}
