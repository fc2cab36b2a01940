import { z } from "zod";
import { bflUltraSize, isUltraRatioInRange } from "./bfl-ultra-output";
import { kontextOutputSize, kontextSize } from "./kontext-output";

/**
 * The fal dialect: fal's FLUX 1.1 and FLUX.1 input rules (PROVIDERS.md B.3/B.4; @fal-ai/client's FluxProV11Input,
 * FluxProV11UltraInput, FluxDevInput and FluxSchnellInput), reported as fal's FastAPI app does: 422 with `detail: [{loc, msg, type}]`.
 * Independent of our canonical schemas, so an adapter sending what fal would refuse (an integer
 * safety_tolerance, a width fal would not take) is caught. Unknown fields are ignored, as pydantic
 * does by default. Shared by the fal and Runflow emulators: Runflow's FLUX inputs mirror fal's (G.2).
 */
const DOCS = "https://docs.fal.ai/errors";

/** fal's image_size presets (PROVIDERS.md B.3), kept apart from the adapter's table so each checks the other. */
const IMAGE_SIZE_PRESETS = {
  square_hd: { width: 1024, height: 1024 },
  square: { width: 512, height: 512 },
  portrait_4_3: { width: 768, height: 1024 },
  portrait_16_9: { width: 576, height: 1024 },
  landscape_4_3: { width: 1024, height: 768 },
  landscape_16_9: { width: 1024, height: 576 },
} as const;
type ImageSizePreset = keyof typeof IMAGE_SIZE_PRESETS;
const typed = (type: string, message: string) => ({ message, params: { type } });

const integer = (min: number, max: number) =>
  z
    .number({ error: "Input should be a valid integer" })
    .int({ error: "Input should be a valid integer" })
    .min(min, { error: `Input should be greater than or equal to ${min}` })
    .max(max, { error: `Input should be less than or equal to ${max}` });

// Custom sizes pass on to BFL, whose 256–1440, multiple-of-32 rule applies (error text UNVERIFIED).
const side = integer(256, 1440).refine((v) => v % 32 === 0, typed("multiple_of", "Input should be a multiple of 32"));
const PRESETS = Object.keys(IMAGE_SIZE_PRESETS) as [ImageSizePreset, ...ImageSizePreset[]];
const quoted = (values: readonly string[]) => `${values.slice(0, -1).map((v) => `'${v}'`).join(", ")} or '${values.at(-1)}'`;

const imageSize = z.union([
  z.enum(PRESETS, { error: `Input should be ${quoted(PRESETS)}` }),
  z.object({ width: side, height: side }),
]);

const SAFETY_LEVELS = ["1", "2", "3", "4", "5", "6"] as const;
const FORMATS = ["jpeg", "png"] as const;

const aspectRatio = z
  .string({ error: "Input should be a valid string" })
  .refine((v) => /^\d+:\d+$/.test(v), typed("value_error", "Value error, aspect_ratio must look like W:H"))
  .refine((v) => {
    const [w, h] = v.split(":").map(Number);
    return isUltraRatioInRange(w, h);
  }, typed("value_error", "Value error, aspect ratio must be between 21:9 and 9:21"));

const imageUrlOf = (types: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? "Field required" : "Input should be a valid string") })
    .refine(
      (v) => /^https?:\/\//.test(v) || new RegExp(`^data:image/(${types});base64,[A-Za-z0-9+/]+={0,2}$`).test(v),
      typed("image_load_error", "Failed to load the image. Please ensure the image file is not corrupted and is in a supported format."),
    );
const imageUrl = imageUrlOf("png|jpeg|jpg|webp");

const common = {
  prompt: z.string({ error: (issue) => (issue.input === undefined ? "Field required" : "Input should be a valid string") }),
  num_images: integer(1, 4).default(1),
  output_format: z.enum(FORMATS, { error: `Input should be ${quoted(FORMATS)}` }).default("jpeg"),
  safety_tolerance: z.enum(SAFETY_LEVELS, { error: `Input should be ${quoted(SAFETY_LEVELS)}` }).default("2"),
  seed: z.number({ error: "Input should be a valid integer" }).int({ error: "Input should be a valid integer" }).nullish(),
  enhance_prompt: z.boolean({ error: "Input should be a valid boolean" }).optional(),
  sync_mode: z.boolean({ error: "Input should be a valid boolean" }).optional(),
  enable_safety_checker: z.boolean({ error: "Input should be a valid boolean" }).optional(),
};

export const falProInput = z.object({ ...common, image_size: imageSize.default("landscape_4_3") });

export const falUltraInput = z.object({
  ...common,
  aspect_ratio: aspectRatio.default("16:9"),
  raw: z.boolean({ error: "Input should be a valid boolean" }).optional(),
  image_url: imageUrl.optional(),
  image_prompt_strength: z
    .number({ error: "Input should be a valid number" })
    .min(0, { error: "Input should be greater than or equal to 0" })
    .max(1, { error: "Input should be less than or equal to 1" })
    .default(0.1),
});

/** fal's FLUX.1 apps (fal-docs, fal-js `FluxDevInput`/`FluxSchnellInput`, PROVIDERS-MODELS.md §1, §2): no tolerance, an on/off checker. */
export const FAL_DEV_STEPS = { min: 1, max: 50, default: 28 } as const;
export const FAL_SCHNELL_STEPS = { min: 1, max: 12, default: 4 } as const;
const ACCELERATIONS = ["none", "regular", "high"] as const;

/** A FLUX.1 input's rules: its steps range and its acceleration default differ by app and host. */
export const flux1Input = (steps: { min: number; max: number; default: number }, acceleration: (typeof ACCELERATIONS)[number] = "none") => z.object({
  prompt: common.prompt,
  num_images: common.num_images,
  output_format: common.output_format,
  seed: common.seed,
  sync_mode: common.sync_mode,
  enable_safety_checker: z.boolean({ error: "Input should be a valid boolean" }).default(true),
  image_size: imageSize.default("landscape_4_3"),
  num_inference_steps: integer(steps.min, steps.max).default(steps.default),
  guidance_scale: z
    .number({ error: "Input should be a valid number" })
    .min(1, { error: "Input should be greater than or equal to 1" })
    .max(20, { error: "Input should be less than or equal to 20" })
    .default(3.5),
  acceleration: z.enum(ACCELERATIONS, { error: `Input should be ${quoted(ACCELERATIONS)}` }).default(acceleration),
});

export const falDevInput = flux1Input(FAL_DEV_STEPS);
export const falSchnellInput = flux1Input(FAL_SCHNELL_STEPS);

/**
 * fal's and Runflow's FLUX.1 Kontext [pro] edit (fal-docs, fal-js `FluxProKontextInput`, PROVIDERS-MODELS.md §3):
 * `image_url` required (URL or data URI; jpg/png/webp/gif/avif), aspect_ratio one of nine or unset
 * (then the input image's shape: UNVERIFIED, §3), tolerance "1"–"6", guidance_scale 1–20 (3.5).
 */
export const FAL_KONTEXT_RATIOS = ["21:9", "16:9", "4:3", "3:2", "1:1", "2:3", "3:4", "9:16", "9:21"] as const;
export const falKontextInput = z.object({
  ...common,
  image_url: imageUrlOf("png|jpeg|jpg|webp|gif|avif"),
  aspect_ratio: z.enum(FAL_KONTEXT_RATIOS, { error: `Input should be ${quoted(FAL_KONTEXT_RATIOS)}` }).optional(),
  guidance_scale: z
    .number({ error: "Input should be a valid number" })
    .min(1, { error: "Input should be greater than or equal to 1" })
    .max(20, { error: "Input should be less than or equal to 20" })
    .default(3.5),
});

/**
 * fal's FLUX.2 [pro] apps (PROVIDERS-MODELS.md §4, fal-docs, fal-js): no num_images, steps or
 * guidance; tolerance "1"–"5"; the edit app requires `image_urls`. Custom sizes pass on to BFL, so
 * BFL's FLUX.2 rule applies (64–4096, a multiple of 16, at most 4 MP: UNVERIFIED, as BFL's is).
 */
export const FAL_FLUX2 = { min: 64, max: 4096, step: 16, maxPixels: 4 * 1024 * 1024, safetyLevels: ["1", "2", "3", "4", "5"] } as const;
const flux2Side = integer(FAL_FLUX2.min, FAL_FLUX2.max).refine((v) => v % FAL_FLUX2.step === 0, typed("multiple_of", `Input should be a multiple of ${FAL_FLUX2.step}`));
const flux2Size = z.union([
  z.enum(PRESETS, { error: `Input should be ${quoted(PRESETS)}` }),
  z
    .object({ width: flux2Side, height: flux2Side })
    .refine((s) => s.width * s.height <= FAL_FLUX2.maxPixels, typed("value_error", "Value error, image_size must be at most 4 megapixels")),
]);
const flux2Common = {
  prompt: common.prompt,
  output_format: common.output_format,
  seed: common.seed,
  sync_mode: common.sync_mode,
  safety_tolerance: z.enum(FAL_FLUX2.safetyLevels, { error: `Input should be ${quoted(FAL_FLUX2.safetyLevels)}` }).default("2"),
  enable_safety_checker: z.boolean({ error: "Input should be a valid boolean" }).default(true),
};
// One image per request: the app has no num_images (an extra field is ignored, as pydantic does).
const oneImage = <T extends object>(input: T) => ({ ...input, num_images: 1 as const });
export const falFlux2Input = z.object({ ...flux2Common, image_size: flux2Size.default("landscape_4_3") }).transform(oneImage);
// "auto" (the edit's default) follows the first reference's size: UNVERIFIED, and unknown here, so the square stands in.
export const falFlux2EditInput = z
  .object({
    ...flux2Common,
    image_size: z.union([z.literal("auto"), flux2Size]).default("auto"),
    image_urls: z.array(imageUrl, { error: (issue) => (issue.input === undefined ? "Field required" : "Input should be a valid list") }).min(1, { error: "List should have at least 1 item after validation" }),
  })
  .transform((input) => oneImage({ ...input, image_size: input.image_size === "auto" ? ("square_hd" as const) : input.image_size }));

export type FalProInput = z.output<typeof falProInput>;
export type FalUltraInput = z.output<typeof falUltraInput>;
export type FalFlux1Input = z.output<typeof falDevInput>;
export type FalKontextInput = z.output<typeof falKontextInput>;
export type FalFlux2Input = z.output<typeof falFlux2Input> | z.output<typeof falFlux2EditInput>;
export type FalInput = FalProInput | FalUltraInput | FalFlux1Input | FalFlux2Input | FalKontextInput;

const isKontext = (input: FalInput): input is FalKontextInput => "image_url" in input && "guidance_scale" in input;

/**
 * The pixel size each output image has: a preset's, the custom size, or what BFL makes for Ultra
 * and Kontext (fal forwards them). A Kontext edit with no ratio needs its input image: see falEditOutputSize.
 */
export function falOutputSize(input: FalInput): { width: number; height: number } {
  if (isKontext(input)) return input.aspect_ratio ? kontextSize(input.aspect_ratio) : kontextSize("1:1");
  if ("aspect_ratio" in input) return bflUltraSize(input.aspect_ratio);
  return typeof input.image_size === "string" ? IMAGE_SIZE_PRESETS[input.image_size] : input.image_size;
}

/** The size as falOutputSize, where a Kontext edit with no ratio takes its input image's shape (decoded). */
export async function falEditOutputSize(input: FalInput): Promise<{ width: number; height: number }> {
  return isKontext(input) ? kontextOutputSize(input.aspect_ratio, input.image_url) : falOutputSize(input);
}

export interface FalValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
  url: string;
  input: unknown;
}

const valueAt = (body: unknown, path: PropertyKey[]) =>
  path.reduce<unknown>((value, key) => (value as Record<PropertyKey, unknown> | undefined)?.[key], body);

function pydanticType(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case "invalid_type":
      if (input === undefined) return "missing";
      return ({ int: "int_type", number: "float_type", string: "string_type", boolean: "bool_type", object: "dict_type" } as Record<string, string>)[issue.expected] ?? "type_error";
    case "too_small":
      return "greater_than_equal";
    case "too_big":
      return "less_than_equal";
    case "invalid_value":
      return "enum";
    case "custom":
      return String((issue.params as { type?: unknown } | undefined)?.type ?? "value_error");
    default:
      return "value_error";
  }
}

/** A union's complaint is the complaint of the branch that matched the value's type. */
function flatten(issues: z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== "invalid_union" || issue.errors.length === 0) return [issue];
    const branches = issue.errors.map((branch) => branch.map((i) => ({ ...i, path: [...issue.path, ...i.path] })));
    const matching = branches.find((branch) => !branch.some((i) => i.code === "invalid_type" && i.path.length === issue.path.length)) ?? branches[0];
    return flatten(matching);
  });
}

/** zod issues as fal's FastAPI `detail` entries. */
export function falValidationDetail(error: z.ZodError, body: unknown): FalValidationIssue[] {
  return flatten(error.issues).map((issue) => {
    const input = valueAt(body, issue.path);
    const type = pydanticType(issue, input);
    return {
      loc: ["body", ...issue.path.map((p) => (typeof p === "number" ? p : String(p)))],
      msg: type === "missing" ? "Field required" : issue.message,
      type,
      url: `${DOCS}#${type}`,
      input,
    };
  });
}
