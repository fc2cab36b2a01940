import type { ModelId, ParamsOf } from "@/lib/models";
import { replicateProInput, replicateSchemaCapabilities, replicateUltraInput } from "../dialects/replicate-flux";
import type { ServedModel } from "../types";

/** Per model Replicate serves: its predictions path (an official model), its input, capabilities and price. */
type ReplicateModel<M extends ModelId> = ServedModel & { path: string; input: (params: ParamsOf<M>) => Record<string, unknown> };

const capabilities = replicateSchemaCapabilities({ name: "Replicate", unit: "prediction", wire: (field) => `input.${field}` });

/** Replicate bills these official models per output image (PROVIDERS.md C.7); no cost comes back. */
export const REPLICATE_MODELS: { [M in ModelId]?: ReplicateModel<M> } = {
  "flux-pro-1.1": {
    path: "/v1/models/black-forest-labs/flux-1.1-pro/predictions",
    input: replicateProInput,
    capabilities: capabilities.pro,
    price: { unit: "image", usd: 0.04, source: "https://replicate.com/black-forest-labs/flux-1.1-pro ($0.04 per output image)", asOf: "2026-11-01" },
  },
  "flux-pro-1.1-ultra": {
    path: "/v1/models/black-forest-labs/flux-1.1-pro-ultra/predictions",
    input: replicateUltraInput,
    capabilities: capabilities.ultra,
    price: { unit: "image", usd: 0.06, source: "https://replicate.com/black-forest-labs/flux-1.1-pro-ultra ($0.06 per output image)", asOf: "2026-11-01" },
  },
};
