import { z } from "zod";
import { parseAspectRatio } from "@/lib/models/fields";
import { isUltraRatioInRange } from "../dialects/bfl-ultra-output";
import { kontextOutputSize, kontextSizeForRatio } from "../dialects/kontext-output";
import type { ImageFormat, ImagesJob } from "../dialects/openai-images";

/**
 * Together's input rules for `POST /v1/images/generations` (PROVIDERS.md H, tg-docs). Fields of
 * other models (steps, guidance_scale, negative_prompt, image_loras) are accepted and unused, as
 * are unknown ones (an OpenAI client's `size`). Independent of our canonical schemas.
 */
export const TOGETHER_FLUX_PRO = "black-forest-labs/FLUX.1.1-pro";
export const TOGETHER_FLUX_SCHNELL = "black-forest-labs/FLUX.1-schnell";
/** PROVIDERS-MODELS.md §3 (tg): an edit of `image_url`. */
export const TOGETHER_FLUX_KONTEXT_PRO = "black-forest-labs/FLUX.1-kontext-pro";
/** PROVIDERS-MODELS.md §4 (tg): FLUX.2 [pro], references in `reference_images`. */
export const TOGETHER_FLUX2_PRO = "black-forest-labs/FLUX.2-pro";

/** UNVERIFIED (PROVIDERS.md H: "BFL limits 256–1440 and multiples of 32 probably apply"): FLUX.1's sizes. */
export const TOGETHER_DIMENSION = { min: 256, max: 1440, step: 32, default: 1024, maxPixels: null } as const;

/**
 * FLUX.2's sizes at Together, UNVERIFIED (tg documents width/height only, and claims "up to 9 MP output"):
 * BFL's own rule for the model, sides by 16 from 64, at most 4 MP, 1024² by default.
 */
export const TOGETHER_FLUX2_DIMENSION = { min: 64, max: 4096, step: 16, default: 1024, maxPixels: 4 * 1024 * 1024 } as const;
/** UNVERIFIED: BFL's eight references (tg gives no maximum). */
export const TOGETHER_FLUX2_MAX_REFERENCES = 8;

type Dimension = { min: number; max: number; step: number; default: number; maxPixels: number | null };

/**
 * The models the sandbox serves, with their step range and sizes. UNVERIFIED (tg-docs give a generic default
 * of 20 and "recommend 4" for schnell): 1–12 for schnell, as fal's; 1.1 [pro] ignores steps.
 * FLUX.1-dev is dedicated-only at Together (PROVIDERS-MODELS.md §1): refused like any unknown model.
 */
export const TOGETHER_MODELS: Record<string, { maxSteps: number | null; defaultLatencyMs: number; dimension: Dimension; edit?: true; references?: number }> = {
  [TOGETHER_FLUX_PRO]: { maxSteps: null, defaultLatencyMs: 3000, dimension: TOGETHER_DIMENSION },
  [TOGETHER_FLUX_SCHNELL]: { maxSteps: 12, defaultLatencyMs: 1000, dimension: TOGETHER_DIMENSION },
  [TOGETHER_FLUX_KONTEXT_PRO]: { maxSteps: null, defaultLatencyMs: 4000, dimension: TOGETHER_DIMENSION, edit: true },
  [TOGETHER_FLUX2_PRO]: { maxSteps: null, defaultLatencyMs: 4000, dimension: TOGETHER_FLUX2_DIMENSION, references: TOGETHER_FLUX2_MAX_REFERENCES },
};

/**
 * tg-docs list "base64" and "url". "b64_json" is accepted too (UNVERIFIED): it is what the
 * OpenAI SDK sends, and Together documents `images.generate` through that SDK as supported.
 */
export const TOGETHER_RESPONSE_FORMATS = ["url", "base64", "b64_json"] as const;

// The range depends on the model: checked in checkTogetherInput once the model is known.
const dimension = (name: string) => z.number({ error: `${name} must be an integer` }).int({ error: `${name} must be an integer` }).optional();

/** The first size rule a side breaks for this model, or null. */
function sizeProblem(name: string, value: number, d: Dimension): string | null {
  if (value < d.min) return `${name} must be at least ${d.min}`;
  if (value > d.max) return `${name} must be at most ${d.max}`;
  if (value % d.step !== 0) return `${name} must be a multiple of ${d.step}`;
  return null;
}

/** A URL or a data: image, as Together's image fields take them (data: URLs UNVERIFIED). */
const isImageRef = (v: unknown) => typeof v === "string" && /^(https?:\/\/|data:image\/)/.test(v);

export const togetherInput = z
  .object({
    model: z.string({ error: "model is required" }).min(1, { error: "model is required" }),
    prompt: z.string({ error: "prompt is required" }).trim().min(1, { error: "prompt is required" }),
    width: dimension("width"),
    height: dimension("height"),
    n: z.number().int().min(1, { error: "n must be between 1 and 4" }).max(4, { error: "n must be between 1 and 4" }).default(1),
    seed: z.number().int().optional(),
    steps: z.number().int().min(1).optional(),
    response_format: z.enum(TOGETHER_RESPONSE_FORMATS, { error: "response_format must be one of: base64, url" }).default("url"),
    output_format: z.enum(["jpeg", "png"], { error: "output_format must be one of: jpeg, png" }).default("jpeg"),
    image_url: z.string().min(1).optional(),
    reference_images: z.array(z.string(), { error: "reference_images must be a list of image URLs" }).optional(),
    aspect_ratio: z.string().regex(/^\d+:\d+$/, { error: 'aspect_ratio must be "W:H"' }).optional(),
    disable_safety_checker: z.boolean().optional(),
    negative_prompt: z.string().optional(),
    guidance_scale: z.number().optional(),
  })
  .passthrough();

export type TogetherCheck =
  | { ok: true; job: Omit<ImagesJob, "params"> }
  | { ok: false; status: 400 | 404; message: string; param: string | null; code: string | null };

export function checkTogetherInput(body: unknown): TogetherCheck {
  const parsed = togetherInput.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue.path.length ? issue.path.map(String).join(".") : null;
    return { ok: false, status: 400, message: issue.message, param, code: null };
  }
  const input = parsed.data;
  const model = TOGETHER_MODELS[input.model];
  if (!model) {
    return {
      ok: false,
      status: 404,
      message: `Unable to access model ${input.model}. Please visit https://api.together.ai/models to view the list of supported models.`,
      param: null,
      code: "model_not_available",
    };
  }
  if (model.maxSteps !== null && input.steps !== undefined && input.steps > model.maxSteps) {
    return { ok: false, status: 400, message: `steps must be between 1 and ${model.maxSteps} for ${input.model}`, param: "steps", code: null };
  }
  const refuse = (message: string, param: string): TogetherCheck => ({ ok: false, status: 400, message, param, code: null });
  const width = input.width ?? model.dimension.default;
  const height = input.height ?? model.dimension.default;
  for (const [name, value] of [["width", width], ["height", height]] as const) {
    const problem = sizeProblem(name, value, model.dimension);
    if (problem) return refuse(problem, name);
  }
  if (model.dimension.maxPixels !== null && width * height > model.dimension.maxPixels) {
    return refuse(`width × height must be at most ${model.dimension.maxPixels / (1024 * 1024)} megapixels for ${input.model}`, "width");
  }
  if (input.reference_images !== undefined) {
    if (!model.references) return refuse(`reference_images is not supported for ${input.model}`, "reference_images");
    if (input.reference_images.length > model.references) return refuse(`reference_images takes at most ${model.references} images`, "reference_images");
    const bad = input.reference_images.findIndex((v) => !isImageRef(v));
    if (bad >= 0) return refuse("reference_images must be image URLs", `reference_images.${bad}`);
  }
  return {
    ok: true,
    job: {
      model: input.model,
      prompt: input.prompt,
      n: input.n,
      seed: input.seed ?? null,
      width,
      height,
      format: input.output_format as ImageFormat,
      inline: input.response_format !== "url",
      defaultLatencyMs: model.defaultLatencyMs,
    },
  };
}

/**
 * Kontext's size at Together (tg, UNVERIFIED which applies: the docs say Kontext sizes by
 * aspect_ratio, their example sends width/height): aspect_ratio first, else width/height when
 * sent, else about 1 MP of the input image's shape, as BFL makes it.
 */
async function kontextSizeOf(body: Record<string, unknown>, imageUrl: string, aspectRatio: string | undefined) {
  if (aspectRatio) return kontextOutputSize(aspectRatio, imageUrl);
  if (typeof body.width === "number" && typeof body.height === "number") return kontextSizeForRatio(body.width, body.height);
  return kontextOutputSize(undefined, imageUrl);
}

/** The check of checkTogetherInput, and an edit's own: its image and the size it makes. */
export async function checkTogetherRequest(body: unknown): Promise<TogetherCheck> {
  const check = checkTogetherInput(body);
  const input = body as Record<string, unknown>;
  if (!check.ok || !TOGETHER_MODELS[check.job.model]?.edit) return check;
  const imageUrl = input.image_url;
  // UNVERIFIED (tg documents a URL): data: URLs are taken too, the only kind we can send.
  if (typeof imageUrl !== "string" || !isImageRef(imageUrl)) {
    return { ok: false, status: 400, message: `image_url is required for ${check.job.model} (an image URL)`, param: "image_url", code: null };
  }
  const aspectRatio = typeof input.aspect_ratio === "string" ? input.aspect_ratio : undefined;
  const ratio = aspectRatio ? parseAspectRatio(aspectRatio) : null;
  if (aspectRatio && (!ratio || !isUltraRatioInRange(ratio.w, ratio.h))) {
    return { ok: false, status: 400, message: "aspect_ratio must be between 21:9 and 9:21", param: "aspect_ratio", code: null };
  }
  return { ok: true, job: { ...check.job, ...(await kontextSizeOf(input, imageUrl, aspectRatio)) } };
}
