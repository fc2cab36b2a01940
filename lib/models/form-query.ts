import { carryOverParams, describeFields, MODEL_IDS, type ModelId } from "./index";

/** A query string's values, as Next hands them to a page. */
export type QueryValues = Record<string, string | string[] | undefined>;

export interface SubmittedForm {
  model: ModelId;
  /** "" when the submission names none: the form picks the model's default host. */
  provider: string;
  params: Record<string, unknown>;
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The playground's form as the browser submits it natively (before hydration, or without
 * JavaScript): every field by its parameter name, in the query string. Null when the query is no
 * such submission (it always carries `prompt`). Values come back as the schema types them; one the
 * model would refuse falls back to its default, like a model switch does.
 */
export function formFromQuery(query: QueryValues): SubmittedForm | null {
  if (single(query.prompt) === undefined) return null;
  const asked = single(query.model);
  const model = (MODEL_IDS as readonly string[]).includes(asked ?? "") ? (asked as ModelId) : MODEL_IDS[0];
  const values: Record<string, unknown> = {};
  for (const field of describeFields(model)) {
    // A file input submits only a name: there is no image to restore.
    if (field.ui.control === "image" || field.ui.control === "images") continue;
    const raw = single(query[field.name]);
    const type = field.jsonSchema.type;
    // An unchecked box is absent from a submission: that absence is its value.
    if (type === "boolean") values[field.name] = raw === "on" || raw === "true";
    else if (raw === undefined || (raw.trim() === "" && field.name !== "prompt")) continue;
    else if (type === "number" || type === "integer") values[field.name] = Number(raw);
    else values[field.name] = raw;
  }
  return { model, provider: single(query.provider) ?? "", params: carryOverParams(values, model) };
}
