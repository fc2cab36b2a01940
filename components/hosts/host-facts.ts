import { defaultParams, describeFields, MODEL_IDS, outputSize, type CanonicalParams, type ModelId } from "@/lib/models";
import { imagePrice } from "@/lib/pricing/price";
import type { PriceRule } from "@/lib/pricing/rules";
import type { ParamTreatment } from "@/lib/providers/capabilities";
import type { ProviderInfo } from "@/lib/providers/registry";

/** Pure facts about hosts, shared by the hosts page (server) and the playground form (client). */

export type HostCapabilities = NonNullable<ProviderInfo["capabilities"][ModelId]>;
export type HostCapability = HostCapabilities[string];

/** Treatments worth a word before a run: the value does not reach the host exactly as given. */
export const NOTABLE_TREATMENTS: readonly ParamTreatment[] = ["dropped", "clamped", "converted", "emulated"];

export const isKnownModel = (id: string): id is ModelId => (MODEL_IDS as readonly string[]).includes(id);

export const priceRuleFor = (provider: ProviderInfo, model: ModelId): PriceRule | undefined =>
  provider.prices.find((rule) => rule.model === model);

/** One image at the model's default size: a per-megapixel rule needs a size to become a price. */
export function defaultImagePrice(rule: PriceRule): number {
  return imagePrice(rule, outputSize(rule.model, defaultParams(rule.model) as unknown as CanonicalParams));
}

/** Each host's price of one default-size image of a model, for the hosts that list one. */
export function defaultPrices(providers: ProviderInfo[], model: ModelId): Map<string, number> {
  const prices = new Map<string, number>();
  for (const provider of providers) {
    const rule = provider.models.includes(model) ? priceRuleFor(provider, model) : undefined;
    if (rule) prices.set(provider.id, defaultImagePrice(rule));
  }
  return prices;
}

/** The lowest price worth pointing out: null when every host asks the same (then none is "lowest"). */
export function lowestPrice(prices: Iterable<number>): number | null {
  const values = [...prices];
  if (values.length < 2) return null;
  const min = Math.min(...values);
  return values.some((v) => v > min) ? min : null;
}

/** A wire name cut into pieces a line may break after ("safety_" "tolerance"), never mid-word. */
export const identifierParts = (name: string): string[] => name.split(/(?<=[_.\/-])/);

export const priceUnitLabel = (rule: Pick<PriceRule, "unit">) => (rule.unit === "image" ? "image" : "MP");

export function treatmentCounts(capabilities: HostCapabilities | undefined): Partial<Record<ParamTreatment, number>> {
  const counts: Partial<Record<ParamTreatment, number>> = {};
  for (const capability of Object.values(capabilities ?? {})) {
    counts[capability.treatment] = (counts[capability.treatment] ?? 0) + 1;
  }
  return counts;
}

export interface ParamRow {
  name: string;
  label: string;
}

/** A model's canonical params in the form's order, then any a host names that the form does not show. */
export function paramRows(model: ModelId, extraNames: Iterable<string> = []): ParamRow[] {
  const rows: ParamRow[] = describeFields(model).map((field) => ({ name: field.name, label: field.ui.label }));
  const known = new Set(rows.map((r) => r.name));
  for (const name of extraNames) {
    if (known.has(name)) continue;
    known.add(name);
    rows.push({ name, label: name });
  }
  return rows;
}

export interface SettingDifference {
  param: string;
  label: string;
  capability: HostCapability;
  /** The host's models it applies to, in the host's order. */
  models: ModelId[];
}

/**
 * The settings a host does not take as given, across its models: one entry per param, treatment and
 * note, naming the models it holds for (most hold for both, and need saying once).
 */
export function settingDifferences(provider: Pick<ProviderInfo, "models" | "capabilities">): SettingDifference[] {
  const byKey = new Map<string, SettingDifference>();
  for (const model of provider.models) {
    const capabilities = provider.capabilities[model] ?? {};
    for (const { name, label } of paramRows(model, Object.keys(capabilities))) {
      const capability = capabilities[name];
      if (!capability || capability.treatment === "passthrough") continue;
      const key = `${name}|${capability.treatment}|${capability.note ?? ""}|${capability.wire ?? ""}`;
      const seen = byKey.get(key);
      if (seen) seen.models.push(model);
      else byKey.set(key, { param: name, label, capability, models: [model] });
    }
  }
  return [...byKey.values()];
}

/** "set FAL_KEY or FAL_API_KEY; FAL_BASE_URL replaces https://queue.fal.run" */
export function setupText(provider: Pick<ProviderInfo, "env" | "defaultBaseUrl">): string {
  return `set ${joinOr(provider.env.apiKey)}; ${provider.env.baseUrl} replaces ${provider.defaultBaseUrl}`;
}

export function joinOr(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** A rule's `source` is a URL, often followed by a remark: "https://… (4 credits, 1 credit = $0.01)". */
export function splitSource(source: string): { url: string | null; label: string; remark: string } {
  const match = /^(https?:\/\/\S+)\s*(.*)$/.exec(source.trim());
  if (!match || !URL.canParse(match[1])) return { url: null, label: "", remark: source };
  const parsed = new URL(match[1]);
  const label = `${parsed.hostname}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  return { url: match[1], label, remark: match[2].replace(/^\((.*)\)$/, "$1") };
}

export const hostAnchor = (id: string) => `host-${id}`;
