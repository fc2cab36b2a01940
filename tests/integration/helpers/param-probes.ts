import { describeFields, type ModelId } from "@/lib/models";

/** A 1x1 PNG: the value an image field is probed with. */
export const PROBE_IMAGE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
/** Another 1x1 PNG: an image field is probed with both, so a converted image changes the body even when the field is required. */
export const PROBE_IMAGE_2 = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAADElEQVQImWNQSDgAAAHkAUHJC8wWAAAAAElFTkSuQmCC";
export const PROBE_PROMPT = "conformance probe: a red kite over grey dunes";

/** One canonical parameter and the non-default values it is tried with, from the model's schema. */
export interface ParamProbe {
  name: string;
  /** Valid values other than the default: another option, the opposite switch, the range's ends. */
  values: unknown[];
  /** The field it depends on, set alongside it (an image prompt strength needs an image prompt). */
  with: Record<string, unknown>;
  /** The range's ends, for numeric fields. */
  bounds: { min: number; max: number } | null;
}

function valuesOf(field: ReturnType<typeof describeFields>[number]): unknown[] {
  const schema = field.jsonSchema as { type?: string; enum?: unknown[]; minimum?: number; maximum?: number; default?: unknown };
  const differ = (values: unknown[]) => [...new Set(values)].filter((v) => v !== schema.default);
  if (field.ui.control === "prompt") return [PROBE_PROMPT];
  if (field.ui.control === "image") return [PROBE_IMAGE, PROBE_IMAGE_2];
  // Two, so a host's second reference field is exercised too.
  if (field.ui.control === "images") return [[PROBE_IMAGE, PROBE_IMAGE_2]];
  if (schema.enum) return differ(schema.enum);
  if (schema.type === "boolean") return [!schema.default];
  if ((schema.type === "integer" || schema.type === "number") && schema.minimum !== undefined && schema.maximum !== undefined) {
    return differ([schema.maximum, schema.minimum]);
  }
  const presets = (field.ui.presets ?? field.ui.options ?? []).map((p) => p.value);
  if (presets.length > 0) return differ([presets[0], presets.at(-1)]);
  throw new Error(`No probe value for field ${field.name} (${JSON.stringify(schema)}): teach param-probes its kind`);
}

/** The fields a run of the model cannot do without, other than the prompt (an edit's input image). */
export function requiredParams(model: ModelId): Record<string, unknown> {
  return Object.fromEntries(
    describeFields(model)
      .filter((field) => field.required && field.ui.control !== "prompt")
      .map((field) => [field.name, valuesOf(field)[0]]),
  );
}

/** Every field of the model's schema, with the values that exercise it. */
export function paramProbes(model: ModelId): ParamProbe[] {
  const fields = describeFields(model);
  const first = (name: string) => {
    const field = fields.find((f) => f.name === name);
    if (!field) throw new Error(`${model}: a field depends on ${name}, which the schema lacks`);
    return valuesOf(field)[0];
  };
  return fields.map((field) => {
    const schema = field.jsonSchema as { type?: string; minimum?: number; maximum?: number };
    const numeric = (schema.type === "integer" || schema.type === "number") && schema.minimum !== undefined && schema.maximum !== undefined;
    return {
      name: field.name,
      values: valuesOf(field),
      with: field.ui.dependsOn ? { [field.ui.dependsOn]: first(field.ui.dependsOn) } : {},
      bounds: numeric ? { min: schema.minimum!, max: schema.maximum! } : null,
    };
  });
}

/** Every field of the model set at once to its first probe value. */
export function everyFieldSet(model: ModelId): Record<string, unknown> {
  return Object.fromEntries(paramProbes(model).map((p) => [p.name, p.values[0]]));
}

/** Every numeric field at one end of its range (the rest set as by everyFieldSet). */
export function atBound(model: ModelId, end: "min" | "max"): Record<string, unknown> {
  const probes = paramProbes(model);
  return { ...everyFieldSet(model), ...Object.fromEntries(probes.filter((p) => p.bounds).map((p) => [p.name, p.bounds![end]])) };
}

/** The values at a dotted path of a body ("input.seed"); an array body (a batch of tasks) gives one per task. */
export function valuesAt(body: unknown, path: string): unknown[] {
  if (Array.isArray(body)) return body.flatMap((task) => valuesAt(task, path));
  let value: unknown = body;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object" || !(key in value)) return [];
    value = (value as Record<string, unknown>)[key];
  }
  return [value];
}

/** The fields a capability's `wire` names ("width, height" names two), else the param's own name. */
export function wireFields(wire: string | undefined, name: string): string[] {
  return (wire ?? name).split(",").map((s) => s.trim()).filter(Boolean);
}
