import type { ModelId } from "@/lib/models";
import type { ProviderInfo } from "@/lib/providers/registry";
import { modelName } from "@/components/gallery/format";
import { hostAnchor, paramRows } from "./host-facts";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { capabilityTitle, TreatmentBadge } from "./treatment-badge";

/** One model's params × the hosts that serve it: where a setting is dropped or bent, per host. */
export function ParamMatrix({ providers, model }: { providers: ProviderInfo[]; model: ModelId }) {
  const hosts = providers.filter((p) => p.models.includes(model));
  if (hosts.length === 0) return null;
  const rows = paramRows(model, hosts.flatMap((h) => Object.keys(h.capabilities[model] ?? {})));

  return (
    <ScrollRegion label={`${modelName(model)}: settings by host`} className="rounded-xl border border-zinc-800">
      <table data-testid="param-matrix" data-model={model} className="w-full text-left text-xs">
        <caption className="bg-zinc-900/80 px-3 py-2 text-left text-sm font-medium whitespace-nowrap text-zinc-200">{modelName(model)}</caption>
        <thead className="text-zinc-400">
          <tr className="border-b border-zinc-800">
            <th scope="col" className="px-3 py-1.5 font-medium">Parameter</th>
            {hosts.map((h) => (
              <th key={h.id} scope="col" className="px-2 py-1.5 align-bottom font-medium">
                <a href={`#${hostAnchor(h.id)}`} className="underline-offset-2 hover:underline">
                  {h.name}
                </a>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ name, label }) => (
            <tr key={name} className="border-b border-zinc-800/60 last:border-0">
              <th scope="row" className="px-3 py-1 font-normal whitespace-nowrap text-zinc-300" title={name}>
                {label}
              </th>
              {hosts.map((h) => {
                const capability = h.capabilities[model]?.[name];
                return (
                  <td key={h.id} className="px-2 py-1">
                    {!capability ? (
                      <span className="text-zinc-400" title="Not described">–</span>
                    ) : capability.treatment === "passthrough" ? (
                      <span className="text-zinc-400" title={capabilityTitle(capability)}>
                        <span aria-hidden="true">✓</span>
                        <span className="sr-only">passthrough</span>
                        {capability.note ? <span aria-hidden="true" className="text-zinc-400">*</span> : null}
                      </span>
                    ) : (
                      <TreatmentBadge treatment={capability.treatment} title={capabilityTitle(capability)} />
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
