/**
 * Runware's own rules for an imageInference task of FLUX 1.1 [pro] / Ultra (PROVIDERS.md D.2, D.3),
 * answered the way Runware reports them: one `{code, message, parameter, taskType, taskUUID}` per
 * failed task, HTTP 400. Deliberately independent of our canonical schemas, so an adapter that
 * sends something Runware would refuse is caught here. Codes named in PROVIDERS.md D.5 are used
 * where it names one (invalidModel, invalidPositivePrompt, invalidWidth, unsupportedDimensions...);
 * the others follow the SDK's code families (missing*, invalid*, unknownParameter).
 */
export interface RunwareApiError {
  code: string;
  message: string;
  parameter?: string;
  taskType?: string;
  taskUUID?: string;
  documentation?: string;
}

/**
 * `bfl`: run by BFL, taking providerSettings.bfl; FLUX.1 runs on Runware's own machines (rw-ts, rw-skills).
 * `kontext`: FLUX.1 Kontext [pro], an edit (PROVIDERS-MODELS.md §3, rw-docs). `flux2`: FLUX.2 [pro] (§4).
 */
export const SANDBOX_MODELS = {
  "bfl:2@1": { slug: "bfl-flux-1-1-pro", ultra: false, bfl: true, kontext: false, flux2: false },
  "bfl:2@2": { slug: "bfl-flux-1-1-pro-ultra", ultra: true, bfl: true, kontext: false, flux2: false },
  "runware:101@1": { slug: "flux-1-dev", ultra: false, bfl: false, kontext: false, flux2: false },
  "runware:100@1": { slug: "flux-1-schnell", ultra: false, bfl: false, kontext: false, flux2: false },
  "bfl:3@1": { slug: "bfl-flux-1-kontext-pro", ultra: false, bfl: true, kontext: true, flux2: false },
  "bfl:5@1": { slug: "bfl-flux-2-pro", ultra: false, bfl: true, kontext: false, flux2: true },
} as const;

/**
 * `bfl:5@1` (§4): width and height together, limits UNVERIFIED: BFL's own rule for FLUX.2 (sides by 16
 * from 64, at most 4 MP), safety tolerance 0–5, and up to 8 references in `inputs.referenceImages`
 * (the field as for Kontext, UNVERIFIED; BFL's eight).
 */
export const FLUX2_RULES = { min: 64, max: 4096, step: 16, maxPixels: 4 * 1024 * 1024, maxSafetyTolerance: 5, referenceImages: 8 } as const;

/** rw-docs (§3): `bfl:3@1`'s only sizes, about 1 MP each. */
export const KONTEXT_SIZES: readonly (readonly [number, number])[] = [
  [1568, 672],
  [1392, 752],
  [1184, 880],
  [1248, 832],
  [1024, 1024],
  [832, 1248],
  [880, 1184],
  [752, 1392],
  [672, 1568],
];
/**
 * UNVERIFIED (§3, from third-party client code): Kontext's reference images go in
 * `inputs.referenceImages`, at most 2 (UUID, URL, data URI or base64, as Runware's image inputs are).
 */
export const KONTEXT_REFERENCE_IMAGES_MAX = 2;
export type SandboxModelAir = keyof typeof SANDBOX_MODELS;

export const ULTRA_SIZES: readonly (readonly [number, number])[] = [
  [3136, 1344],
  [2752, 1536],
  [2496, 1664],
  [2368, 1792],
  [2048, 2048],
  [1664, 2496],
  [1792, 2368],
  [1536, 2752],
  [1344, 3136],
];

/** Sizes when width/height are omitted: BFL's own defaults (1024×768; Ultra 16:9). UNVERIFIED for Runware. */
export const DEFAULT_SIZE = { pro: { width: 1024, height: 768 }, ultra: { width: 2752, height: 1536 } } as const;

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const OUTPUT_TYPES = ["URL", "base64Data", "dataURI"];
const OUTPUT_FORMATS = ["JPG", "PNG", "WEBP"];
const KNOWN_FIELDS = new Set([
  "taskType",
  "taskUUID",
  "model",
  "positivePrompt",
  "width",
  "height",
  "seed",
  "numberResults",
  "outputType",
  "outputFormat",
  "outputQuality",
  "includeCost",
  "deliveryMethod",
  "webhookURL",
  "ttl",
  "providerSettings",
  "safety",
  "checkNSFW",
  "steps",
  "CFGScale",
  "negativePrompt",
  "inputs",
]);
/** Fields of the models Runware runs itself, refused for BFL's (which take providerSettings.bfl instead). */
const OWN_MODEL_FIELDS = ["steps", "CFGScale", "negativePrompt"];
/** Runware's general ranges (UNVERIFIED for FLUX.1, PROVIDERS-MODELS.md §1): steps 1–100, CFGScale 0–50. */
const STEPS_MAX = 100;
const CFG_SCALE_MAX = 50;
const BFL_SETTINGS = new Set(["promptUpsampling", "safetyTolerance", "raw"]);
const NUMBER_RESULTS_MAX = 20;

const isInt = (v: unknown, min: number, max: number) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

type Check = (task: Record<string, unknown>) => RunwareApiError | null;

function fail(code: string, parameter: string, message: string): RunwareApiError {
  return { code, parameter, message };
}

export function isSandboxModel(value: unknown): value is SandboxModelAir {
  return typeof value === "string" && Object.hasOwn(SANDBOX_MODELS, value);
}

export function isTaskUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_V4.test(value);
}

const checkUuid: Check = (t) => {
  if (t.taskUUID === undefined) return fail("missingTaskUUID", "taskUUID", "Missing taskUUID: every task needs a client-generated UUID v4.");
  return isTaskUuid(t.taskUUID) ? null : fail("invalidTaskUUID", "taskUUID", `Invalid value for taskUUID: ${JSON.stringify(t.taskUUID)} is not a UUID v4.`);
};

const checkUnknown: Check = (t) => {
  const { bfl, kontext, flux2 } = SANDBOX_MODELS[t.model as SandboxModelAir];
  const unknown = Object.keys(t).find((k) => !KNOWN_FIELDS.has(k) || (bfl && OWN_MODEL_FIELDS.includes(k)) || (!kontext && !flux2 && k === "inputs"));
  return unknown ? fail("unknownParameter", unknown, `Unknown parameter '${unknown}' for model ${String(t.model)}.`) : null;
};

const checkModel: Check = (t) => {
  if (t.model === undefined) return fail("missingModel", "model", "Missing model: pass an AIR identifier, e.g. bfl:2@1.");
  return isSandboxModel(t.model)
    ? null
    : fail("invalidModel", "model", `Invalid model AIR ${JSON.stringify(t.model)}. The sandbox serves ${Object.keys(SANDBOX_MODELS).join(", ")}.`);
};

const checkPrompt: Check = (t) => {
  if (t.positivePrompt === undefined) return fail("missingPositivePrompt", "positivePrompt", "Missing positivePrompt.");
  const ok = typeof t.positivePrompt === "string" && t.positivePrompt.length >= 2 && t.positivePrompt.length <= 3000;
  return ok ? null : fail("invalidPositivePrompt", "positivePrompt", "Invalid value for positivePrompt: it must be a string of 2 to 3000 characters.");
};

const checkSize: Check = (t) => {
  if ((t.width === undefined) !== (t.height === undefined)) {
    const missing = t.width === undefined ? "width" : "height";
    return fail(`missing${missing === "width" ? "Width" : "Height"}`, missing, "width and height must be used together.");
  }
  // FLUX.1 takes no default size (§1: width and height both required); nor does Kontext (§3: one of its sizes, UNVERIFIED).
  const { bfl, kontext, flux2 } = SANDBOX_MODELS[t.model as SandboxModelAir];
  if (t.width === undefined) return bfl && !kontext && !flux2 ? null : fail("missingWidth", "width", "Missing width: width and height are required.");
  if (flux2) {
    for (const side of ["width", "height"] as const) {
      const v = t[side];
      if (!isInt(v, FLUX2_RULES.min, FLUX2_RULES.max) || (v as number) % FLUX2_RULES.step !== 0) {
        const code = side === "width" ? "invalidWidth" : "invalidHeight";
        return fail(code, side, `Invalid value for ${side}: ${JSON.stringify(v)}. It must be an integer from ${FLUX2_RULES.min} to ${FLUX2_RULES.max}, a multiple of ${FLUX2_RULES.step}.`);
      }
    }
    const pixels = (t.width as number) * (t.height as number);
    return pixels <= FLUX2_RULES.maxPixels ? null : fail("unsupportedDimensions", "width", `Unsupported dimensions ${String(t.width)}x${String(t.height)} for bfl:5@1: at most 4 megapixels.`);
  }
  if (SANDBOX_MODELS[t.model as SandboxModelAir].kontext) {
    const listed = KONTEXT_SIZES.some(([w, h]) => w === t.width && h === t.height);
    const sizes = KONTEXT_SIZES.map(([w, h]) => `${w}x${h}`).join(", ");
    return listed ? null : fail("unsupportedDimensions", "width", `Unsupported dimensions ${String(t.width)}x${String(t.height)} for bfl:3@1. Supported: ${sizes}.`);
  }
  if (SANDBOX_MODELS[t.model as SandboxModelAir].ultra) {
    const listed = ULTRA_SIZES.some(([w, h]) => w === t.width && h === t.height);
    const sizes = ULTRA_SIZES.map(([w, h]) => `${w}x${h}`).join(", ");
    return listed ? null : fail("unsupportedDimensions", "width", `Unsupported dimensions ${String(t.width)}x${String(t.height)} for bfl:2@2. Supported: ${sizes}.`);
  }
  for (const side of ["width", "height"] as const) {
    const v = t[side];
    if (!isInt(v, 256, 1440) || (v as number) % 32 !== 0) {
      const code = side === "width" ? "invalidWidth" : "invalidHeight";
      return fail(code, side, `Invalid value for ${side}: ${JSON.stringify(v)}. It must be an integer from 256 to 1440, a multiple of 32.`);
    }
  }
  return null;
};

const optional =
  (field: string, valid: (v: unknown, t: Record<string, unknown>) => boolean, code: string, rule: string): Check =>
  (t) =>
    t[field] === undefined || valid(t[field], t) ? null : fail(code, field, `Invalid value for ${field}: ${JSON.stringify(t[field])}. ${rule}`);

const validOutputType = (v: unknown) =>
  (typeof v === "string" && OUTPUT_TYPES.includes(v)) || (Array.isArray(v) && v.length > 0 && v.every((x) => OUTPUT_TYPES.includes(x)));

const checkProviderSettings: Check = (t) => {
  if (t.providerSettings === undefined) return null;
  if (!isObject(t.providerSettings)) return fail("invalidProviderSettings", "providerSettings", "providerSettings must be an object.");
  const other = Object.keys(t.providerSettings).find((k) => k !== "bfl");
  if (other) return fail("mismatchProviderSettingsProvider", `providerSettings.${other}`, `providerSettings.${other} does not apply to ${String(t.model)}: use providerSettings.bfl.`);
  const bfl = t.providerSettings.bfl;
  if (bfl === undefined) return null;
  if (!SANDBOX_MODELS[t.model as SandboxModelAir].bfl) return fail("unsupportedParameter", "providerSettings.bfl", `providerSettings.bfl does not apply to ${String(t.model)}.`);
  if (!isObject(bfl)) return fail("invalidProviderSettings", "providerSettings.bfl", "providerSettings.bfl must be an object.");
  const unknown = Object.keys(bfl).find((k) => !BFL_SETTINGS.has(k));
  if (unknown) return fail("unknownParameter", `providerSettings.bfl.${unknown}`, `Unknown parameter 'providerSettings.bfl.${unknown}'.`);
  if (bfl.promptUpsampling !== undefined && typeof bfl.promptUpsampling !== "boolean") {
    return fail("invalidProviderSettings", "providerSettings.bfl.promptUpsampling", "providerSettings.bfl.promptUpsampling must be a boolean.");
  }
  const maxTolerance = SANDBOX_MODELS[t.model as SandboxModelAir].flux2 ? FLUX2_RULES.maxSafetyTolerance : 6;
  if (bfl.safetyTolerance !== undefined && !isInt(bfl.safetyTolerance, 0, maxTolerance)) {
    return fail("invalidProviderSettings", "providerSettings.bfl.safetyTolerance", `providerSettings.bfl.safetyTolerance must be an integer from 0 to ${maxTolerance}.`);
  }
  if (bfl.raw !== undefined) {
    if (typeof bfl.raw !== "boolean") return fail("invalidProviderSettings", "providerSettings.bfl.raw", "providerSettings.bfl.raw must be a boolean.");
    if (!SANDBOX_MODELS[t.model as SandboxModelAir].ultra) return fail("unsupportedParameter", "providerSettings.bfl.raw", "providerSettings.bfl.raw is only supported by bfl:2@2.");
  }
  return null;
};

const isImageInput = (v: unknown) => typeof v === "string" && (/^(https?:\/\/|data:image\/)/.test(v) || /^[0-9a-f-]{36}$/i.test(v) || /^[A-Za-z0-9+/]{16,}={0,2}$/.test(v));

const checkInputs: Check = (t) => {
  if (t.inputs === undefined) return null;
  if (!isObject(t.inputs)) return fail("invalidInputs", "inputs", "inputs must be an object.");
  const other = Object.keys(t.inputs).find((k) => k !== "referenceImages");
  if (other) return fail("unknownParameter", `inputs.${other}`, `Unknown parameter 'inputs.${other}' for ${String(t.model)}.`);
  const images = t.inputs.referenceImages;
  const max = SANDBOX_MODELS[t.model as SandboxModelAir].flux2 ? FLUX2_RULES.referenceImages : KONTEXT_REFERENCE_IMAGES_MAX;
  if (!Array.isArray(images) || images.length < 1 || images.length > max || !images.every(isImageInput)) {
    return fail("invalidReferenceImages", "inputs.referenceImages", `inputs.referenceImages must be 1 to ${max} images (UUID, URL, data URI or base64).`);
  }
  return null;
};

const CHECKS: Check[] = [
  checkUuid,
  checkModel,
  checkUnknown,
  checkPrompt,
  checkSize,
  optional("numberResults", (v) => isInt(v, 1, NUMBER_RESULTS_MAX), "invalidNumberResults", `It must be an integer from 1 to ${NUMBER_RESULTS_MAX}.`),
  optional("seed", (v) => isInt(v, 1, Number.MAX_SAFE_INTEGER), "invalidSeed", "It must be an integer from 1 to 9223372036854775807."),
  optional("outputType", validOutputType, "invalidOutputType", `Allowed values: ${OUTPUT_TYPES.join(", ")}.`),
  optional("outputFormat", (v) => typeof v === "string" && OUTPUT_FORMATS.includes(v), "invalidOutputFormat", `Allowed values: ${OUTPUT_FORMATS.join(", ")}.`),
  optional("outputQuality", (v) => isInt(v, 20, 99), "invalidOutputQuality", "It must be an integer from 20 to 99."),
  optional("includeCost", (v) => typeof v === "boolean", "invalidIncludeCost", "It must be a boolean."),
  optional("deliveryMethod", (v) => v === "sync" || v === "async", "invalidDeliveryMethod", "Allowed values: sync, async."),
  optional("webhookURL", (v) => typeof v === "string" && URL.canParse(v), "invalidWebhookURL", "It must be an absolute URL."),
  optional("ttl", (v) => isInt(v, 60, Number.MAX_SAFE_INTEGER), "invalidTtl", "It must be an integer of at least 60 (seconds)."),
  optional("checkNSFW", (v) => typeof v === "boolean", "invalidCheckNSFW", "It must be a boolean."),
  optional("safety", (v) => isObject(v) && (v.checkContent === undefined || typeof v.checkContent === "boolean"), "invalidSafety", "It must be an object; safety.checkContent a boolean."),
  optional("steps", (v) => isInt(v, 1, STEPS_MAX), "invalidSteps", `It must be an integer from 1 to ${STEPS_MAX}.`),
  optional("CFGScale", (v) => typeof v === "number" && v >= 0 && v <= CFG_SCALE_MAX, "invalidCFGScale", `It must be a number from 0 to ${CFG_SCALE_MAX}.`),
  optional("negativePrompt", (v) => typeof v === "string", "invalidNegativePrompt", "It must be a string."),
  checkProviderSettings,
  checkInputs,
];

/** The first rule the task breaks, as Runware's error entry (with its documentation link), or null. */
export function validateImageInference(task: Record<string, unknown>): RunwareApiError | null {
  for (const check of CHECKS) {
    const error = check(task);
    if (!error) continue;
    const model = isSandboxModel(task.model) ? SANDBOX_MODELS[task.model] : null;
    const anchor = error.parameter ? `#request-${error.parameter.replace(/\./g, "-").toLowerCase()}` : "";
    return {
      ...error,
      taskType: "imageInference",
      ...(isTaskUuid(task.taskUUID) ? { taskUUID: task.taskUUID } : {}),
      documentation: model ? `https://runware.ai/docs/models/${model.slug}${anchor}` : "https://runware.ai/docs/models",
    };
  }
  return null;
}
