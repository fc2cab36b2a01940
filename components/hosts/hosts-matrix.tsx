import { MODEL_IDS, type ModelId } from "@/lib/models";
import type { ProviderInfo } from "@/lib/providers/registry";
import { formatUsd, modelName } from "@/components/gallery/format";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { defaultPrices, hostAnchor, lowestPrice, NOTABLE_TREATMENTS, priceRuleFor, treatmentCounts } from "./host-facts";
import { KeySourceBadge } from "./key-source";
import { ModeBadge } from "./mode-badge";
import { TreatmentBadge } from "./treatment-badge";

/** Hosts × models at a glance: the price of one default-size image and what the host bends or drops. */
export function HostsMatrix({ providers }: { providers: ProviderInfo[] }) {
  const models = MODEL_IDS.filter((m) => providers.some((p) => p.models.includes(m)));
  const prices = Object.fromEntries(models.map((m) => [m, defaultPrices(providers, m)])) as Record<ModelId, Map<string, number>>;

  return (
    <ScrollRegion label="Hosts by model" className="rounded-xl border border-zinc-800">
      <table data-testid="hosts-matrix" className="w-full text-left text-sm">
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
                <MatrixCell key={model} provider={provider} model={model} price={prices[model].get(provider.id) ?? null} lowest={lowestPrice(prices[model].values())} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function MatrixCell({ provider, model, price, lowest }: { provider: ProviderInfo; model: ModelId; price: number | null; lowest: number | null }) {
  if (!provider.models.includes(model)) {
    return (
      <td className="px-3 py-2 text-zinc-400">
        <span aria-hidden="true">–</span>
        <span className="sr-only">not served</span>
      </td>
    );
  }
  const rule = priceRuleFor(provider, model);
  const isLowest = price !== null && price === lowest;
  const counts = treatmentCounts(provider.capabilities[model]);
  const notable = NOTABLE_TREATMENTS.filter((t) => counts[t]);

  return (
    <td data-model={model} className="px-3 py-2">
      <p className="tabular-nums">
        {price === null ? (
          <span className="text-zinc-400">no price</span>
        ) : (
          <span className={isLowest ? "font-semibold text-amber-300" : "text-zinc-100"}>{formatUsd(price)}</span>
        )}
        {rule?.unit === "megapixel" ? <span className="text-xs text-zinc-400"> ({formatUsd(rule.usd)}/MP)</span> : null}
        {isLowest ? (
          <span data-testid="lowest-price" className="ml-1.5 rounded bg-amber-950 px-1 text-[10px] font-semibold text-amber-300 uppercase">
            lowest
          </span>
        ) : null}
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
        <p className="mt-1 text-xs text-zinc-400">all settings as given</p>
      )}
    </td>
  );
}
