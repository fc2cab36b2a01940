import type { ModelId, ParamsOf } from "@/lib/models";
import { dropped, evaluateCapabilities, ONE_SEED_PER_BATCH, pass, renamed, type ParamCapability, type Warn } from "../capabilities";
import type { ServedModel } from "../types";

/**
 * Together has one on/off safety checker (`disable_safety_checker`, tg-docs) where BFL has a
 * tolerance from 0 (strictest) to 6 (most permissive). Our mapping: 5 and 6, BFL's permissive end,
 * turn the checker off; 0 to 4 keep it on, the closest Together has to a moderate or strict filter.
 */
export const DISABLE_SAFETY_CHECKER_FROM = 5;
/** The canonical default: it maps to Together's own default (checker on) without a warning. */
const DEFAULT_SAFETY_TOLERANCE = 2;

export function disablesSafetyChecker(safetyTolerance: number): boolean {
  return safetyTolerance >= DISABLE_SAFETY_CHECKER_FROM;
}

const CHECKER = "Together has only an on/off safety checker";
const SAFETY_WARNS: readonly Warn[] = [
  // tg-docs: the checker "can be disabled for every model except Flux Schnell Free and Flux Pro".
  {
    when: { kind: "inside", min: DISABLE_SAFETY_CHECKER_FROM, max: 6 },
    message: `${CHECKER}: {value} is sent as disable_safety_checker: true, which Together may ignore for FLUX pro models`,
  },
  { when: { kind: "other-than", values: [DEFAULT_SAFETY_TOLERANCE] }, message: `${CHECKER}: {value} is sent as the checker on (disable_safety_checker: false)` },
];

/** What the user is told of a safety tolerance sent to Together, or null when it arrives as meant. */
export const safetyWarning = (safetyTolerance: number): string | null =>
  evaluateCapabilities({ safety_tolerance: { treatment: "converted", warns: SAFETY_WARNS } }, { safety_tolerance: safetyTolerance }).byParam.safety_tolerance ?? null;

/** Per model Together serves: its model name, what its body adds, capabilities and price. */
type TogetherModel<M extends ModelId> = ServedModel & { name: string; body: (params: ParamsOf<M>) => Record<string, unknown> };

const seed: ParamCapability = { ...pass("seed"), note: "one seed for the whole batch (n); Together reports no per-image seed", warns: [ONE_SEED_PER_BATCH] };

/** Together serves FLUX 1.1 [pro] only (PROVIDERS.md H: Ultra not found; its models list has no Ultra). */
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
};
