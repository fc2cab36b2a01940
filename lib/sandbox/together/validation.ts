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

/**
 * The models the sandbox serves, with their step range. UNVERIFIED (tg-docs give a generic default
 * of 20 and "recommend 4" for schnell): 1–12 for schnell, as fal's; 1.1 [pro] ignores steps.
 * FLUX.1-dev is dedicated-only at Together (PROVIDERS-MODELS.md §1): refused like any unknown model.
 */
export const TOGETHER_MODELS: Record<string, { maxSteps: number | null; defaultLatencyMs: number; edit?: true }> = {
  [TOGETHER_FLUX_PRO]: { maxSteps: null, defaultLatencyMs: 3000 },
  [TOGETHER_FLUX_SCHNELL]: { maxSteps: 12, defaultLatencyMs: 1000 },
  [TOGETHER_FLUX_KONTEXT_PRO]: { maxSteps: null, defaultLatencyMs: 4000, edit: true },
};

/** UNVERIFIED (PROVIDERS.md H: "BFL limits 256–1440 and multiples of 32 probably apply"). */
export const TOGETHER_DIMENSION = { min: 256, max: 1440, step: 32, default: 1024 } as const;

/**
 * tg-docs list "base64" and "url". "b64_json" is accepted too (UNVERIFIED): it is what the
 * OpenAI SDK sends, and Together documents `images.generate` through that SDK as supported.
 */
export const TOGETHER_RESPONSE_FORMATS = ["url", "base64", "b64_json"] as const;

const dimension = (name: string) =>
  z
    .number({ error: `${name} must be an integer` })
    .int({ error: `${name} must be an integer` })
    .min(TOGETHER_DIMENSION.min, { error: `${name} must be at least ${TOGETHER_DIMENSION.min}` })
    .max(TOGETHER_DIMENSION.max, { error: `${name} must be at most ${TOGETHER_DIMENSION.max}` })
    .refine((v) => v % TOGETHER_DIMENSION.step === 0, { error: `${name} must be a multiple of ${TOGETHER_DIMENSION.step}` })
    .default(TOGETHER_DIMENSION.default);

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
  return {
    ok: true,
    job: {
      model: input.model,
      prompt: input.prompt,
      n: input.n,
      seed: input.seed ?? null,
      width: input.width,
      height: input.height,
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
  if (typeof imageUrl !== "string" || !/^(https?:\/\/|data:image\/)/.test(imageUrl)) {
    return { ok: false, status: 400, message: `image_url is required for ${check.job.model} (an image URL)`, param: "image_url", code: null };
  }
  const aspectRatio = typeof input.aspect_ratio === "string" ? input.aspect_ratio : undefined;
  const ratio = aspectRatio ? parseAspectRatio(aspectRatio) : null;
  if (aspectRatio && (!ratio || !isUltraRatioInRange(ratio.w, ratio.h))) {
    return { ok: false, status: 400, message: "aspect_ratio must be between 21:9 and 9:21", param: "aspect_ratio", code: null };
  }
  return { ok: true, job: { ...check.job, ...(await kontextSizeOf(input, imageUrl, aspectRatio)) } };
}
