import { z } from "zod";
import { parseAspectRatio } from "@/lib/models/fields";
import { bflUltraSize, isUltraRatioInRange } from "../dialects/bfl-ultra-output";
import type { FormFields, ImageFormat, ImagesJob } from "../dialects/openai-images";
import { kontextOutputSize } from "../dialects/kontext-output";
import { lumenfallSnap } from "./sizes";

/**
 * Lumenfall's input rules (PROVIDERS.md E.2): the OpenAI fields plus BFL's own, which Lumenfall
 * passes upstream (where they are checked as BFL would). Unknown fields pass, as they do at
 * Lumenfall. Independent of our canonical schemas, so an adapter sending what Lumenfall would
 * refuse is caught here.
 */
/**
 * FLUX.2 [pro] (PROVIDERS-MODELS.md §4): sized from the same list (plus "auto"); its upstreams (fal,
 * Replicate) take tolerance 1–5; an edit takes up to 9 image files.
 */
export const LUMENFALL_FLUX2 = { safety: { min: 1, max: 5 }, maxImages: 9 } as const;

export const LUMENFALL_MODEL_IDS: Record<string, { ultra: boolean; defaultLatencyMs: number; maxSteps?: number; safety?: { min: number; max: number }; flux2?: true }> = {
  "flux1.1-pro": { ultra: false, defaultLatencyMs: 3000 },
  "flux-pro-1.1": { ultra: false, defaultLatencyMs: 3000 },
  "flux1.1-pro-ultra": { ultra: true, defaultLatencyMs: 5000 },
  // PROVIDERS-MODELS.md §1, §2 (with the aliases lf lists); sized from flux1.1-pro's table (UNVERIFIED).
  "flux.1-dev": { ultra: false, defaultLatencyMs: 3000, maxSteps: 50 },
  "flux-dev": { ultra: false, defaultLatencyMs: 3000, maxSteps: 50 },
  "flux.1-schnell": { ultra: false, defaultLatencyMs: 1000, maxSteps: 12 },
  "flux.2-pro": { ultra: false, defaultLatencyMs: 4000, safety: LUMENFALL_FLUX2.safety, flux2: true },
  "flux-2-pro": { ultra: false, defaultLatencyMs: 4000, safety: LUMENFALL_FLUX2.safety, flux2: true },
};

const SIZE_PATTERN = /^([1-9]\d{0,4})[x:]([1-9]\d{0,4})$/;
const DEFAULT_SIZE = "1024x1024";
// What the sandbox can render; gif and avif are Lumenfall conversions it does not reproduce.
const RENDERED_FORMATS = ["jpeg", "png", "webp"] as const;

export const lumenfallInput = z
  .object({
    model: z.string({ error: "model is required" }).min(1, { error: "model is required" }),
    prompt: z.string({ error: "prompt is required" }).trim().min(1, { error: "prompt is required" }),
    n: z.number().int().min(1).max(10).default(1),
    // "auto" (FLUX.2's list has it): the default size.
    size: z
      .string()
      .regex(SIZE_PATTERN, { error: 'size must be "WxH" (e.g. "1024x1024") or a ratio "W:H"' })
      .or(z.literal("auto").transform(() => undefined))
      .optional(),
    aspect_ratio: z.string().regex(/^\d+:\d+$/, { error: 'aspect_ratio must be "W:H"' }).optional(),
    resolution: z.string().optional(),
    response_format: z.enum(["url", "b64_json"]).default("url"),
    output_format: z.enum(["png", "jpeg", "gif", "webp", "avif"]).default("jpeg"),
    output_compression: z.number().int().min(0).max(100).optional(),
    quality: z.string().optional(),
    style: z.string().optional(),
    user: z.string().optional(),
    seed: z.number().int().min(0).optional(),
    raw: z.boolean().optional(),
    prompt_upsampling: z.boolean().optional(),
    safety_tolerance: z.number().int().min(0).max(6).optional(),
    image_prompt: z.string().min(1).optional(),
    image_prompt_strength: z.number().min(0).max(1).optional(),
    // FLUX.1's fields under fal's names, checked as fal would (PROVIDERS-MODELS.md §1: steps 1–50, guidance 1–20).
    num_inference_steps: z.number().int().min(1).max(50).optional(),
    guidance_scale: z.number().min(1).max(20).optional(),
    enable_safety_checker: z.boolean().optional(),
  })
  .passthrough();
export type LumenfallInput = z.output<typeof lumenfallInput>;

export type LumenfallCheck =
  | { ok: true; job: Omit<ImagesJob, "params"> }
  | { ok: false; status: 400 | 404; message: string; param: string | null; code: "INVALID_REQUEST" | "MODEL_NOT_FOUND" };

const invalid = (message: string, param: string | null): LumenfallCheck => ({ ok: false, status: 400, message, param, code: "INVALID_REQUEST" });

/** The job of an accepted request: what every Lumenfall request shares, at the size its model makes. */
function accepted(
  input: { model: string; prompt: string; n: number; seed?: number | null; output_format: string; response_format: string },
  size: { width: number; height: number },
  defaultLatencyMs: number,
): LumenfallCheck {
  return {
    ok: true,
    job: {
      model: input.model,
      prompt: input.prompt,
      n: input.n,
      seed: input.seed ?? null,
      ...size,
      format: input.output_format as ImageFormat,
      inline: input.response_format === "b64_json",
      defaultLatencyMs,
    },
  };
}

/** Lumenfall's 400 for a body its schema refuses: the first issue, named by its parameter. */
function refusal(error: z.ZodError): LumenfallCheck {
  const issue = error.issues[0];
  const param = issue.path.length ? issue.path.map(String).join(".") : null;
  return invalid(param ? `Invalid parameter ${param}: ${issue.message}` : `Invalid request: ${issue.message}`, param);
}

/** The ratio a request asks for: aspect_ratio first, else the ratio of size; null when none. */
function requestedRatio(input: LumenfallInput): { w: number; h: number } | null {
  if (input.aspect_ratio) return parseAspectRatio(input.aspect_ratio);
  const match = SIZE_PATTERN.exec(input.size ?? DEFAULT_SIZE)!;
  return { w: Number(match[1]), h: Number(match[2]) };
}

export function checkLumenfallInput(body: unknown): LumenfallCheck {
  const parsed = lumenfallInput.safeParse(body);
  if (!parsed.success) return refusal(parsed.error);
  const input = parsed.data;
  const model = LUMENFALL_MODEL_IDS[input.model];
  if (!model) return { ok: false, status: 404, message: `Model '${input.model}' not found`, param: "model", code: "MODEL_NOT_FOUND" };
  if (!(RENDERED_FORMATS as readonly string[]).includes(input.output_format)) {
    return invalid(`output_format ${input.output_format} is not rendered by the sandbox (use jpeg, png or webp)`, "output_format");
  }
  if (model.maxSteps !== undefined && input.num_inference_steps !== undefined && input.num_inference_steps > model.maxSteps) {
    return invalid(`Invalid parameter num_inference_steps: must be at most ${model.maxSteps} for ${input.model}`, "num_inference_steps");
  }
  if (model.safety && input.safety_tolerance !== undefined && (input.safety_tolerance < model.safety.min || input.safety_tolerance > model.safety.max)) {
    return invalid(`Invalid parameter safety_tolerance: must be between ${model.safety.min} and ${model.safety.max} for ${input.model}`, "safety_tolerance");
  }
  const ratio = requestedRatio(input);
  if (!ratio) return invalid('aspect_ratio must be "W:H"', "aspect_ratio");
  let size: { width: number; height: number };
  if (model.ultra) {
    // Ultra goes upstream (fal or Replicate, E.1) to BFL, whose ratio range and sizes apply.
    if (!isUltraRatioInRange(ratio.w, ratio.h)) return invalid("Aspect ratio must be between 21:9 and 9:21", input.aspect_ratio ? "aspect_ratio" : "size");
    size = bflUltraSize(`${ratio.w}:${ratio.h}`);
  } else {
    size = lumenfallSnap(ratio.w, ratio.h);
  }
  return accepted(input, size, model.defaultLatencyMs);
}

/**
 * Lumenfall's Kontext edit (PROVIDERS-MODELS.md §3, lf): `POST /images/edits`, multipart, one
 * `image` file (max 1 input), the other fields as form text. BFL's fields go upstream as for
 * generations; the size is BFL's: the asked ratio's, else the input image's shape at ~1 MP.
 */
export const LUMENFALL_EDIT_MODEL_IDS: Record<string, { defaultLatencyMs: number }> = {
  "flux.1-kontext-pro": { defaultLatencyMs: 4000 },
  "flux-kontext-pro": { defaultLatencyMs: 4000 },
};

const formInteger = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, { error: "must be an integer" })
    .transform(Number)
    .pipe(z.number().min(min, { error: `must be at least ${min}` }).max(max, { error: `must be at most ${max}` }));
const formBoolean = z.enum(["true", "false"], { error: 'must be "true" or "false"' }).transform((v) => v === "true");

export const lumenfallEditInput = z
  .object({
    model: z.string({ error: "model is required" }).min(1, { error: "model is required" }),
    prompt: z.string({ error: "prompt is required" }).trim().min(1, { error: "prompt is required" }),
    image: z
      .string({ error: "image is required" })
      .regex(/^data:image\/(png|jpeg|jpg|webp|gif);base64,/, { error: "image must be an uploaded image file (png, jpeg, webp or gif)" }),
    n: formInteger(1, 10).default(1),
    response_format: z.enum(["url", "b64_json"]).default("url"),
    output_format: z.enum(["png", "jpeg", "webp"]).default("jpeg"),
    seed: formInteger(0, Number.MAX_SAFE_INTEGER).optional(),
    aspect_ratio: z.string().regex(/^\d+:\d+$/, { error: 'aspect_ratio must be "W:H"' }).optional(),
    safety_tolerance: formInteger(0, 6).optional(),
    prompt_upsampling: formBoolean.optional(),
  })
  .passthrough();

export async function checkLumenfallEdit(fields: FormFields): Promise<LumenfallCheck> {
  if (typeof fields.model === "string" && LUMENFALL_MODEL_IDS[fields.model]?.flux2) return checkFlux2Edit(fields);
  const parsed = lumenfallEditInput.safeParse(fields);
  if (!parsed.success) return refusal(parsed.error);
  const input = parsed.data;
  const model = LUMENFALL_EDIT_MODEL_IDS[input.model];
  if (!model) {
    if (LUMENFALL_MODEL_IDS[input.model]) return invalid(`Model '${input.model}' does not support image edits`, "model");
    return { ok: false, status: 404, message: `Model '${input.model}' not found`, param: "model", code: "MODEL_NOT_FOUND" };
  }
  if (input.aspect_ratio) {
    const ratio = parseAspectRatio(input.aspect_ratio);
    if (!ratio || !isUltraRatioInRange(ratio.w, ratio.h)) return invalid("Aspect ratio must be between 21:9 and 9:21", "aspect_ratio");
  }
  const size = await kontextOutputSize(input.aspect_ratio, input.image);
  return accepted(input, size, model.defaultLatencyMs);
}

/** FLUX.2's edit form: prompt, 1–9 image files (`image`, or OpenAI's list `image[]`), size from the list, its fields. */
const lumenfallFlux2EditInput = z
  .object({
    model: z.string(),
    prompt: z.string({ error: "prompt is required" }).trim().min(1, { error: "prompt is required" }),
    n: formInteger(1, 10).default(1),
    size: z.string().regex(SIZE_PATTERN, { error: 'size must be "WxH" (e.g. "1024x1024")' }).or(z.literal("auto")).default("auto"),
    response_format: z.enum(["url", "b64_json"]).default("url"),
    output_format: z.enum(["png", "jpeg", "webp"]).default("jpeg"),
    seed: formInteger(0, Number.MAX_SAFE_INTEGER).optional(),
    safety_tolerance: formInteger(LUMENFALL_FLUX2.safety.min, LUMENFALL_FLUX2.safety.max).optional(),
  })
  .passthrough();

const IMAGE_FILE = /^data:image\/(png|jpeg|jpg|webp|gif);base64,/;

/** FLUX.2's edit: its images (one to nine files) and the listed size nearest the asked one ("auto": 1024x1024, UNVERIFIED). */
function checkFlux2Edit(fields: FormFields): LumenfallCheck {
  const parsed = lumenfallFlux2EditInput.safeParse(fields);
  if (!parsed.success) return refusal(parsed.error);
  const input = parsed.data;
  const images = [fields.image ?? [], fields["image[]"] ?? []].flat();
  if (images.length < 1 || images.length > LUMENFALL_FLUX2.maxImages) return invalid(`image: ${input.model} takes 1 to ${LUMENFALL_FLUX2.maxImages} image files`, "image");
  if (!images.every((image) => IMAGE_FILE.test(image))) return invalid("image must be an uploaded image file (png, jpeg, webp or gif)", "image");
  const match = SIZE_PATTERN.exec(input.size === "auto" ? DEFAULT_SIZE : input.size)!;
  return accepted(input, lumenfallSnap(Number(match[1]), Number(match[2])), LUMENFALL_MODEL_IDS[input.model]!.defaultLatencyMs);
}
