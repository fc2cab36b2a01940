import type { CanonicalParams, FluxPro11Params } from "@/lib/models";

/** Together serves FLUX 1.1 [pro] only (PROVIDERS.md H: Ultra not found; its models list has no Ultra). */
export const TOGETHER_MODEL = "black-forest-labs/FLUX.1.1-pro";

export const TOGETHER_PATH = "/v1/images/generations";

/** URLs rather than base64 ("url" | "base64" per tg-docs): small answers, and a URL can be kept to resume. */
export const TOGETHER_RESPONSE_FORMAT = "url";

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

export function safetyWarning(safetyTolerance: number): string | null {
  if (disablesSafetyChecker(safetyTolerance)) {
    // tg-docs: the checker "can be disabled for every model except Flux Schnell Free and Flux Pro".
    return `Together has only an on/off safety checker: ${safetyTolerance} is sent as disable_safety_checker: true, which Together may ignore for FLUX pro models`;
  }
  if (safetyTolerance === DEFAULT_SAFETY_TOLERANCE) return null;
  return `Together has only an on/off safety checker: ${safetyTolerance} is sent as the checker on (disable_safety_checker: false)`;
}

/** The JSON body of one Together request for the whole batch (`n`). */
export function toTogetherBody(params: CanonicalParams): Record<string, unknown> {
  const p = params as FluxPro11Params;
  const body: Record<string, unknown> = {
    model: TOGETHER_MODEL,
    prompt: p.prompt,
    width: p.width,
    height: p.height,
    n: p.num_images,
    response_format: TOGETHER_RESPONSE_FORMAT,
    output_format: p.output_format,
    disable_safety_checker: disablesSafetyChecker(p.safety_tolerance),
  };
  if (p.seed !== undefined) body.seed = p.seed;
  // UNVERIFIED that image_url takes a data: URL (tg-docs say "URL of an image"); it is what we have.
  if (p.image_prompt) body.image_url = p.image_prompt;
  return body;
}
