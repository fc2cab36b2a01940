import type { ModelId, ParamsOf } from "@/lib/models";
import { renamed } from "../capabilities";
import { falDevInput, falFlux2Input, falInputCapabilities, falKontextInput, falProInput, falSchnellInput, falUltraInput } from "../dialects/fal-flux";
import { FLUX2_LIST_PRICE_TIERS } from "@/lib/models/flux-2-pro";
import type { ServedModel } from "../types";

/** Per model Runflow serves: its create-run path (PROVIDERS.md G.1: note the hyphenated `flux-1-1-pro`), its fal-style input, capabilities and price. */
type RunflowModel<M extends ModelId> = ServedModel & {
  path: string;
  /** Another path for some params (FLUX.2's edit when there are references). */
  pathFor?: (params: ParamsOf<M>) => string;
  /** The model takes no num_images (fal's FLUX.2): each image is its own run, image i with seed + i. */
  imagePerRequest?: true;
  input: (params: ParamsOf<M>) => Record<string, unknown>;
};

const capabilities = falInputCapabilities("Runflow", (field) => `input.${field}`);

/**
 * UNVERIFIED (PROVIDERS-MODELS.md §1, rf): no [dev] text-to-image page was found. `flux-1-dev` follows
 * the documented `flux-1-dev/edit/runs` and `flux-1-schnell`; `flux-dev-lt1` is the other candidate.
 */
export const RUNFLOW_DEV_SLUG = "flux-1-dev";

/**
 * UNVERIFIED (PROVIDERS-MODELS.md §3, rf): Runflow documents Kontext's `image_url` as a URL; we send
 * the data: URI fal takes, the only form we have (our images are not public).
 */
export const RUNFLOW_KONTEXT_INLINE_IMAGE_NOTE = "sent inline as a data: URI (unconfirmed: Runflow documents an image URL)";

/**
 * UNVERIFIED (PROVIDERS-MODELS.md §4, rf: FLUX.2 [pro] is early access and its `/runs` path is inferred):
 * text-to-image at the slug, and, with references, the `/edit` slug mirroring fal's `fal-ai/flux-2-pro/edit`
 * (as Runflow's Kontext mirrors fal's `flux-pro/kontext`), taking fal's `image_urls`.
 */
export const RUNFLOW_FLUX2_PATH = "/v1/models/black-forest-labs/flux-2-pro/runs";
export const RUNFLOW_FLUX2_EDIT_PATH = "/v1/models/black-forest-labs/flux-2-pro/edit/runs";

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
  "flux-dev": {
    path: `/v1/models/black-forest-labs/${RUNFLOW_DEV_SLUG}/runs`,
    input: falDevInput,
    capabilities: capabilities.dev,
    price: {
      unit: "megapixel",
      usd: 0.025,
      source: "https://runflow.io/models/black-forest-labs/flux-dev-lt1 ($0.025 per megapixel)",
      asOf: "2026-12-05",
      note: "Unconfirmed: the endpoint's name is a guess (no [dev] text-to-image page found)",
    },
  },
  "flux-schnell": {
    path: "/v1/models/black-forest-labs/flux-1-schnell/runs",
    input: falSchnellInput,
    capabilities: capabilities.schnell,
    price: { unit: "megapixel", usd: 0.003, source: "https://runflow.io/models/black-forest-labs/flux-1-schnell ($0.003 per megapixel)", asOf: "2026-12-05" },
  },
  "flux-kontext-pro": {
    path: "/v1/models/black-forest-labs/flux-pro/kontext/runs",
    input: falKontextInput,
    capabilities: { ...capabilities.kontext, input_image: renamed("input.image_url", RUNFLOW_KONTEXT_INLINE_IMAGE_NOTE) },
    price: { unit: "image", usd: 0.04, source: "https://docs.runflow.io/models/black-forest-labs/flux-pro/kontext ($0.04 per image, updated 2026-04-06)", asOf: "2026-12-05" },
  },
  "flux-2-pro": {
    path: RUNFLOW_FLUX2_PATH,
    pathFor: (p) => (p.input_images?.length ? RUNFLOW_FLUX2_EDIT_PATH : RUNFLOW_FLUX2_PATH),
    imagePerRequest: true,
    input: falFlux2Input,
    capabilities: {
      ...capabilities.flux2,
      input_images: {
        treatment: "converted",
        wire: "input.image_urls",
        note: "sent in order as data: URIs to the /edit slug (unconfirmed: inferred from fal's, whose input Runflow mirrors); without references, the text-to-image one",
      },
    },
    price: {
      ...FLUX2_LIST_PRICE_TIERS,
      source: "https://runflow.io/models/black-forest-labs/flux-2-pro ($0.03 for the first megapixel, $0.015 per further one, rounded up; PROVIDERS-MODELS.md §4)",
      asOf: "2026-12-05",
      note: "Unconfirmed: megapixels of 1024² and input megapixels at $0.015 (as fal's edit) are assumed; live runs are billed from the run's cost",
    },
  },
};
