import type { ModelId, ParamsOf, ToleranceParams } from "@/lib/models";
import { dropped, pass, renamed, type ModelCapabilities, type ParamCapability } from "../capabilities";
import { FLUX2_LIST_PRICE_TIERS } from "@/lib/models/flux-2-pro";
import { disablesSafetyChecker, safetyCheckerWarns } from "../dialects/safety-checker";
import type { ServedModel } from "../types";
import { RUNWARE_KONTEXT_SIZES, RUNWARE_PROMPT_LENGTH, RUNWARE_SEED_MIN, RUNWARE_ULTRA_SIZES, runwareKontextSize, runwareUltraSize } from "./sizes";

/** Per model Runware serves: its AIR id (PROVIDERS.md D.2), its size, settings, capabilities and price. */
type RunwareModel<M extends ModelId> = ServedModel & {
  air: string;
  size: (params: ParamsOf<M>) => { width: number; height: number };
  /** What goes to `providerSettings.bfl`, for the models BFL runs (Runware runs FLUX.1 itself). */
  bflSettings?: (params: ParamsOf<M>) => Record<string, unknown>;
  /** Task fields of the model's own (steps, CFGScale...). */
  settings?: (params: ParamsOf<M>) => Record<string, unknown>;
};

const prompt: ParamCapability = {
  ...renamed("positivePrompt"),
  warns: [
    {
      when: { kind: "length-outside", min: RUNWARE_PROMPT_LENGTH.min, max: RUNWARE_PROMPT_LENGTH.max },
      message: `Runware takes ${RUNWARE_PROMPT_LENGTH.min}–${RUNWARE_PROMPT_LENGTH.max} characters for FLUX; this prompt ({length}) will be refused`,
    },
  ],
};

const common: ModelCapabilities = {
  prompt,
  seed: {
    treatment: "clamped",
    wire: "seed",
    note: `Runware's seeds start at ${RUNWARE_SEED_MIN} (0 is sent as ${RUNWARE_SEED_MIN}); each result of the batch reports its own seed`,
    warns: [{ when: { kind: "outside", min: RUNWARE_SEED_MIN }, message: `Runware's seeds start at ${RUNWARE_SEED_MIN}: seed {value} is sent as {sent}` }],
  },
  num_images: renamed("numberResults", "one task makes the whole batch"),
  safety_tolerance: renamed("providerSettings.bfl.safetyTolerance"),
  prompt_upsampling: renamed("providerSettings.bfl.promptUpsampling"),
  output_format: { treatment: "converted", wire: "outputFormat", note: "jpeg → JPG, png → PNG" },
  // PROVIDERS.md D.3: the image-prompt field of bfl:2@1/@2 is UNVERIFIED; it advises leaving it out.
  image_prompt: dropped("Runware's image-prompt field for FLUX 1.1 is unconfirmed: the image prompt is not sent"),
};

/** BFL's own settings, which Runware takes under providerSettings.bfl for the models that have them. */
const bflTolerance = (p: ToleranceParams) => ({ promptUpsampling: p.prompt_upsampling, safetyTolerance: p.safety_tolerance });

/**
 * FLUX.1 [dev] and [schnell] run on Runware's own machines (rw-ts; rw-skills model map): steps and
 * CFGScale are task fields, sizes are width/height as given (its ranges are UNVERIFIED, so our
 * 256–1440 in steps of 32 is sent unchanged), and BFL's tolerance becomes its content check
 * (`safety.checkContent`, rw-ts, UNVERIFIED) by the rule of ../dialects/safety-checker.
 */
const CHECK_CONTENT = { off: "safety.checkContent: false", on: "safety.checkContent: true" };
const flux1: ModelCapabilities = {
  prompt,
  seed: common.seed!,
  num_images: common.num_images!,
  output_format: common.output_format!,
  width: pass("width"),
  height: pass("height"),
  steps: pass("steps"),
};
const flux1Size = (p: { width: number; height: number }) => ({ width: p.width, height: p.height });
/** rw-skills: compute-priced, billed per run from steps and size; the figure is one run's, listed per image. */
const COMPUTE_PRICED = "Runware bills FLUX.1 by compute (steps x size): this is a per-image figure for one run, not a list price";

/**
 * UNVERIFIED (PROVIDERS-MODELS.md §3, from third-party client code): `bfl:3@1` takes its input
 * image in `inputs.referenceImages` (at most 2); sent as the data: URI Runware's image inputs take.
 */
export const RUNWARE_KONTEXT_IMAGE_FIELD = "inputs.referenceImages";
/** BFL applies at most tolerance 2 to an edit (§3): what we send is what applies. */
export const RUNWARE_KONTEXT_SAFETY_MAX = 2;

/** PROVIDERS-MODELS.md §4 (rw-docs): FLUX.2 [pro]'s AIR id. */
export const RUNWARE_FLUX2_AIR = "bfl:5@1";
/**
 * UNVERIFIED (§4, §8 open gap): FLUX.2's references go where Kontext's do, `inputs.referenceImages`
 * (as Runware's image inputs take them, data: URIs); its limits are unconfirmed too (BFL's eight assumed).
 */
export const RUNWARE_FLUX2_REFERENCES_NOTE = "sent in order, inline as data: URIs (unconfirmed field: Runware's FLUX.2 page does not name it)";

/** Runware's list prices (PROVIDERS.md D.6); the billed cost comes from each result's `cost` (includeCost). */
export const RUNWARE_MODELS: { [M in ModelId]?: RunwareModel<M> } = {
  "flux-pro-1.1": {
    air: "bfl:2@1",
    size: (p) => ({ width: p.width, height: p.height }),
    bflSettings: bflTolerance,
    capabilities: { ...common, width: pass(), height: pass() },
    price: {
      unit: "image",
      usd: 0.04,
      source: "https://runware.ai/docs/models/bfl-flux-1-1-pro (pricing: 1k $0.04)",
      asOf: "2026-11-01",
      note: "Listed for the \"1k\" tier only: sizes above 1 megapixel (up to 1440×1440) may cost more (unconfirmed)",
    },
  },
  "flux-pro-1.1-ultra": {
    air: "bfl:2@2",
    size: (p) => runwareUltraSize(p.aspect_ratio),
    bflSettings: (p) => ({ ...bflTolerance(p), raw: p.raw }),
    capabilities: {
      ...common,
      aspect_ratio: {
        treatment: "converted",
        wire: "width, height",
        note: "Runware has no aspect ratio for Ultra: one of its nine fixed sizes (21:9 … 9:21) is sent as width/height",
        warns: [
          {
            when: { kind: "shape", of: "aspect_ratio", shapes: RUNWARE_ULTRA_SIZES.map((s) => `${s.ratio}=${s.width}x${s.height}`), match: "ratio", format: "×" },
            message: "Runware makes Ultra only in fixed sizes: {value} becomes {sent}, the nearest shape it offers",
          },
        ],
      },
      raw: renamed("providerSettings.bfl.raw"),
      image_prompt_strength: dropped("Runware has no confirmed image-prompt strength: it is not sent"),
    },
    price: { unit: "image", usd: 0.06, source: "https://runware.ai/docs/models/bfl-flux-1-1-pro-ultra (pricing: 2k $0.06)", asOf: "2026-11-01" },
  },
  "flux-dev": {
    air: "runware:101@1",
    size: flux1Size,
    settings: (p) => ({ steps: p.steps, CFGScale: p.guidance, safety: { checkContent: !disablesSafetyChecker(p.safety_tolerance) } }),
    capabilities: {
      ...flux1,
      guidance: renamed("CFGScale"),
      safety_tolerance: {
        treatment: "converted",
        wire: "safety.checkContent",
        note: "Runware's content check is on or off: 0-4 keep it on, 5-6 turn it off",
        warns: safetyCheckerWarns("Runware", CHECK_CONTENT),
      },
      prompt_upsampling: dropped("Runware's FLUX.1 [dev] has no prompt upsampling: not sent"),
      image_prompt: dropped("Runware's FLUX.1 [dev] has no image prompt (its inputs.seedImage is img2img, another thing): not sent"),
    },
    price: {
      unit: "image",
      usd: 0.0013,
      source: "https://runware.ai/pricing (PROVIDERS-MODELS.md §1: $0.0013 for 1024×1024 at 30 steps, from rw-skills)",
      asOf: "2026-12-05",
      note: COMPUTE_PRICED,
    },
  },
  "flux-schnell": {
    air: "runware:100@1",
    size: flux1Size,
    settings: (p) => ({ steps: p.steps, safety: { checkContent: p.safety_checker } }),
    capabilities: { ...flux1, safety_checker: renamed("safety.checkContent", "Runware's own content check") },
    price: {
      unit: "image",
      usd: 0.0006,
      source: "https://runware.ai/pricing (PROVIDERS-MODELS.md §2: $0.0006/img, a third-party figure)",
      asOf: "2026-12-05",
      note: `Unconfirmed (a third-party figure). ${COMPUTE_PRICED}`,
    },
  },
  "flux-kontext-pro": {
    air: "bfl:3@1",
    size: (p) => runwareKontextSize(p.aspect_ratio, p.input_image),
    bflSettings: (p) => ({ promptUpsampling: p.prompt_upsampling, safetyTolerance: Math.min(RUNWARE_KONTEXT_SAFETY_MAX, p.safety_tolerance) }),
    settings: (p) => ({ inputs: { referenceImages: [p.input_image] } }),
    capabilities: {
      prompt,
      seed: common.seed!,
      num_images: common.num_images!,
      output_format: common.output_format!,
      prompt_upsampling: common.prompt_upsampling!,
      input_image: {
        treatment: "renamed",
        wire: `${RUNWARE_KONTEXT_IMAGE_FIELD}.0`,
        note: "sent inline as a data: URI, the only reference image (unconfirmed field: Runware's Kontext page does not name it)",
      },
      aspect_ratio: {
        treatment: "converted",
        wire: "width, height",
        note: "Runware has no aspect ratio for Kontext: one of its nine sizes (21:9 … 9:21) is sent as width/height; unset, the one closest to the input image's shape",
        warns: [
          {
            when: { kind: "shape", of: "aspect_ratio", shapes: RUNWARE_KONTEXT_SIZES.map((s) => `${s.ratio}=${s.width}x${s.height}`), match: "ratio", format: "×" },
            message: "Runware makes Kontext only in fixed sizes: {value} becomes {sent}, the nearest shape it offers",
          },
        ],
      },
      safety_tolerance: {
        treatment: "clamped",
        wire: "providerSettings.bfl.safetyTolerance",
        note: `BFL applies at most ${RUNWARE_KONTEXT_SAFETY_MAX} to an edit: higher values are sent as ${RUNWARE_KONTEXT_SAFETY_MAX}`,
        warns: [{ when: { kind: "outside", max: RUNWARE_KONTEXT_SAFETY_MAX }, message: `Kontext applies at most ${RUNWARE_KONTEXT_SAFETY_MAX} to an edit: {value} is sent as {sent}` }],
      },
    },
    price: { unit: "image", usd: 0.04, source: "https://runware.ai/docs/models/bfl-flux-1-kontext-pro (pricing: $0.04 at 1024×1024)", asOf: "2026-12-05" },
  },
  "flux-2-pro": {
    air: RUNWARE_FLUX2_AIR,
    // Width and height together, as given (Runware's limits UNVERIFIED; the model's 64–2048 by 16 is BFL's).
    size: (p) => ({ width: p.width, height: p.height }),
    bflSettings: bflTolerance,
    settings: (p) => (p.input_images?.length ? { inputs: { referenceImages: p.input_images } } : {}),
    capabilities: {
      prompt,
      seed: common.seed!,
      num_images: common.num_images!,
      output_format: common.output_format!,
      prompt_upsampling: common.prompt_upsampling!,
      safety_tolerance: common.safety_tolerance!,
      width: pass("width"),
      height: pass("height"),
      input_images: { treatment: "renamed", wire: RUNWARE_KONTEXT_IMAGE_FIELD, note: RUNWARE_FLUX2_REFERENCES_NOTE },
    },
    price: {
      ...FLUX2_LIST_PRICE_TIERS,
      source: "https://runware.ai/docs/models/bfl-flux-2-pro (pricing: 1k $0.03; PROVIDERS-MODELS.md §4)",
      asOf: "2026-12-05",
      note: "Listed for \"1k\" only: further and input megapixels at BFL's $0.015 are unconfirmed; live runs are billed from the cost Runware reports",
    },
  },
};
