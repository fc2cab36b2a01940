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

/** The entry of a model the host does not serve: a caller's mistake, since only served models reach it. */
export function notServed(host: string, model: string): Error {
  return new Error(`${host} does not serve ${modelName(model)}`);
}
