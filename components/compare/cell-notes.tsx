"use client";

import { useWatch } from "react-hook-form";
import { modelName, type ModelId } from "@/lib/models";
import { sharedParamNotes } from "@/lib/compare/shared-params";
import type { FormValues } from "@/components/schema-form/types";
import type { FormCell } from "./compare-estimate";

/**
 * The cells of a comparison across models, each with what its model does not take of the shared
 * parameters: the same mapping the server applies and records on each cell's runs.
 */
export function CellNotes({ cells }: { cells: FormCell[] }) {
  const values = useWatch<FormValues>();
  const models = [...new Set(cells.map((c) => c.model))];
  const { seed: _seed, ...shared } = values;
  const byModel = sharedParamNotes(models, { ...shared, num_images: 1 });
  // Notes without the field name: "FLUX.1 [schnell] takes no safety tolerance: not sent".
  const notes = (model: ModelId) => (byModel.get(model) ?? []).map((w) => w.slice(w.indexOf(": ") + 2));
  return (
    <section data-testid="compare-cells" aria-label="Cells: host × model" className="space-y-1.5">
      <h2 className="text-sm font-medium text-zinc-200">
        Cells <span className="font-normal text-zinc-500">({cells.length}: each chosen host on each model it serves)</span>
      </h2>
      {cells.length === 0 ? <p className="text-xs text-zinc-500">No chosen host serves the chosen models.</p> : null}
      <ul className="space-y-1">
        {cells.map((cell) => (
          <li
            key={`${cell.provider.id}@${cell.model}`}
            data-testid="compare-cell-choice"
            data-provider={cell.provider.id}
            data-model={cell.model}
            className="rounded-md border border-zinc-800 bg-zinc-900/40 px-2 py-1 text-xs"
          >
            <span className="text-zinc-200">{cell.provider.name}</span> <span className="text-zinc-400">· {modelName(cell.model)}</span>
            {notes(cell.model).map((note) => (
              <p key={note} data-testid="compare-cell-note" className="text-amber-300/90">
                {note}
              </p>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
