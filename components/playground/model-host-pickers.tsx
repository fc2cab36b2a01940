import { MODELS, type ModelId } from "@/lib/models";
import type { ProviderInfo } from "@/lib/providers/registry";
import { selectClass } from "@/components/ui/input-styles";
import { formatUsd } from "@/components/gallery/format";

export const providersFor = (providers: ProviderInfo[], model: ModelId) =>
  providers.filter((p) => p.models.includes(model));

function providerLabel(provider: ProviderInfo, model: ModelId) {
  const price = provider.unitPriceUsd[model];
  return `${provider.name} · ${provider.mode}${price !== undefined ? ` · ${formatUsd(price)}/image` : ""}`;
}

export function ModelHostPickers({
  providers,
  model,
  providerId,
  onModelChange,
  onProviderChange,
}: {
  providers: ProviderInfo[];
  model: ModelId;
  providerId: string | null;
  onModelChange: (model: ModelId) => void;
  onProviderChange: (providerId: string) => void;
}) {
  const hosts = providersFor(providers, model);
  const description = MODELS.find((m) => m.id === model)?.description;

  return (
    <div className="space-y-4">
      <div className="space-y-1.5">
        <label htmlFor="model-select" className="text-sm font-medium text-zinc-200">
          Model
        </label>
        <select
          id="model-select"
          data-testid="model-select"
          value={model}
          onChange={(event) => onModelChange(event.target.value as ModelId)}
          className={selectClass}
          aria-describedby="model-description"
        >
          {MODELS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        {description ? (
          <p id="model-description" className="text-xs text-zinc-500">
            {description}
          </p>
        ) : null}
      </div>

      <div className="space-y-1.5">
        <label htmlFor="provider-select" className="text-sm font-medium text-zinc-200">
          Host
        </label>
        <select
          id="provider-select"
          data-testid="provider-select"
          value={providerId ?? ""}
          onChange={(event) => onProviderChange(event.target.value)}
          disabled={hosts.length === 0}
          className={selectClass}
        >
          {hosts.length === 0 ? <option value="">No host serves this model</option> : null}
          {hosts.map((p) => (
            <option key={p.id} value={p.id}>
              {providerLabel(p, model)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
