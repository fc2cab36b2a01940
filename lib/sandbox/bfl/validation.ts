import { z } from "zod";
import { bflUltraSize, isUltraRatioInRange } from "../dialects/bfl-ultra-output";
import { inlineImageSize, kontextOutputSize } from "../dialects/kontext-output";

/**
 * BFL's own input rules (PROVIDERS.md A.2), enforced the way FastAPI reports them: 422 with
 * `detail: [{loc, msg, type, input}]`. Deliberately independent of our canonical schemas, so an
 * adapter that sends something BFL would refuse is caught by the sandbox.
 */
const multipleOf32 = (name: string) =>
  z
    .number()
    .int()
    .min(256)
    .max(1440)
    .refine((v) => v % 32 === 0, { message: `${name} must be a multiple of 32` });

const common = {
  prompt: z.string().nullish(),
  prompt_upsampling: z.boolean().optional(),
  seed: z.number().int().nullish(),
  safety_tolerance: z.number().int().min(0).max(6).optional(),
  output_format: z.enum(["jpeg", "png"]).nullish(),
  image_prompt: z.string().nullish(),
  webhook_url: z.string().url().min(1).max(2083).nullish(),
  webhook_secret: z.string().nullish(),
};

export const bflProInput = z
  .object({ ...common, width: multipleOf32("width").default(1024), height: multipleOf32("height").default(768) })
  .strict();

/** FLUX.1 [dev]'s steps (bfl-dev: 1–50, 28), PROVIDERS-MODELS.md §1. */
export const BFL_DEV_STEPS = { min: 1, max: 50 } as const;
// UNVERIFIED (PROVIDERS-MODELS.md §1: a comment in a recorded client's dto.go, not BFL's reference): 1.5–5, default 3.
export const BFL_DEV_GUIDANCE = { min: 1.5, max: 5 } as const;

export const bflDevInput = z
  .object({
    ...common,
    width: multipleOf32("width").default(1024),
    height: multipleOf32("height").default(768),
    steps: z.number().int().min(BFL_DEV_STEPS.min).max(BFL_DEV_STEPS.max).default(28),
    guidance: z.number().min(BFL_DEV_GUIDANCE.min).max(BFL_DEV_GUIDANCE.max).default(3),
  })
  .strict();

const ratio = z
  .string()
  .regex(/^\d+:\d+$/, { message: "aspect_ratio must be W:H" })
  .refine((v) => {
    const [w, h] = v.split(":").map(Number);
    return isUltraRatioInRange(w, h);
  }, { message: "Aspect ratio must be between 21:9 and 9:21" });

export const bflUltraInput = z
  .object({
    ...common,
    aspect_ratio: ratio.default("16:9"),
    raw: z.boolean().optional(),
    image_prompt_strength: z.number().min(0).max(1).optional(),
  })
  .strict();

/** bfl-kx's base64 alphabet (line breaks allowed) or an http(s) URL: what "Base64 encoded image or URL" admits. */
const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}$/;
const imageInput = z.string().refine((v) => /^https?:\/\//i.test(v) || BASE64.test(v), { message: "Image must be a base64 encoded string or a URL" });

/**
 * FLUX.1 Kontext [pro] (PROVIDERS-MODELS.md §3, bfl-kx): BFL takes no input_image for text-to-image,
 * but this app only edits, so the emulator asks for one. Default output png; no image_prompt.
 */
export const bflKontextInput = z
  .object({
    prompt: z.string(),
    input_image: imageInput,
    input_image_2: imageInput.nullish(),
    input_image_3: imageInput.nullish(),
    input_image_4: imageInput.nullish(),
    seed: common.seed,
    aspect_ratio: ratio.nullish(),
    output_format: z.enum(["jpeg", "png"]).default("png"),
    prompt_upsampling: common.prompt_upsampling,
    safety_tolerance: common.safety_tolerance,
    webhook_url: common.webhook_url,
    webhook_secret: common.webhook_secret,
  })
  .strict();

export type BflKontextInput = z.output<typeof bflKontextInput>;

/**
 * FLUX.2 [pro] (PROVIDERS-MODELS.md §4): width/height ≥ 64; a multiple of 16 and at most 4 MP in all
 * per bfl-skills (UNVERIFIED), the 4096 side from Runflow's limit (UNVERIFIED); tolerance 0–5;
 * references in `input_image`, `input_image_2`…`_8`.
 */
export const BFL_FLUX2 = { min: 64, max: 4096, step: 16, maxPixels: 4 * 1024 * 1024, maxSafetyTolerance: 5, inputImages: 8 } as const;
const flux2Side = (name: string) =>
  z
    .number()
    .int()
    .min(BFL_FLUX2.min)
    .max(BFL_FLUX2.max)
    .refine((v) => v % BFL_FLUX2.step === 0, { message: `${name} must be a multiple of ${BFL_FLUX2.step}` });
// FLUX.2 has no Redux image prompt: its references are the input images.
const { image_prompt: _imagePrompt, ...flux2Common } = common;
// UNVERIFIED: BFL documents no default size; the model's own default, 1024².
const flux2Images = Object.fromEntries(
  Array.from({ length: BFL_FLUX2.inputImages }, (_, i) => [i === 0 ? "input_image" : `input_image_${i + 1}`, z.string().min(1).nullish()]),
);

export const bflFlux2Input = z
  .object({
    ...flux2Common,
    safety_tolerance: z.number().int().min(0).max(BFL_FLUX2.maxSafetyTolerance).optional(),
    width: flux2Side("width").nullish().transform((v) => v ?? 1024),
    height: flux2Side("height").nullish().transform((v) => v ?? 1024),
    ...flux2Images,
  })
  .strict()
  .refine((v) => v.width * v.height <= BFL_FLUX2.maxPixels, { message: "width × height must be at most 4 megapixels", path: ["width"] });

/** The reference images of a FLUX.2 request, in order. */
export function bflFlux2Images(input: Record<string, unknown>): string[] {
  return Array.from({ length: BFL_FLUX2.inputImages }, (_, i) => input[i === 0 ? "input_image" : `input_image_${i + 1}`]).filter(
    (v): v is string => typeof v === "string" && v !== "",
  );
}

export type BflInput = z.output<typeof bflProInput> | z.output<typeof bflUltraInput> | z.output<typeof bflDevInput> | z.output<typeof bflFlux2Input> | BflKontextInput;

/** The size of the image BFL makes: the asked width×height, or Ultra's size for its aspect ratio. */
export function bflOutputSize(input: Exclude<BflInput, BflKontextInput>): { width: number; height: number } {
  return "aspect_ratio" in input ? bflUltraSize(input.aspect_ratio) : { width: input.width, height: input.height };
}

/**
 * Kontext's ~1 MP in the asked ratio, else in the input image's (a URL's shape is unknown: the
 * square); null when the inline input is no image BFL could read.
 */
export async function bflKontextOutputSize(input: BflKontextInput): Promise<{ width: number; height: number } | null> {
  const inline = !/^https?:\/\//i.test(input.input_image);
  if (inline && !(await inlineImageSize(input.input_image))) return null;
  return kontextOutputSize(input.aspect_ratio, input.input_image);
}

export function fastApiDetail(error: z.ZodError, body: unknown) {
  return error.issues.map((issue) => {
    const loc = ["body", ...issue.path.map((p) => (typeof p === "number" ? p : String(p)))];
    let input: unknown = body;
    for (const key of issue.path) input = (input as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey];
    return {
      type: issue.code === "unrecognized_keys" ? "extra_forbidden" : issue.code,
      loc,
      msg: issue.code === "unrecognized_keys" ? `Extra inputs are not permitted: ${issue.keys.join(", ")}` : issue.message,
      input,
    };
  });
}
