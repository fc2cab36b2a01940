import type { ModelId } from "@/lib/models";
import { paramRows, type HostCapabilities } from "./host-facts";
import { Identifier } from "./identifier";
import { TreatmentBadge } from "./treatment-badge";

/** How each canonical param of one model reaches one host: treatment, the host's field, and why. */
export function CapabilityTable({ model, capabilities, caption }: { model: ModelId; capabilities: HostCapabilities; caption: string }) {
  const rows = paramRows(model, Object.keys(capabilities));
  return (
    <table data-testid="capability-table" data-model={model} className="w-full text-left text-xs">
      <caption className="sr-only">{caption}</caption>
      <thead className="text-zinc-400">
        <tr className="border-b border-zinc-800">
          <th scope="col" className="py-1 pr-3 font-medium">Setting</th>
          <th scope="col" className="py-1 pr-3 font-medium">What the host does</th>
          <th scope="col" className="py-1 font-medium">Host&apos;s field</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ name, label }) => {
          const capability = capabilities[name];
          return (
            <tr key={name} data-param={name} className="border-b border-zinc-800/60 align-top last:border-0">
              <th scope="row" className="py-1 pr-3 font-normal text-zinc-200">
                {label}
              </th>
              <td className="py-1 pr-3 text-zinc-300">
                {capability ? <TreatmentBadge treatment={capability.treatment} /> : <span className="text-zinc-400">not described</span>}
                {capability?.note ? <span className="mt-0.5 block text-zinc-400">{capability.note}</span> : null}
              </td>
              <td className="py-1 text-zinc-300">{!capability ? "–" : capability.treatment === "dropped" ? <span className="text-zinc-400">not sent</span> : <Identifier name={capability.wire ?? name} />}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
