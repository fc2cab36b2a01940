import type { ModelId, ParamsOf } from "@/lib/models";
import { falInputCapabilities, falProInput, falUltraInput } from "../dialects/fal-flux";
import type { ServedModel } from "../types";

/** Per model fal serves: its endpoint id (the queue submit URL is `{base}/{endpoint id}`, PROVIDERS.md B.1), its input, capabilities and price. */
type FalModel<M extends ModelId> = ServedModel & { endpointId: string; input: (params: ParamsOf<M>) => Record<string, unknown> };

const capabilities = falInputCapabilities("fal", (field) => field);

/** fal's list prices (PROVIDERS.md B.7); fal reports no cost in its answers. */
export const FAL_MODELS: { [M in ModelId]?: FalModel<M> } = {
  "flux-pro-1.1": {
    endpointId: "fal-ai/flux-pro/v1.1",
    input: falProInput,
    capabilities: capabilities.pro,
    price: {
      unit: "megapixel",
      usd: 0.04,
      source: "https://fal.ai/models/fal-ai/flux-pro/v1.1 ($0.04 per megapixel, rounded up)",
      asOf: "2026-11-01",
      // Unconfirmed: fal's pages disagree ($0.04/MP, $0.055/MP, $0.04/image via Lumenfall); PROVIDERS.md B.7
      // advises $0.04 per started megapixel. Users see only that the figure is not settled.
      note: "Unconfirmed: fal's own pages list different prices; this is the one on the model's page",
    },
  },
  "flux-pro-1.1-ultra": {
    endpointId: "fal-ai/flux-pro/v1.1-ultra",
    input: falUltraInput,
    capabilities: capabilities.ultra,
    price: { unit: "image", usd: 0.06, source: "https://fal.ai/models/fal-ai/flux-pro/v1.1-ultra", asOf: "2026-11-01" },
  },
};
