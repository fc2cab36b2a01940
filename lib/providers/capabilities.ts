import type { CanonicalParams, ModelId } from "@/lib/models";

/**
 * How a canonical parameter reaches a host:
 * - passthrough: same name, same value;
 * - renamed: same value under the host's name (e.g. prompt_upsampling → enhance_prompt);
 * - converted: another form of the same value (jpeg → jpg, 4 → "4", width/height → a preset);
 * - clamped: values outside the host's range are moved to its nearest allowed value;
 * - emulated: the host lacks it and we reproduce it (num_images as several tasks);
 * - dropped: the host has no equivalent; the value is not sent.
 */
export type ParamTreatment = "passthrough" | "renamed" | "converted" | "clamped" | "emulated" | "dropped";

export interface ParamCapability {
  treatment: ParamTreatment;
  /** The host's field, e.g. "input.safety_tolerance" or "providerSettings.bfl.raw". */
  wire?: string;
  note?: string;
  /**
   * A warning for this run's value, when the value will not arrive as given (a dropped value
   * that differs from the default, a clamped value out of range); null when it arrives intact.
   */
  warn?: (value: unknown, params: CanonicalParams) => string | null;
}

export type ModelCapabilities = Record<string, ParamCapability>;

export const pass = (wire?: string): ParamCapability => ({ treatment: "passthrough", ...(wire ? { wire } : {}) });
export const renamed = (wire: string, note?: string): ParamCapability => ({ treatment: "renamed", wire, ...(note ? { note } : {}) });

/** A parameter the host ignores: warn only when the user set something other than "off". */
export function dropped(note: string, isSet: (value: unknown, params: CanonicalParams) => boolean = (v) => v !== undefined && v !== false && v !== null): ParamCapability {
  return { treatment: "dropped", note, warn: (value, params) => (isSet(value, params) ? note : null) };
}

/** The canonical parameters of a run that its host never receives: those its mapping drops. */
export function unsentParams(capabilities: ModelCapabilities | undefined, params: Record<string, unknown>): string[] {
  if (!capabilities) return [];
  return Object.keys(params).filter((name) => capabilities[name]?.treatment === "dropped");
}

/** Warnings for one run: what the chosen host will drop, convert or clamp of these params. */
export function paramWarnings(capabilities: ModelCapabilities | undefined, params: CanonicalParams): string[] {
  if (!capabilities) return [];
  const values = params as unknown as Record<string, unknown>;
  const warnings: string[] = [];
  for (const [name, capability] of Object.entries(capabilities)) {
    const message = capability.warn?.(values[name], params);
    if (message) warnings.push(`${name}: ${message}`);
  }
  return warnings;
}

/** The capability table without functions, for the API and the hosts page. */
export function describeCapabilities(capabilities: Partial<Record<ModelId, ModelCapabilities>>) {
  return Object.fromEntries(
    Object.entries(capabilities).map(([model, caps]) => [
      model,
      Object.fromEntries(
        Object.entries(caps ?? {}).map(([name, c]) => [name, { treatment: c.treatment, ...(c.wire ? { wire: c.wire } : {}), ...(c.note ? { note: c.note } : {}) }]),
      ),
    ]),
  ) as Partial<Record<ModelId, Record<string, { treatment: ParamTreatment; wire?: string; note?: string }>>>;
}
