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

/** Our stored copy of an image prompt (`/api/images/<sha>.<ext>`), shown as the picture it is. */
export function isStoredImage(value: unknown): value is string {
  return typeof value === "string" && /^\/api\/images\/[A-Za-z0-9._-]+$/.test(value);
}

/** The reference image a run was given, as a thumbnail that opens the full file. */
export function ReferenceImage({ src, size = "h-16", alt = "Image prompt (reference image)" }: { src: string; size?: string; alt?: string }) {
  return (
    <a href={src} target="_blank" rel="noreferrer" data-testid="reference-image" className="inline-block">
      <img src={src} alt={alt} className={`${size} w-auto rounded border border-zinc-700 object-contain`} />
    </a>
  );
}

/**
 * The parameters the host received, in the form's order; unknown ones at the end. Those its mapping
 * dropped (`notSent`) are not listed as if sent: they are named apart.
 */
export function ParamTable({ model, params, notSent = [] }: { model: string; params: Record<string, unknown>; notSent?: string[] }) {
  const entries = orderedEntries(model, params).filter(([name]) => name !== "prompt");
  const rows = entries.filter(([name]) => !notSent.includes(name));
  const unsent = entries.filter(([name]) => notSent.includes(name));
  if (entries.length === 0) return null;
  return (
    <div>
      <table className="w-full text-xs" data-testid="param-table">
        <caption className="sr-only">Parameters</caption>
        <tbody>
          {rows.map(([name, label, value]) => (
            <tr key={name} data-param={name} className="border-b border-zinc-800 last:border-0">
              <th scope="row" className="py-1 pr-3 text-left font-normal text-zinc-400" title={name}>
                {label}
              </th>
              <td className="py-1 font-mono break-all text-zinc-200">{isStoredImage(value) ? <ReferenceImage src={value} /> : formatParam(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {unsent.length ? (
        <p data-testid="params-not-sent" className="mt-1 text-xs text-zinc-400">
          Not sent to this host: {unsent.map(([, label]) => label).join(", ")}
        </p>
      ) : null}
    </div>
  );
}
