import { z } from "zod";
import type { FieldUi } from "./fields";
import { fluxPro11, type FluxPro11Params } from "./flux-pro-1.1";
import { fluxPro11Ultra, type FluxPro11UltraParams } from "./flux-pro-1.1-ultra";
import { fluxDev } from "./flux-dev";
import { fluxSchnell } from "./flux-schnell";
import { fluxKontextPro } from "./flux-kontext-pro";
import { flux2Pro } from "./flux-2-pro";
import { MODEL_IDS, type ModelId } from "./catalog";
import { parseInput } from "@/lib/validation/input";

export { MODEL_FACTS, MODEL_IDS, MODEL_NAMES, modelFacts, modelName, outputSize, type ModelFamily, type ModelId, type ModelKind } from "./catalog";

/** Every model's schema and form, one file each; a model is also its row in ./catalog.ts. */
export const MODELS = [fluxPro11, fluxPro11Ultra, fluxDev, fluxSchnell, fluxKontextPro, flux2Pro] as const;
export type ModelDefinition = (typeof MODELS)[number];

// A model with a catalog row and no schema (or the reverse) fails to compile here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyModelHasItsSchema: Same<ModelDefinition["id"], ModelId> = true;
void everyModelHasItsSchema;

export const modelIdSchema = z.enum(MODEL_IDS, {
  error: `Model must be one of: ${MODEL_IDS.join(", ")}`,
});

/** Each model's parameters, after validation and defaults. */
export type ParamsByModel = { [D in ModelDefinition as D["id"]]: z.output<D["schema"]> };
export type ParamsOf<M extends ModelId> = ParamsByModel[M];
/** Canonical parameters of a generation of any model. */
export type CanonicalParams = ParamsByModel[ModelId];
/** The fields every model has: a host's request builds these the same way for any model. */
export type SharedParams = Pick<CanonicalParams, "prompt" | "seed" | "num_images" | "output_format">;
/** BFL's moderation, upsampling and image-prompt fields, which the models BFL serves share. */
export interface ToleranceParams {
  safety_tolerance: number;
  prompt_upsampling: boolean;
  image_prompt?: string;
}

const IMAGE_CONTROLS: readonly string[] = ["image", "images"];
/**
 * Every parameter that holds images the user gives (an image prompt, an edit's input image, reference
 * images), read from the schemas' controls: each is stored once, kept as a reference to our storage,
 * inlined for the host, visible to its owner and kept by the purge alike.
 */
export const IMAGE_INPUT_FIELDS: readonly string[] = [
  ...new Set(
    MODELS.flatMap((model) =>
      Object.entries(model.schema.shape as Record<string, z.ZodType>)
        .filter(([, field]) => IMAGE_CONTROLS.includes(((field.meta() ?? {}) as { ui?: FieldUi }).ui?.control ?? ""))
        .map(([name]) => name),
    ),
  ),
];

/** One image the user gave, with its path in the params (`input_image`, `input_images.2`). */
export interface ImageInput {
  path: string;
  value: string;
}

export function imageInputsOf(params: object): ImageInput[] {
  const values = params as Record<string, unknown>;
  return IMAGE_INPUT_FIELDS.flatMap((name) => {
    const value = values[name];
    if (typeof value === "string" && value) return [{ path: name, value }];
    if (Array.isArray(value)) return value.flatMap((item, i) => (typeof item === "string" && item ? [{ path: `${name}.${i}`, value: item }] : []));
    return [];
  });
}

/** The params with each image input replaced by what `replace` makes of it (all in parallel). */
export async function mapImageInputs<P extends object>(params: P, replace: (input: ImageInput) => Promise<string>): Promise<P> {
  const out = { ...params } as Record<string, unknown>;
  await Promise.all(
    IMAGE_INPUT_FIELDS.map(async (name) => {
      const value = out[name];
      if (typeof value === "string" && value) out[name] = await replace({ path: name, value });
      else if (Array.isArray(value)) out[name] = await Promise.all(value.map((item, i) => replace({ path: `${name}.${i}`, value: String(item) })));
    }),
  );
  return out as P;
}

/** Only the image-input fields of the params (to carry stored references into each cell of a grid). */
export function imageInputFields(params: object): Record<string, unknown> {
  const values = params as Record<string, unknown>;
  return Object.fromEntries(IMAGE_INPUT_FIELDS.filter((name) => values[name] !== undefined).map((name) => [name, values[name]]));
}

export function getModel(id: ModelId): ModelDefinition {
  const model = MODELS.find((m) => m.id === id);
  if (!model) throw new Error(`Unknown model ${id}`);
  return model;
}

export interface FieldIssue {
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; data: T } | { ok: false; issues: FieldIssue[] };

export function toFieldIssues(error: z.ZodError, prefix = ""): FieldIssue[] {
  const pathOf = (path: PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join(".");
  return error.issues.flatMap((issue) =>
    // An unknown field is named by its own path, so a client sees which of its fields is not ours.
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: `Unknown field "${key}": remove it (see the API's documented fields)` }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}

/** Validates raw params against a model's schema (the same one the form uses), applying defaults. */
/**
 * Drops parameters that only apply alongside another one that is absent: an image-prompt strength
 * without an image prompt reaches no host, so it is neither recorded nor shown (its schema default
 * would otherwise read as if it had been sent).
 */
export function withoutInapplicable<P extends object>(params: P): P {
  const values = params as Record<string, unknown>;
  if (!("image_prompt_strength" in values) || (typeof values.image_prompt === "string" && values.image_prompt !== "")) return params;
  const { image_prompt_strength: _unused, ...rest } = values;
  return rest as P;
}

export function parseParams<M extends ModelId>(model: M, raw: unknown): ParseResult<ParamsOf<M>> {
  const schema = getModel(model).schema as unknown as z.ZodType<ParamsOf<M>>;
  const result = parseInput(schema, raw ?? {});
  if (result.success) return { ok: true, data: withoutInapplicable(result.data) };
  return { ok: false, issues: toFieldIssues(result.error, "params") };
}

export interface FieldDescriptor {
  name: string;
  ui: FieldUi;
  required: boolean;
  /** The field's JSON Schema (input side): type, minimum, maximum, enum, default... */
  jsonSchema: Record<string, unknown>;
}

/** JSON Schema of a model's parameters (input side: fields with defaults are optional). */
export function modelJsonSchema(model: ModelId): Record<string, unknown> {
  return z.toJSONSchema(getModel(model).schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}

/** The model's fields in display order, with UI metadata: what the generated form renders. */
export function describeFields(model: ModelId): FieldDescriptor[] {
  const json = modelJsonSchema(model) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
  const shape = getModel(model).schema.shape as Record<string, z.ZodType>;
  return Object.entries(shape)
    .map(([name, field]) => {
      const meta = (field.meta() ?? {}) as { ui?: FieldUi };
      if (!meta.ui) throw new Error(`Field ${name} of ${model} has no UI metadata`);
      const { ui: _ui, ...jsonSchema } = json.properties[name] ?? {};
      return { name, ui: meta.ui, required: json.required?.includes(name) ?? false, jsonSchema };
    })
    .sort((a, b) => a.ui.order - b.ui.order);
}

/** Defaults of every field that has one: the initial form values. */
export function defaultParams(model: ModelId): Record<string, unknown> {
  const shape = getModel(model).schema.shape as Record<string, z.ZodType>;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(shape)) {
    const parsed = field.safeParse(undefined);
    if (parsed.success && parsed.data !== undefined) out[name] = parsed.data;
  }
  return out;
}

/**
 * When the user switches model, keep every value that the new model accepts as it is, and fall
 * back to the new model's default for the rest.
 */
export function carryOverParams(values: Record<string, unknown>, to: ModelId): Record<string, unknown> {
  const shape = getModel(to).schema.shape as Record<string, z.ZodType>;
  const out = defaultParams(to);
  for (const [name, field] of Object.entries(shape)) {
    if (!(name in values) || values[name] === undefined) continue;
    if (field.safeParse(values[name]).success) out[name] = values[name];
  }
  return out;
}

export { fluxPro11, fluxPro11Ultra };
export type { FluxPro11Params, FluxPro11UltraParams, FieldUi };
