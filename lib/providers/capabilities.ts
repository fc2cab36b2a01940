import type { ModelId } from "@/lib/models/catalog";

/**
 * How a canonical parameter reaches a host:
 * - passthrough: same name, same value;
 * - renamed: same value under the host's name (e.g. prompt_upsampling → enhance_prompt);
 * - converted: another form of the same value (jpeg → jpg, 4 → "4", width/height → a preset);
 * - clamped: values outside the host's range are moved to its nearest allowed value;
 * - emulated: the host lacks it and we reproduce it (num_images as several tasks);
 * - dropped: the host has no equivalent; the value is not sent.
 *
 * Capabilities are plain data, with no functions: the server records a run's warnings and the
 * form shows its notes from the same table through the same `evaluateCapabilities`, so the two
 * can never disagree. This file imports nothing at run time, so the browser may use it.
 */
export type ParamTreatment = "passthrough" | "renamed" | "converted" | "clamped" | "emulated" | "dropped";

/** A shape a host makes: "W:H" (a ratio), "WxH" (a size), or "W:H=WxH" (a ratio, shown as its size). */
export type Shape = string;

/** When a run's value does not arrive as given. */
export type WarnWhen =
  /** Any value other than "off": undefined, null, false and "" are off. */
  | { kind: "set" }
  /** Set, while the run makes more than one image (one value serves the whole batch). */
  | { kind: "set-in-batch" }
  /** A number outside [min, max]: `{sent}` is the nearest bound. */
  | { kind: "outside"; min?: number; max?: number }
  /** A number inside [min, max]. */
  | { kind: "inside"; min: number; max: number }
  /** Any value but these. */
  | { kind: "other-than"; values: readonly (string | number | boolean)[] }
  /** Text whose length is outside [min, max]: `{length}` is its length. */
  | { kind: "length-outside"; min?: number; max?: number }
  /**
   * A shape the host does not make: the ratio (`aspect_ratio`) or the size (`width` x `height`) of
   * the run, matched against the host's shapes by ratio or by exact size; `{sent}` is the closest
   * shape by aspect ratio (log distance, so 2:1 and 1:2 weigh alike), written as `format` says.
   */
  | { kind: "shape"; of: "aspect_ratio" | "size"; shapes: readonly Shape[]; match: "ratio" | "size"; format: "ratio" | "x" | "×" };

/** A warning: when it applies, and what it says (`{value}`, `{sent}`, `{length}` filled in). */
export interface Warn {
  when: WarnWhen;
  message: string;
}

export interface ParamCapability {
  treatment: ParamTreatment;
  /** The host's field, e.g. "input.safety_tolerance" or "providerSettings.bfl.raw". */
  wire?: string;
  note?: string;
  /** The first that applies to this run's value is recorded on the run and shown by the form. */
  warns?: readonly Warn[];
}

export type ModelCapabilities = Record<string, ParamCapability>;

export const pass = (wire?: string): ParamCapability => ({ treatment: "passthrough", ...(wire ? { wire } : {}) });
export const renamed = (wire: string, note?: string): ParamCapability => ({ treatment: "renamed", wire, ...(note ? { note } : {}) });

/** A parameter the host ignores: the note is the warning when the user set something other than "off". */
export const dropped = (note: string): ParamCapability => ({ treatment: "dropped", note, warns: [{ when: { kind: "set" }, message: note }] });

/** BFL's "seed + n per image" cannot be kept where the batch is one request with one seed. */
export const ONE_SEED_PER_BATCH: Warn = {
  when: { kind: "set-in-batch" },
  message: "one seed is sent for the whole batch: only the first image is known to use it (not seed + n per image)",
};

const isOff = (value: unknown) => value === undefined || value === null || value === false || value === "";

interface ParsedShape {
  w: number;
  h: number;
  /** The size a ratio is shown as ("W:H=WxH"). */
  shown?: ParsedShape;
}

function parseShape(shape: string): ParsedShape | null {
  const [ratio, size] = shape.split("=");
  const match = /^\s*(\d+(?:\.\d+)?)\s*[:x×]\s*(\d+(?:\.\d+)?)\s*$/.exec(ratio ?? "");
  if (!match) return null;
  const w = Number(match[1]);
  const h = Number(match[2]);
  const shown = size === undefined ? undefined : parseShape(size);
  return w > 0 && h > 0 ? { w, h, ...(shown ? { shown } : {}) } : null;
}

const formatShape = (shape: ParsedShape, format: "ratio" | "x" | "×"): string => {
  const { w, h } = shape.shown ?? shape;
  return format === "ratio" ? `${w}:${h}` : `${w}${format}${h}`;
};

/** The closest of the host's shapes, or null when the run's shape is one of them. */
function offShape(when: Extract<WarnWhen, { kind: "shape" }>, params: Record<string, unknown>): { value: string; sent: string } | null {
  const asked = when.of === "aspect_ratio" ? parseShape(String(params.aspect_ratio ?? "")) : parseShape(`${String(params.width)}x${String(params.height)}`);
  if (!asked) return null;
  const shapes = when.shapes.map(parseShape).filter((s): s is ParsedShape => s !== null);
  const same = (s: ParsedShape) => (when.match === "ratio" ? s.w * asked.h === asked.w * s.h : s.w === asked.w && s.h === asked.h);
  if (shapes.length === 0 || shapes.some(same)) return null;
  const target = Math.log(asked.w / asked.h);
  const nearest = shapes.reduce((best, s) => (Math.abs(Math.log(s.w / s.h) - target) < Math.abs(Math.log(best.w / best.h) - target) ? s : best));
  return { value: formatShape(asked, when.of === "aspect_ratio" ? "ratio" : "x"), sent: formatShape(nearest, when.format) };
}

/** The placeholders of a warning that applies to `value`, or null when it does not apply. */
function applies(when: WarnWhen, value: unknown, params: Record<string, unknown>): Record<string, string> | null {
  const text = { value: String(value) };
  switch (when.kind) {
    case "set":
      return isOff(value) ? null : text;
    case "set-in-batch":
      return !isOff(value) && Number(params.num_images) > 1 ? text : null;
    case "outside": {
      if (typeof value !== "number") return null;
      const sent = Math.min(when.max ?? Infinity, Math.max(when.min ?? -Infinity, value));
      return sent === value ? null : { ...text, sent: String(sent) };
    }
    case "inside":
      return typeof value === "number" && value >= when.min && value <= when.max ? text : null;
    case "other-than":
      return value === undefined || when.values.includes(value as string | number | boolean) ? null : text;
    case "length-outside": {
      // An empty prompt is the form's own error (and never reaches a host), not this host's.
      if (typeof value !== "string" || value === "") return null;
      const length = value.length;
      return length >= (when.min ?? 0) && length <= (when.max ?? Infinity) ? null : { ...text, length: String(length) };
    }
    case "shape":
      return offShape(when, params);
  }
}

const fill = (message: string, values: Record<string, string>) => message.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

export interface CapabilityVerdict {
  /** Per parameter, what the user is told of this run's value (first applying warning). */
  byParam: Record<string, string>;
  /** "name: message" for each, as recorded on the run. */
  warnings: string[];
  /** The parameters of this run the host never receives: those its mapping drops. */
  notSent: string[];
}

/** One pure verdict on a run's parameters at a host: what will not arrive as given, and why. */
export function evaluateCapabilities(capabilities: ModelCapabilities | undefined, params: object): CapabilityVerdict {
  const values = params as Record<string, unknown>;
  const byParam: Record<string, string> = {};
  for (const [name, capability] of Object.entries(capabilities ?? {})) {
    for (const warn of capability.warns ?? []) {
      const placeholders = applies(warn.when, values[name], values);
      if (placeholders) {
        byParam[name] = fill(warn.message, placeholders);
        break;
      }
    }
  }
  return {
    byParam,
    warnings: Object.entries(byParam).map(([name, message]) => `${name}: ${message}`),
    notSent: Object.keys(values).filter((name) => capabilities?.[name]?.treatment === "dropped"),
  };
}

/** The canonical parameters of a run that its host never receives: those its mapping drops. */
export const unsentParams = (capabilities: ModelCapabilities | undefined, params: object) => evaluateCapabilities(capabilities, params).notSent;

/** Warnings for one run: what the chosen host will drop, convert or clamp of these params. */
export const paramWarnings = (capabilities: ModelCapabilities | undefined, params: object) => evaluateCapabilities(capabilities, params).warnings;

/** Per model, the capability tables: plain data, for the API, the hosts page and the form. */
export type CapabilityTables = Partial<Record<ModelId, ModelCapabilities>>;
