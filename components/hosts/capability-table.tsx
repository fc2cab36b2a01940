import type { ModelId } from "@/lib/models";
import { paramRows, type HostCapabilities } from "./host-facts";
import { TreatmentBadge } from "./treatment-badge";

/** How each canonical param of one model reaches one host: treatment, the host's field, and why. */
export function CapabilityTable({ model, capabilities, caption }: { model: ModelId; capabilities: HostCapabilities; caption: string }) {
  const rows = paramRows(model, Object.keys(capabilities));
  return (
    <div className="overflow-x-auto">
      <table data-testid="capability-table" data-model={model} className="w-full min-w-[28rem] text-left text-xs">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-zinc-500">
          <tr className="border-b border-zinc-800">
            <th scope="col" className="py-1 pr-3 font-medium">Parameter</th>
            <th scope="col" className="py-1 pr-3 font-medium">Treatment</th>
            <th scope="col" className="py-1 pr-3 font-medium">Host field</th>
            <th scope="col" className="py-1 font-medium">Note</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ name, label }) => {
            const capability = capabilities[name];
            return (
              <tr key={name} data-param={name} className="border-b border-zinc-800/60 align-top last:border-0">
                <th scope="row" className="py-1 pr-3 font-normal text-zinc-200">
                  {label}
                  {label !== name ? <span className="block font-mono text-[10px] text-zinc-500">{name}</span> : null}
                </th>
                <td className="py-1 pr-3">
                  {capability ? <TreatmentBadge treatment={capability.treatment} /> : <span className="text-zinc-500">not described</span>}
                </td>
                <td className="py-1 pr-3 font-mono break-all text-zinc-300">{capability?.wire ?? (capability ? <span className="text-zinc-600">same</span> : "–")}</td>
                <td className="py-1 text-zinc-400">{capability?.note ?? ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
