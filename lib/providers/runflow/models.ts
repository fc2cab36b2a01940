import type { ModelId, ParamsOf } from "@/lib/models";
import { falInputCapabilities, falProInput, falUltraInput } from "../dialects/fal-flux";
import type { ServedModel } from "../types";

/** Per model Runflow serves: its create-run path (PROVIDERS.md G.1: note the hyphenated `flux-1-1-pro`), its fal-style input, capabilities and price. */
type RunflowModel<M extends ModelId> = ServedModel & { path: string; input: (params: ParamsOf<M>) => Record<string, unknown> };

const capabilities = falInputCapabilities("Runflow", (field) => `input.${field}`);

/** Runflow's list prices (PROVIDERS.md G.5); the run object also reports its `cost`. */
export const RUNFLOW_MODELS: { [M in ModelId]?: RunflowModel<M> } = {
  "flux-pro-1.1": {
    path: "/v1/models/black-forest-labs/flux-1-1-pro/runs",
    input: falProInput,
    capabilities: capabilities.pro,
    price: { unit: "image", usd: 0.04, source: "https://runflow.io/models/black-forest-labs/flux-1-1-pro", asOf: "2026-11-01" },
  },
  "flux-pro-1.1-ultra": {
    path: "/v1/models/black-forest-labs/flux-1-1-pro-ultra/runs",
    input: falUltraInput,
    capabilities: capabilities.ultra,
    price: { unit: "image", usd: 0.06, source: "https://runflow.io/models/black-forest-labs/flux-1-1-pro-ultra", asOf: "2026-11-01" },
  },
};
