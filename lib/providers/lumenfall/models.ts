import type { ModelId, ParamsOf, ToleranceParams } from "@/lib/models";
import { dropped, ONE_SEED_PER_BATCH, pass, renamed, type ModelCapabilities, type ParamCapability, type Warn } from "../capabilities";
import { flux2UpsamplingNotSwitchable } from "../dialects/flux2";
import { FLUX2_LIST_PRICE_TIERS } from "@/lib/models/flux-2-pro";
import { disablesSafetyChecker, safetyCheckerWarns } from "../dialects/safety-checker";
import type { ServedModel } from "../types";

/**
 * The sizes Lumenfall documents for flux1.1-pro (PROVIDERS.md E.2, from docs.lumenfall.ai
 * api-reference/images/generate). Any other `size` is "snapped to the nearest supported size";
 * UNVERIFIED how "nearest" is measured: we take the closest aspect ratio, which is how the table
 * reads (one ~1 MP size per common ratio), and send the snapped size so what we ask is what we get.
 */
export const LUMENFALL_PRO_SIZES: readonly { width: number; height: number }[] = [
  { width: 1024, height: 1024 },
  { width: 1365, height: 768 },
  { width: 768, height: 1365 },
  { width: 1254, height: 836 },
  { width: 836, height: 1254 },
  { width: 1183, height: 887 },
  { width: 887, height: 1182 },
  { width: 1145, height: 916 },
  { width: 916, height: 1145 },
];

/** The documented size whose aspect ratio is closest to width:height (log distance, so 2:1 and 1:2 weigh alike). */
export function snapLumenfallSize(width: number, height: number): { width: number; height: number } {
  const target = Math.log(width / height);
  let best = LUMENFALL_PRO_SIZES[0];
  for (const size of LUMENFALL_PRO_SIZES) {
    if (Math.abs(Math.log(size.width / size.height) - target) < Math.abs(Math.log(best.width / best.height) - target)) best = size;
  }
  return best;
}

/** BFL's parameters, passed upstream as extra fields (E.2) by the models that have them. */
const tolerance = (p: ToleranceParams) => ({
  safety_tolerance: p.safety_tolerance,
  prompt_upsampling: p.prompt_upsampling,
  // Sent as the data: URL it arrives as: both upstreams Lumenfall routes to (fal, Replicate) take URLs.
  ...(p.image_prompt ? { image_prompt: p.image_prompt } : {}),
});

/** Per model Lumenfall serves: its model id (PROVIDERS.md E.1), what its body adds, capabilities and price. */
type LumenfallModel<M extends ModelId> = ServedModel & {
  name: string;
  body: (params: ParamsOf<M>) => Record<string, unknown>;
  /** Sent to images/edits as multipart, the body's `image` a file part (else images/generations, JSON). */
  edit?: true;
  /** Sent to images/edits for these params only (FLUX.2 with references). */
  editWhen?: (params: ParamsOf<M>) => boolean;
};

const upstream = (wire: string) => ({ ...pass(wire), note: "a BFL parameter Lumenfall passes to its upstream (fal or Replicate) as given" });

const seed: ParamCapability = { ...pass("seed"), note: "one seed for the whole batch (n); the host reports no per-image seed", warns: [ONE_SEED_PER_BATCH] };

const common: ModelCapabilities = {
  prompt: pass(),
  seed,
  num_images: renamed("n", "one request for the batch"),
  safety_tolerance: upstream("safety_tolerance"),
  prompt_upsampling: upstream("prompt_upsampling"),
  output_format: pass("output_format"),
  image_prompt: { ...pass("image_prompt"), note: "sent as an embedded image; Lumenfall passes it on to the model's provider (unconfirmed that every provider accepts it)" },
};

const size = (note: string, warns?: ParamCapability["warns"]): ParamCapability => ({ treatment: "converted", wire: "size", note, ...(warns ? { warns } : {}) });

const SNAPPED: Warn = {
  when: { kind: "shape", of: "size", shapes: LUMENFALL_PRO_SIZES.map((s) => `${s.width}x${s.height}`), match: "size", format: "x" },
  message: "Lumenfall only makes its supported sizes: {value} becomes {sent} (closest aspect ratio)",
};

/**
 * FLUX.1's own fields, passed upstream as extra fields. UNVERIFIED (PROVIDERS-MODELS.md §1, §2 say
 * only "OpenAI body as in E"): the names of fal, the first upstream Lumenfall lists for both models.
 * The sizes are UNVERIFIED too: flux1.1-pro's table (the only one documented), snapped the same way.
 */
const FLUX1_UPSTREAM = "a FLUX.1 parameter Lumenfall passes to its upstream under fal's name (unconfirmed)";
const flux1Size = (p: { width: number; height: number }) => {
  const snapped = snapLumenfallSize(p.width, p.height);
  return { size: `${snapped.width}x${snapped.height}` };
};
const flux1: ModelCapabilities = {
  prompt: pass(),
  seed,
  num_images: renamed("n", "one request for the batch"),
  output_format: pass("output_format"),
  width: size("width x height as \"WxH\", snapped to the closest supported size (1024x1024, 1365x768, 1254x836...)", [SNAPPED]),
  height: size("sent with width as size \"WxH\""),
  steps: renamed("num_inference_steps", FLUX1_UPSTREAM),
};

/**
 * Kontext on Lumenfall (PROVIDERS-MODELS.md §3): routed to fal, Fireworks or Replicate, which all
 * forward to BFL, where at most tolerance 2 applies to an edit. Its size fields are UNVERIFIED:
 * aspect_ratio is passed on as given, as for Ultra, and unset keeps the input image's shape.
 */
export const LUMENFALL_KONTEXT_SAFETY_MAX = 2;
const kontext: ModelCapabilities = {
  prompt: pass(),
  seed,
  num_images: renamed("n", "one request for the batch"),
  output_format: pass("output_format"),
  input_image: renamed("image", "sent as the image file of a multipart images/edits request"),
  aspect_ratio: { ...upstream("aspect_ratio"), note: "passed upstream as given (unconfirmed which ratios each upstream takes); unset, the edit keeps the input image's shape" },
  safety_tolerance: {
    treatment: "clamped",
    wire: "safety_tolerance",
    note: `passed upstream to BFL, which applies at most ${LUMENFALL_KONTEXT_SAFETY_MAX} to an edit: higher values are sent as ${LUMENFALL_KONTEXT_SAFETY_MAX}`,
    warns: [{ when: { kind: "outside", max: LUMENFALL_KONTEXT_SAFETY_MAX }, message: `Kontext applies at most ${LUMENFALL_KONTEXT_SAFETY_MAX} to an edit: {value} is sent as {sent}` }],
  },
  prompt_upsampling: upstream("prompt_upsampling"),
};

/**
 * FLUX.2 [pro] on Lumenfall (PROVIDERS-MODELS.md §4): routed to fal or Replicate, whose FLUX.2 take
 * tolerance 1–5 and have no upsampling switch. Its `size` list is flux1.1-pro's nine sizes (plus "auto"),
 * snapped the same way. References make it an images/edits request, each a file part (up to 9).
 */
export const LUMENFALL_FLUX2 = "flux.2-pro";
export const LUMENFALL_FLUX2_SAFETY = { min: 1, max: 5 } as const;

/** Lumenfall's list prices (PROVIDERS.md E.5): per image, prepaid balance, no cost in the answer. */
export const LUMENFALL_MODELS: { [M in ModelId]?: LumenfallModel<M> } = {
  "flux-pro-1.1": {
    name: "flux1.1-pro",
    body: (p) => {
      const snapped = snapLumenfallSize(p.width, p.height);
      return { ...tolerance(p), size: `${snapped.width}x${snapped.height}` };
    },
    capabilities: {
      ...common,
      width: size("width x height as \"WxH\", snapped to the closest supported size (1024x1024, 1365x768, 1254x836...)", [SNAPPED]),
      height: size("sent with width as size \"WxH\""),
    },
    price: { unit: "image", usd: 0.04, source: "https://lumenfall.ai/models (flux1.1-pro model page; docs.lumenfall.ai)", asOf: "2026-11-01" },
  },
  "flux-pro-1.1-ultra": {
    name: "flux1.1-pro-ultra",
    body: (p) => ({ ...tolerance(p), aspect_ratio: p.aspect_ratio, raw: p.raw, ...(p.image_prompt ? { image_prompt_strength: p.image_prompt_strength } : {}) }),
    capabilities: {
      ...common,
      aspect_ratio: pass("aspect_ratio"),
      raw: upstream("raw"),
      image_prompt_strength: { ...upstream("image_prompt_strength"), note: "passed upstream, only with an image prompt" },
    },
    price: { unit: "image", usd: 0.06, source: "https://lumenfall.ai/models (flux1.1-pro-ultra model page; docs.lumenfall.ai)", asOf: "2026-11-01" },
  },
  "flux-dev": {
    name: "flux.1-dev",
    body: (p) => ({
      ...flux1Size(p),
      num_inference_steps: p.steps,
      guidance_scale: p.guidance,
      enable_safety_checker: !disablesSafetyChecker(p.safety_tolerance),
    }),
    capabilities: {
      ...flux1,
      guidance: renamed("guidance_scale", FLUX1_UPSTREAM),
      safety_tolerance: {
        treatment: "converted",
        wire: "enable_safety_checker",
        note: "FLUX.1 [dev]'s upstreams have an on/off checker: 0-4 keep it on, 5-6 turn it off",
        warns: safetyCheckerWarns("Lumenfall's FLUX.1 [dev]", { off: "enable_safety_checker: false", on: "enable_safety_checker: true" }),
      },
      prompt_upsampling: dropped("Lumenfall's FLUX.1 [dev] upstreams have no prompt upsampling: not sent"),
      image_prompt: dropped("Lumenfall's FLUX.1 [dev] has no image prompt (an input image there is img2img, another thing): not sent"),
    },
    price: { unit: "image", usd: 0.025, source: "https://lumenfall.ai/models/black-forest-labs/flux.1-dev (PROVIDERS-MODELS.md §1)", asOf: "2026-12-05" },
  },
  "flux-schnell": {
    name: "flux.1-schnell",
    body: (p) => ({ ...flux1Size(p), num_inference_steps: p.steps, enable_safety_checker: p.safety_checker }),
    capabilities: { ...flux1, safety_checker: renamed("enable_safety_checker", FLUX1_UPSTREAM) },
    price: { unit: "image", usd: 0.003, source: "https://lumenfall.ai/models/black-forest-labs/flux.1-schnell (PROVIDERS-MODELS.md §2)", asOf: "2026-12-05" },
  },
  "flux-kontext-pro": {
    name: "flux.1-kontext-pro",
    edit: true,
    body: (p) => ({
      image: p.input_image,
      ...(p.aspect_ratio ? { aspect_ratio: p.aspect_ratio } : {}),
      safety_tolerance: Math.min(LUMENFALL_KONTEXT_SAFETY_MAX, p.safety_tolerance),
      prompt_upsampling: p.prompt_upsampling,
    }),
    capabilities: kontext,
    price: { unit: "image", usd: 0.04, source: "https://lumenfall.ai/models/black-forest-labs/flux.1-kontext-pro (PROVIDERS-MODELS.md §3)", asOf: "2026-12-05" },
  },
  "flux-2-pro": {
    name: LUMENFALL_FLUX2,
    editWhen: (p) => (p.input_images?.length ?? 0) > 0,
    body: (p) => {
      const snapped = snapLumenfallSize(p.width, p.height);
      return {
        size: `${snapped.width}x${snapped.height}`,
        safety_tolerance: Math.min(LUMENFALL_FLUX2_SAFETY.max, Math.max(LUMENFALL_FLUX2_SAFETY.min, p.safety_tolerance)),
        ...(p.input_images?.length ? { image: p.input_images } : {}),
      };
    },
    capabilities: {
      prompt: pass(),
      seed,
      num_images: renamed("n", "one request for the batch"),
      output_format: pass("output_format"),
      width: size("width x height as \"WxH\", snapped to the closest supported size (1024x1024, 1365x768, 1254x836...)", [SNAPPED]),
      height: size("sent with width as size \"WxH\""),
      input_images: renamed("image", "sent in order as the image files (`image[]` parts) of a multipart images/edits request"),
      safety_tolerance: {
        treatment: "clamped",
        wire: "safety_tolerance",
        note: `passed upstream (fal or Replicate), whose FLUX.2 takes ${LUMENFALL_FLUX2_SAFETY.min} to ${LUMENFALL_FLUX2_SAFETY.max}: 0 is sent as ${LUMENFALL_FLUX2_SAFETY.min}`,
        warns: [{ when: { kind: "outside", min: LUMENFALL_FLUX2_SAFETY.min, max: LUMENFALL_FLUX2_SAFETY.max }, message: `Lumenfall's FLUX.2 upstreams take ${LUMENFALL_FLUX2_SAFETY.min} to ${LUMENFALL_FLUX2_SAFETY.max}: {value} is sent as {sent}` }],
      },
      prompt_upsampling: flux2UpsamplingNotSwitchable("Lumenfall"),
    },
    price: {
      ...FLUX2_LIST_PRICE_TIERS,
      source: "https://lumenfall.ai/models/black-forest-labs/flux.2-pro (per megapixel, \"from $0.015\"; PROVIDERS-MODELS.md §4)",
      asOf: "2026-12-05",
      note: "Unconfirmed: Lumenfall passes its upstream's per-megapixel price through; BFL's tiers are assumed, on the asked size (Lumenfall makes its nearest listed size, about 1 MP)",
    },
  },
};
