import type { ModelId, ParamsOf } from "@/lib/models";
import { dropped, ONE_SEED_PER_BATCH, pass, renamed, type ParamCapability } from "../capabilities";
import type { ServedModel } from "../types";
import { flux2UpsamplingNotSwitchable } from "../dialects/flux2";
import { FLUX2_LIST_PRICE_TIERS } from "@/lib/models/flux-2-pro";
import { checkerWarning, DISABLE_SAFETY_CHECKER, disablesSafetyChecker, DISABLE_SAFETY_CHECKER_FROM, safetyCheckerWarns } from "../dialects/safety-checker";

export { DISABLE_SAFETY_CHECKER_FROM, disablesSafetyChecker };

// tg-docs: the checker "can be disabled for every model except Flux Schnell Free and Flux Pro".
const SAFETY_WARNS = safetyCheckerWarns("Together", DISABLE_SAFETY_CHECKER, ", which Together may ignore for FLUX pro models");

/** What the user is told of a safety tolerance sent to Together, or null when it arrives as meant. */
export const safetyWarning = (safetyTolerance: number): string | null => checkerWarning(SAFETY_WARNS, safetyTolerance);

/** Per model Together serves: its model name, what its body adds, capabilities and price. */
type TogetherModel<M extends ModelId> = ServedModel & { name: string; body: (params: ParamsOf<M>) => Record<string, unknown> };

const seed: ParamCapability = { ...pass("seed"), note: "one seed for the whole batch (n); Together reports no per-image seed", warns: [ONE_SEED_PER_BATCH] };

/** PROVIDERS-MODELS.md §2: serverless, also listed as FLUX.1-schnell-Free (whose checker cannot be turned off). */
export const TOGETHER_FLUX_SCHNELL = "black-forest-labs/FLUX.1-schnell";

/** PROVIDERS-MODELS.md §3 (tg): FLUX.1 Kontext [pro], an edit of `image_url`. */
export const TOGETHER_FLUX_KONTEXT_PRO = "black-forest-labs/FLUX.1-kontext-pro";

/**
 * UNVERIFIED (§3): Together documents `image_url` as a URL (base64 unconfirmed); ours is a data: URL,
 * the only form we have (our images are not public).
 */
export const TOGETHER_KONTEXT_INLINE_IMAGE_NOTE = "sent inline as a data: URL (unconfirmed: Together documents an image URL)";
/** UNVERIFIED (§3): the docs say Kontext sizes by aspect_ratio, while their example sends width/height. */
export const TOGETHER_KONTEXT_SIZE_NOTE = "sent as aspect_ratio, which Together's docs say Kontext sizes by (unconfirmed: their example sends width/height); unset, the edit keeps the input image's shape";

/** PROVIDERS-MODELS.md §4 (tg): FLUX.2 [pro], references in `reference_images`. */
export const TOGETHER_FLUX2_PRO = "black-forest-labs/FLUX.2-pro";

/** UNVERIFIED (§4): Together's docs show reference URLs; ours are data: URLs, the only form we have. */
export const TOGETHER_FLUX2_REFERENCES_NOTE = "sent in order, inline as data: URLs (unconfirmed: Together documents image URLs)";

/**
 * Together serves FLUX 1.1 [pro], FLUX.1 [schnell], Kontext [pro] and FLUX.2 [pro]. Not Ultra (PROVIDERS.md H: not found; its
 * models list has none), and not FLUX.1 [dev]: `black-forest-labs/FLUX.1-dev` is missing from the
 * serverless table, so we take it as dedicated-endpoint only (PROVIDERS-MODELS.md §1, UNVERIFIED).
 */
export const TOGETHER_MODELS: { [M in ModelId]?: TogetherModel<M> } = {
  "flux-pro-1.1": {
    name: "black-forest-labs/FLUX.1.1-pro",
    body: (p) => ({
      width: p.width,
      height: p.height,
      disable_safety_checker: disablesSafetyChecker(p.safety_tolerance),
      // UNVERIFIED that image_url takes a data: URL (tg-docs say "URL of an image"); it is what we have.
      ...(p.image_prompt ? { image_url: p.image_prompt } : {}),
    }),
    capabilities: {
      prompt: pass(),
      width: pass("width"),
      height: pass("height"),
      seed,
      num_images: renamed("n", "one request for the batch (1 to 4)"),
      safety_tolerance: {
        treatment: "converted",
        wire: "disable_safety_checker",
        note: "Together's checker is on or off: 0-4 keep it on, 5-6 turn it off",
        warns: SAFETY_WARNS,
      },
      prompt_upsampling: dropped("Together has no prompt upsampling for FLUX 1.1 [pro]: not sent"),
      output_format: pass("output_format"),
      // UNVERIFIED that Together takes data: URLs in image_url.
      image_prompt: renamed("image_url", "sent as an embedded image (unconfirmed that Together accepts one there)"),
    },
    price: {
      unit: "image",
      usd: 0.04,
      // PROVIDERS.md H: about $0.04 per image, UNVERIFIED; Together may bill image models per megapixel.
      source: "https://www.together.ai/pricing (image models)",
      asOf: "2026-11-01",
      note: "Unconfirmed: Together may bill image models per megapixel rather than per image",
    },
  },
  "flux-schnell": {
    name: TOGETHER_FLUX_SCHNELL,
    // Together's steps default to 20 (tg-docs, every model): ours (4 by default) is always sent.
    body: (p) => ({ width: p.width, height: p.height, steps: p.steps, disable_safety_checker: !p.safety_checker }),
    capabilities: {
      prompt: pass(),
      width: pass("width"),
      height: pass("height"),
      seed,
      num_images: renamed("n", "one request for the batch (1 to 4)"),
      steps: pass("steps"),
      safety_checker: { treatment: "converted", wire: "disable_safety_checker", note: "sent inverted, as disable_safety_checker" },
      output_format: pass("output_format"),
    },
    price: {
      unit: "image",
      usd: 0.0027,
      source: "https://www.together.ai/pricing (FLUX.1 [schnell]; PROVIDERS-MODELS.md §2 quotes $0.0027/img from a third party)",
      asOf: "2026-12-05",
      note: "Unconfirmed: a third-party figure; Together may bill image models per megapixel rather than per image",
    },
  },
  "flux-kontext-pro": {
    name: TOGETHER_FLUX_KONTEXT_PRO,
    body: (p) => ({
      image_url: p.input_image,
      ...(p.aspect_ratio ? { aspect_ratio: p.aspect_ratio } : {}),
      disable_safety_checker: disablesSafetyChecker(p.safety_tolerance),
    }),
    capabilities: {
      prompt: pass(),
      input_image: renamed("image_url", TOGETHER_KONTEXT_INLINE_IMAGE_NOTE),
      aspect_ratio: { ...pass("aspect_ratio"), note: TOGETHER_KONTEXT_SIZE_NOTE },
      seed,
      num_images: renamed("n", "one request for the batch (1 to 4)"),
      safety_tolerance: {
        treatment: "converted",
        wire: "disable_safety_checker",
        note: "Together's checker is on or off: 0-4 keep it on, 5-6 turn it off; BFL applies at most 2 to an edit whatever is sent",
        warns: SAFETY_WARNS,
      },
      prompt_upsampling: dropped("Together has no prompt upsampling for Kontext: not sent"),
      output_format: pass("output_format"),
    },
    price: {
      unit: "image",
      usd: 0.04,
      source: "https://www.together.ai/pricing (FLUX.1 Kontext [pro]; PROVIDERS-MODELS.md §3 guesses BFL's $0.04)",
      asOf: "2026-12-05",
      note: "Unconfirmed: no price found for Together; BFL's own price is assumed",
    },
  },
  "flux-2-pro": {
    name: TOGETHER_FLUX2_PRO,
    body: (p) => ({
      width: p.width,
      height: p.height,
      ...(p.input_images?.length ? { reference_images: p.input_images } : {}),
      disable_safety_checker: disablesSafetyChecker(p.safety_tolerance),
    }),
    capabilities: {
      prompt: pass(),
      input_images: renamed("reference_images", TOGETHER_FLUX2_REFERENCES_NOTE),
      width: pass("width"),
      height: pass("height"),
      seed,
      num_images: renamed("n", "one request for the batch (1 to 4)"),
      safety_tolerance: {
        treatment: "converted",
        wire: "disable_safety_checker",
        note: "Together's checker is on or off: 0-4 keep it on, 5 turns it off",
        warns: SAFETY_WARNS,
      },
      prompt_upsampling: flux2UpsamplingNotSwitchable("Together"),
      output_format: pass("output_format"),
    },
    price: {
      ...FLUX2_LIST_PRICE_TIERS,
      source: "https://www.together.ai/pricing (FLUX.2 [pro]; PROVIDERS-MODELS.md §4 found no Together price)",
      asOf: "2026-12-05",
      note: "Unconfirmed: no price found for Together; BFL's per-megapixel tiers are assumed (first MP $0.03, further and input MPs $0.015)",
    },
  },
};
