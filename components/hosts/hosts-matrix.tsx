import { MODEL_IDS, type ModelId } from "@/lib/models";
import type { ProviderInfo } from "@/lib/providers/registry";
import { formatUsd, modelName } from "@/components/gallery/format";
import { defaultImagePrice, hostAnchor, NOTABLE_TREATMENTS, priceRuleFor, treatmentCounts } from "./host-facts";
import { KeySourceBadge } from "./key-source";
import { ModeBadge } from "./mode-badge";
import { TreatmentBadge } from "./treatment-badge";

function cheapest(providers: ProviderInfo[], model: ModelId): number | null {
  const prices = providers.flatMap((p) => {
    const rule = p.models.includes(model) ? priceRuleFor(p, model) : undefined;
    return rule ? [defaultImagePrice(rule)] : [];
  });
  return prices.length ? Math.min(...prices) : null;
}

/** Hosts × models at a glance: the price of one default-size image and what the host bends or drops. */
export function HostsMatrix({ providers }: { providers: ProviderInfo[] }) {
  const models = MODEL_IDS.filter((m) => providers.some((p) => p.models.includes(m)));
  const lowest = Object.fromEntries(models.map((m) => [m, cheapest(providers, m)])) as Record<ModelId, number | null>;

  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-800">
      <table data-testid="hosts-matrix" className="w-full min-w-[36rem] text-left text-sm">
        <caption className="sr-only">Hosts by model: price per image at the default size, and parameters not passed as they are</caption>
        <thead className="bg-zinc-900/80 text-xs text-zinc-400">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Host</th>
            {models.map((m) => (
              <th key={m} scope="col" className="px-3 py-2 font-medium">
                {modelName(m)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {providers.map((provider) => (
            <tr key={provider.id} data-provider={provider.id} className="border-t border-zinc-800 align-top">
              <th scope="row" className="px-3 py-2 font-normal">
                <a href={`#${hostAnchor(provider.id)}`} className="font-medium text-zinc-100 underline-offset-2 hover:underline">
                  {provider.name}
                </a>
                <div className="mt-1 flex flex-wrap gap-1">
                  <ModeBadge mode={provider.mode} />
                  <KeySourceBadge provider={provider} besideMode />
                </div>
              </th>
              {models.map((model) => (
                <MatrixCell key={model} provider={provider} model={model} lowest={lowest[model]} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MatrixCell({ provider, model, lowest }: { provider: ProviderInfo; model: ModelId; lowest: number | null }) {
  if (!provider.models.includes(model)) {
    return (
      <td className="px-3 py-2 text-zinc-600">
        <span aria-hidden="true">–</span>
        <span className="sr-only">not served</span>
      </td>
    );
  }
  const rule = priceRuleFor(provider, model);
  const price = rule ? defaultImagePrice(rule) : null;
  const counts = treatmentCounts(provider.capabilities[model]);
  const notable = NOTABLE_TREATMENTS.filter((t) => counts[t]);

  return (
    <td data-model={model} className="px-3 py-2">
      <p className="tabular-nums">
        {price === null ? (
          <span className="text-zinc-500">no price</span>
        ) : (
          <span className={price === lowest ? "font-semibold text-amber-300" : "text-zinc-100"}>{formatUsd(price)}</span>
        )}
        {rule?.unit === "megapixel" ? <span className="text-xs text-zinc-500"> ({formatUsd(rule.usd)}/MP)</span> : null}
        {price !== null && price === lowest ? <span className="sr-only"> (lowest)</span> : null}
      </p>
      {notable.length ? (
        <p className="mt-1 flex flex-wrap gap-1">
          {notable.map((t) => (
            <TreatmentBadge
              key={t}
              treatment={t}
              count={counts[t]}
              title={`${counts[t]} parameter${counts[t] === 1 ? "" : "s"} ${t}`}
              className="tabular-nums"
              testId={`matrix-${t}`}
            />
          ))}
        </p>
      ) : (
        <p className="mt-1 text-xs text-zinc-500">all params as given</p>
      )}
    </td>
  );
}
