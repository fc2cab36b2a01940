import type { CanonicalParams, ModelId } from "@/lib/models";
import { toFalInput } from "../fal/request";

/** Runflow's create-run paths (PROVIDERS.md G.1): note the hyphenated `flux-1-1-pro`. */
export const RUNFLOW_MODEL_PATHS: Record<ModelId, string> = {
  "flux-pro-1.1": "/v1/models/black-forest-labs/flux-1-1-pro/runs",
  "flux-pro-1.1-ultra": "/v1/models/black-forest-labs/flux-1-1-pro-ultra/runs",
};

export const runPath = (runId: string) => `/v1/runs/${encodeURIComponent(runId)}`;
/** UNVERIFIED (PROVIDERS.md G.3: "probably POST /v1/runs/{id}/cancel"). */
export const cancelPath = (runId: string) => `${runPath(runId)}/cancel`;

/** Stable per generation, so a resubmitted run is recognisable in Runflow's dashboard. */
export const clientRefFor = (requestKey: string) => `flux-playground-${requestKey}`;

/** The create-run body: Runflow's FLUX inputs mirror fal's (PROVIDERS.md G.2), wrapped in `input`. */
export function toRunflowBody(model: ModelId, params: CanonicalParams, requestKey: string): Record<string, unknown> {
  return { input: toFalInput(model, params), client_ref: clientRefFor(requestKey) };
}
