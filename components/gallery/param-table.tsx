import { describeFields, MODEL_IDS, type ModelId } from "@/lib/models";
import { formatParam } from "./format";

function orderedEntries(model: string, params: Record<string, unknown>): [string, string, unknown][] {
  const known = (MODEL_IDS as readonly string[]).includes(model) ? describeFields(model as ModelId) : [];
  const seen = new Set<string>();
  const rows: [string, string, unknown][] = [];
  for (const field of known) {
    if (!(field.name in params)) continue;
    seen.add(field.name);
    rows.push([field.name, field.ui.label, params[field.name]]);
  }
  for (const name of Object.keys(params).sort()) {
    if (!seen.has(name)) rows.push([name, name, params[name]]);
  }
  return rows;
}

/** Every parameter the generation was made with, in the form's order; unknown ones at the end. */
export function ParamTable({ model, params }: { model: string; params: Record<string, unknown> }) {
  const rows = orderedEntries(model, params).filter(([name]) => name !== "prompt");
  if (rows.length === 0) return null;
  return (
    <table className="w-full text-xs">
      <caption className="sr-only">Parameters</caption>
      <tbody>
        {rows.map(([name, label, value]) => (
          <tr key={name} className="border-b border-zinc-800 last:border-0">
            <th scope="row" className="py-1 pr-3 text-left font-normal text-zinc-500" title={name}>
              {label}
            </th>
            <td className="py-1 font-mono break-all text-zinc-200">{formatParam(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
