import Link from "next/link";
import { MODELS, type ModelId } from "@/lib/models";
import type { ProviderInfo } from "@/lib/providers/registry";
import { selectClass } from "@/components/ui/input-styles";
import { formatUsd } from "@/components/gallery/format";
import { KeySourceBadge } from "@/components/hosts/key-source";

export const providersFor = (providers: ProviderInfo[], model: ModelId) =>
  providers.filter((p) => p.models.includes(model));

/** The host a model starts on: the first that can run (a misconfigured one only when nothing else serves it). */
export const defaultHostFor = (providers: ProviderInfo[], model: ModelId): ProviderInfo | undefined => {
  const hosts = providersFor(providers, model);
  return hosts.find((p) => p.mode !== "misconfigured") ?? hosts[0];
};

function providerLabel(provider: ProviderInfo, model: ModelId) {
  if (provider.mode === "misconfigured") return `${provider.name} · misconfigured`;
  const rule = provider.prices.find((p) => p.model === model);
  // Short enough for a phone's select: the unit only when it is not per image.
  const price = rule ? ` · ${formatUsd(rule.usd)}${rule.unit === "image" ? "" : "/MP"}` : "";
  return `${provider.name}${provider.mode === "live" ? "" : ` (${provider.mode})`}${price}`;
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
  const selected = hosts.find((p) => p.id === providerId);
  const description = MODELS.find((m) => m.id === model)?.description;

  return (
    <div className="space-y-4">
      <div className="space-y-1.5">
        <label htmlFor="model-select" className="text-sm font-medium text-zinc-200">
          Model
        </label>
        <select
          id="model-select"
          name="model"
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
        <div className="flex items-baseline justify-between gap-2">
          <label htmlFor="provider-select" className="text-sm font-medium text-zinc-200">
            Host
          </label>
          {/* A new tab keeps the prompt being written. */}
          <Link
            href="/compare"
            target="_blank"
            data-testid="compare-hosts-link"
            className="text-xs text-zinc-400 underline-offset-2 hover:text-amber-300 hover:underline focus-visible:outline-2 focus-visible:outline-amber-400"
          >
            Compare hosts ↗
          </Link>
        </div>
        <select
          id="provider-select"
          name="provider"
          data-testid="provider-select"
          value={providerId ?? ""}
          onChange={(event) => onProviderChange(event.target.value)}
          disabled={hosts.length === 0}
          className={selectClass}
        >
          {hosts.length === 0 ? <option value="">No host serves this model</option> : null}
          {hosts.map((p) => (
            <option key={p.id} value={p.id} disabled={p.mode === "misconfigured"} title={p.problem ?? undefined}>
              {providerLabel(p, model)}
            </option>
          ))}
        </select>
        {selected && !(selected.mode === "misconfigured" && selected.keySource === "sandbox") ? (
          <p data-testid="host-key-source" className="flex flex-wrap items-center gap-1.5 text-xs text-zinc-500">
            Runs with <KeySourceBadge provider={selected} />
            <Link href="/keys" target="_blank" className="ml-auto text-zinc-400 underline-offset-2 hover:text-amber-300 hover:underline focus-visible:outline-2 focus-visible:outline-amber-400">
              Your keys ↗
            </Link>
          </p>
        ) : null}
      </div>
    </div>
  );
}
