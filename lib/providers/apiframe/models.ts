import type { ModelId, ParamsOf } from "@/lib/models";
import { FLUX2_LIST_PRICE_TIERS } from "@/lib/models/flux-2-pro";
import { dropped, pass, type ModelCapabilities } from "../capabilities";
import { replicateFlux2Input, replicateProInput, replicateSchemaCapabilities, replicateUltraInput } from "../dialects/replicate-flux";
import type { ServedModel } from "../types";

/** Apiframe's prompt limit (PROVIDERS.md F.2); ours is longer. */
export const APIFRAME_PROMPT_MAX = 2000;

/** Per model Apiframe serves: its model name, its Replicate-style `fluxParams`, capabilities and price. */
type ApiframeModel<M extends ModelId> = ServedModel & { name: string; input: (params: ParamsOf<M>) => Record<string, unknown> };

const replicateStyle = replicateSchemaCapabilities({
  name: "Apiframe",
  unit: "job",
  wire: (field) => `fluxParams.${field}`,
  prompt: {
    treatment: "passthrough",
    wire: "prompt",
    note: `at most ${APIFRAME_PROMPT_MAX} characters`,
    warns: [{ when: { kind: "length-outside", max: APIFRAME_PROMPT_MAX }, message: `Apiframe accepts at most ${APIFRAME_PROMPT_MAX} characters: it will refuse this prompt` }],
  },
});

/** What Apiframe's docs leave open (PROVIDERS.md F.2, K.5) is sent as Replicate takes it. */
function unconfirmed(caps: ModelCapabilities): ModelCapabilities {
  // UNVERIFIED that Apiframe forwards these; its docs show an https URL for the image prompt.
  return {
    ...caps,
    safety_tolerance: { ...caps.safety_tolerance, note: `${caps.safety_tolerance.note} (unconfirmed that Apiframe forwards it)` },
    image_prompt: { ...caps.image_prompt, note: "sent inline as an embedded image (unconfirmed: Apiframe's docs show a web address)" },
  };
}

// UNVERIFIED (PROVIDERS.md F.5): Apiframe bills credits (creditCost on each job) and publishes no credit
// amounts for FLUX nor a dollar value per credit, so the model's price elsewhere stands in.
const NOTE = "Unconfirmed: Apiframe bills in credits and publishes no dollar price for FLUX; shown at the model's usual price";

export const APIFRAME_MODELS: { [M in ModelId]?: ApiframeModel<M> } = {
  "flux-pro-1.1": {
    name: "flux-1.1-pro",
    input: replicateProInput,
    capabilities: unconfirmed(replicateStyle.pro),
    price: { unit: "image", usd: 0.04, source: "https://docs-v2.apiframe.ai/images/flux/flux-1-1-pro", asOf: "2026-11-01", note: NOTE },
  },
  "flux-pro-1.1-ultra": {
    name: "flux-1.1-pro-ultra",
    input: replicateUltraInput,
    capabilities: {
      ...unconfirmed(replicateStyle.ultra),
      raw: { ...replicateStyle.ultra.raw, note: "unconfirmed that Apiframe forwards it" },
      // UNVERIFIED: Replicate's Ultra, which Apiframe's mirrors, has no prompt upsampling.
      prompt_upsampling: dropped("Apiframe's Ultra mirrors Replicate's, which has no prompt upsampling: not sent"),
    },
    price: { unit: "image", usd: 0.06, source: "https://apiframe.ai/models/flux-1.1-pro-ultra", asOf: "2026-11-01", note: NOTE },
  },
  // PROVIDERS-MODELS.md §4: Replicate's FLUX.2 schema, plus a prompt_upsampling switch Replicate's current version lacks.
  "flux-2-pro": {
    name: "flux-2-pro",
    input: (p) => ({ ...replicateFlux2Input(p), prompt_upsampling: p.prompt_upsampling }),
    capabilities: {
      ...replicateStyle.flux2,
      safety_tolerance: { ...replicateStyle.flux2.safety_tolerance, note: `${replicateStyle.flux2.safety_tolerance.note} (unconfirmed that Apiframe forwards it)` },
      prompt_upsampling: pass("fluxParams.prompt_upsampling"),
      input_images: { ...replicateStyle.flux2.input_images, note: "sent inline as embedded images, in order (unconfirmed: Apiframe's docs show web addresses)" },
    },
    price: {
      ...FLUX2_LIST_PRICE_TIERS,
      source: "https://docs-v2.apiframe.ai/images/flux/flux-2-pro",
      asOf: "2026-12-05",
      note: "Unconfirmed: Apiframe bills in credits and publishes no dollar price for FLUX; shown at BFL's per-megapixel price",
    },
  },
};
