import type { ModelId, ParamsOf } from "@/lib/models";
import { FLUX2_LIST_PRICE_TIERS } from "@/lib/models/flux-2-pro";
import { falDevInput, falFlux2Input, falInputCapabilities, falKontextInput, falProInput, falSchnellInput, falUltraInput } from "../dialects/fal-flux";
import type { ServedModel } from "../types";

/** Per model fal serves: its endpoint id (the queue submit URL is `{base}/{endpoint id}`, PROVIDERS.md B.1), its input, capabilities and price. */
type FalModel<M extends ModelId> = ServedModel & {
  endpointId: string;
  /** Another endpoint for some params (FLUX.2's `/edit` when there are references). */
  endpointFor?: (params: ParamsOf<M>) => string;
  /** The app has no num_images: each image is its own request, image i with seed + i. */
  imagePerRequest?: true;
  input: (params: ParamsOf<M>) => Record<string, unknown>;
};

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
  // Queue URLs under `fal-ai/flux/requests/{id}` (PROVIDERS-MODELS.md §1): falQueueUrls drops the last segment.
  "flux-dev": {
    endpointId: "fal-ai/flux/dev",
    input: falDevInput,
    capabilities: capabilities.dev,
    price: { unit: "megapixel", usd: 0.025, source: "https://fal.ai/models/fal-ai/flux/dev ($0.025 per megapixel, rounded up)", asOf: "2026-12-05" },
  },
  "flux-schnell": {
    endpointId: "fal-ai/flux/schnell",
    input: falSchnellInput,
    capabilities: capabilities.schnell,
    price: {
      unit: "megapixel",
      usd: 0.003,
      source: "https://fal.ai/models/fal-ai/flux/schnell ($0.003 per megapixel)",
      asOf: "2026-12-05",
      // PROVIDERS-MODELS.md §2: quoted by Runflow, Lumenfall and a third party; fal's own page not read.
      note: "Unconfirmed: quoted by other hosts, not read on fal's own page",
    },
  },
  // Queue URLs under `fal-ai/flux-pro/requests/{id}` (PROVIDERS-MODELS.md §3), as 1.1 [pro]'s.
  "flux-kontext-pro": {
    endpointId: "fal-ai/flux-pro/kontext",
    input: falKontextInput,
    capabilities: capabilities.kontext,
    price: { unit: "image", usd: 0.04, source: "https://fal.ai/models/fal-ai/flux-pro/kontext ($0.04 per image)", asOf: "2026-12-05" },
  },
  // Both queue under `fal-ai/flux-2-pro/requests/{id}` (PROVIDERS-MODELS.md §4).
  "flux-2-pro": {
    endpointId: "fal-ai/flux-2-pro",
    endpointFor: (p) => (p.input_images?.length ? "fal-ai/flux-2-pro/edit" : "fal-ai/flux-2-pro"),
    imagePerRequest: true,
    input: falFlux2Input,
    capabilities: capabilities.flux2,
    price: {
      ...FLUX2_LIST_PRICE_TIERS,
      source: "https://fal.ai/models/fal-ai/flux-2-pro ($0.03 for the first megapixel, $0.015 per further one, rounded up; edit inputs $0.015 per megapixel)",
      asOf: "2026-12-05",
      // PROVIDERS-MODELS.md §4: read off Lumenfall and a third party, the scheme of fal's flux-2-max/edit page.
      note: "Unconfirmed: quoted by other sites, not read on fal's own page; megapixels of 1024² assumed, as BFL counts them",
    },
  },
};
