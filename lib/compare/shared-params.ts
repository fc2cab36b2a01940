import type { z } from "zod";
import { getModel, modelName, parseParams, type CanonicalParams, type FieldIssue, type FieldUi, type ModelId } from "@/lib/models";

/**
 * The shared parameters of a comparison across models, mapped per model (the form and the server
 * use this same function, so the notes a cell shows are the warnings its run records):
 * - a value a model does not take is left out for that model's cells, with a warning;
 * - a value one model takes and another model has but refuses (steps 28 for FLUX.1 [schnell], 1–4)
 *   gets that model's default, with a warning: a comparison across models compares each at settings
 *   it can run, and says so per cell;
 * - a value no model of the comparison takes is an error naming the field (and the model).
 */
export interface ModelParams {
  params: CanonicalParams;
  /** "name: message", as a run records its host's warnings. */
  warnings: string[];
  /** The shared parameters this model never receives. */
  notSent: string[];
}

export type MappedParams = { ok: true; byModel: Map<ModelId, ModelParams>; shared: Record<string, unknown> } | { ok: false; issues: FieldIssue[] };

type Shape = Record<string, z.ZodType>;
const shapeOf = (model: ModelId) => getModel(model).schema.shape as unknown as Shape;
const labelOf = (field: z.ZodType, name: string) => ((field.meta() as { ui?: FieldUi } | undefined)?.ui?.label ?? name).toLowerCase();
// As the hosts' capability warnings: unset, false and "" are nothing to warn about.
const isOff = (value: unknown) => value === undefined || value === null || value === false || value === "";

interface Plan {
  issues: FieldIssue[];
  kept: Map<ModelId, { values: Record<string, unknown>; warnings: string[]; notSent: string[] }>;
}

/** Each given value, per model: kept, left out, or replaced by the default; and what no model takes. */
function planSharedParams(distinct: readonly ModelId[], given: [string, unknown][]): Plan {
  const issues: FieldIssue[] = [];
  const kept = new Map(distinct.map((m) => [m, { values: {} as Record<string, unknown>, warnings: [] as string[], notSent: [] as string[] }]));
  for (const [name, value] of given) {
    const takers = distinct.filter((m) => Object.hasOwn(shapeOf(m), name));
    if (takers.length === 0) {
      issues.push({ path: `params.${name}`, message: `Unknown field "${name}": no model of this comparison takes it (${distinct.map(modelName).join(", ")})` });
      continue;
    }
    const verdicts = takers.map((m) => ({ model: m, result: shapeOf(m)[name].safeParse(value) }));
    const refused = verdicts.find((v) => !v.result.success);
    if (verdicts.every((v) => !v.result.success)) {
      issues.push({ path: `params.${name}`, message: `${modelName(refused!.model)}: ${refused!.result.error!.issues[0]?.message ?? "invalid value"}` });
      continue;
    }
    const label = labelOf(shapeOf(takers[0])[name], name);
    for (const model of distinct) {
      const cell = kept.get(model)!;
      const verdict = verdicts.find((v) => v.model === model);
      if (!verdict) {
        cell.notSent.push(name);
        if (!isOff(value)) cell.warnings.push(`${name}: ${modelName(model)} takes no ${label}: not sent`);
      } else if (!verdict.result.success) {
        const fallback = shapeOf(model)[name].safeParse(undefined);
        const instead = fallback.success && fallback.data !== undefined ? `its default ${String(fallback.data)} is sent` : "not sent";
        cell.warnings.push(`${name}: ${modelName(model)} does not take ${label} ${JSON.stringify(value)}: ${instead}`);
        if (instead === "not sent") cell.notSent.push(name);
      } else cell.values[name] = value;
    }
  }
  return { issues, kept };
}

const givenOf = (raw: Record<string, unknown>) => Object.entries(raw).filter(([, value]) => value !== undefined);

/** Per model, what it will not take of these values: shown by the form while the values are still being typed. */
export function sharedParamNotes(models: readonly ModelId[], raw: Record<string, unknown>): Map<ModelId, string[]> {
  const distinct = [...new Set(models)];
  if (distinct.length < 2) return new Map();
  const { kept } = planSharedParams(distinct, givenOf(raw));
  return new Map([...kept].map(([model, cell]) => [model, cell.warnings]));
}

export function mapSharedParams(models: readonly ModelId[], raw: Record<string, unknown>): MappedParams {
  const distinct = [...new Set(models)];
  if (distinct.length === 1) {
    // One model: its own schema, exactly as a single run validates.
    const parsed = parseParams(distinct[0], raw);
    if (!parsed.ok) return parsed;
    return { ok: true, byModel: new Map([[distinct[0], { params: parsed.data, warnings: [], notSent: [] }]]), shared: parsed.data };
  }
  const given = givenOf(raw);
  const { issues, kept } = planSharedParams(distinct, given);
  if (issues.length) return { ok: false, issues };
  const byModel = new Map<ModelId, ModelParams>();
  for (const model of distinct) {
    const { values, warnings, notSent } = kept.get(model)!;
    const parsed = parseParams(model, values);
    if (!parsed.ok) {
      issues.push(...parsed.issues.map((i) => ({ ...i, message: `${modelName(model)}: ${i.message}` })));
      continue;
    }
    byModel.set(model, { params: parsed.data, warnings, notSent });
  }
  if (issues.length) return { ok: false, issues };
  // What the user set, each value as the first model that took it parsed it (a trimmed prompt...).
  const shared: Record<string, unknown> = {};
  for (const [name] of given) {
    const taker = distinct.find((m) => name in byModel.get(m)!.params && !kept.get(m)!.notSent.includes(name) && Object.hasOwn(kept.get(m)!.values, name));
    if (taker) shared[name] = (byModel.get(taker)!.params as Record<string, unknown>)[name];
  }
  return { ok: true, byModel, shared };
}
