import { MODEL_IDS, modelName, type ModelId } from "@/lib/models/catalog";
import type { PriceRule } from "@/lib/pricing/rules";
import type { ModelCapabilities } from "./capabilities";
import { hostFacts } from "./catalog";
import type { HostDefinition, ProviderAdapter, ServedModel } from "./types";

/**
 * A host's adapter from its module's definition: its catalog row, and the models, capabilities and
 * prices read off its per-model entries, so no list can forget a model or a host.
 */
export function defineHost(definition: HostDefinition): ProviderAdapter {
  const { serves, ...adapter } = definition;
  const served = MODEL_IDS.flatMap((model) => {
    const entry: ServedModel | undefined = serves[model];
    return entry ? [{ model, entry }] : [];
  });
  return {
    ...hostFacts(definition.id),
    ...adapter,
    models: served.map(({ model }) => model),
    capabilities: Object.fromEntries(served.map(({ model, entry }) => [model, entry.capabilities])) as Partial<Record<ModelId, ModelCapabilities>>,
    prices: served.map(({ model, entry }): PriceRule => ({ provider: definition.id, model, ...entry.price })),
  };
}

/**
 * A host's entry for a model, typed for that model (`entryOf(BFL_MODELS, model, "BFL").body(params)`
 * takes `ParamsOf<M>`). A model the host does not serve is a caller's mistake: only the models a host
 * lists reach its requests.
 */
export function entryOf<E extends { [M in ModelId]?: unknown }, M extends ModelId>(entries: E, model: M, host: string): NonNullable<E[M]> {
  const entry = entries[model];
  if (entry === undefined || entry === null) throw new Error(`${host} does not serve ${modelName(model)}`);
  return entry;
}
