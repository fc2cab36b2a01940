"use client";

import { useWatch } from "react-hook-form";
import { carryOverParams, defaultParams, modelName, type CanonicalParams, type ModelId } from "@/lib/models";
import { cellKeys, isSingleModel } from "@/lib/compare/cells";
import { comparisonCost, exceedsConfirmation } from "@/lib/compare/stats";
import { estimateWithRule } from "@/lib/pricing/price";
import type { ProviderInfo } from "@/lib/providers/registry";
import { formatUsd } from "@/components/gallery/format";
import type { FormValues } from "@/components/schema-form/types";

/** A column of the grid to be: a host and the model it runs. */
export interface FormCell {
  provider: ProviderInfo;
  model: ModelId;
}

export interface HostEstimate {
  key: string;
  /** The host, or "host · model" when the models vary. */
  label: string;
  model: ModelId;
  provider: ProviderInfo;
  unitUsd: number | null;
  listUsd: number;
  billableUsd: number;
}

/**
 * List price per cell for `seeds` images each, at the size in the form; sandbox bills $0. Across
 * models, each model is priced at the values it takes (its default for the others), as the server maps them.
 */
export function estimateCells(cells: FormCell[], values: FormValues, seeds: number): HostEstimate[] {
  const single = isSingleModel(cells);
  const keys = cellKeys(cells.map((c) => ({ model: c.model, provider: c.provider.id })));
  return cells.map(({ provider, model }, i) => {
    const params = { ...(single ? { ...defaultParams(model), ...values } : carryOverParams(values, model)), num_images: 1 } as unknown as CanonicalParams;
    const rule = provider.prices.find((p) => p.model === model);
    const unitUsd = rule ? estimateWithRule(rule, model, params).unitPriceUsd : null;
    const listUsd = comparisonCost(Array.from({ length: seeds }, () => ({ estimatedUsd: unitUsd ?? 0 })));
    return { key: keys[i], label: single ? provider.name : `${provider.name} · ${modelName(model)}`, model, provider, unitUsd, listUsd, billableUsd: provider.mode === "live" ? listUsd : 0 };
  });
}

export function CompareEstimate({
  cells,
  seeds,
  confirmAboveUsd,
}: {
  cells: FormCell[];
  /** Rows: the number of seeds (one when left to the server). */
  seeds: number;
  confirmAboveUsd: number;
}) {
  const values = useWatch<FormValues>();
  const rows = estimateCells(cells, values, seeds);
  const columns = isSingleModel(cells) ? "host" : "cell";
  const total = comparisonCost(rows.map((r) => ({ estimatedUsd: r.listUsd })));
  const billable = comparisonCost(rows.map((r) => ({ estimatedUsd: r.billableUsd })));
  const asks = exceedsConfirmation(billable, confirmAboveUsd);

  return (
    <section data-testid="compare-estimate" aria-label="Cost estimate" className="space-y-1.5 rounded-md border border-zinc-800 bg-zinc-900/40 p-2.5 text-xs">
      <h2 className="font-medium text-zinc-300">
        Estimate · {cells.length} {columns}
        {cells.length === 1 ? "" : "s"} × {seeds} seed{seeds === 1 ? "" : "s"} = {cells.length * seeds} image
        {cells.length * seeds === 1 ? "" : "s"}
      </h2>
      {rows.length === 0 ? (
        <p className="text-zinc-500">Choose at least one host.</p>
      ) : (
        <table className="w-full">
          <caption className="sr-only">List price per {columns}</caption>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid="compare-estimate-host" data-provider={r.provider.id} data-model={r.model} className="border-b border-zinc-800/70 last:border-0">
                <th scope="row" className="py-0.5 pr-2 text-left font-normal text-zinc-400">
                  {r.label}
                </th>
                <td className="py-0.5 pr-2 text-right tabular-nums text-zinc-500">{r.unitUsd === null ? "no price" : `${seeds} × ${formatUsd(r.unitUsd)}`}</td>
                <td className="py-0.5 text-right tabular-nums text-zinc-200">
                  {formatUsd(r.listUsd)}
                  {r.provider.mode === "sandbox" ? <span className="text-amber-300/90"> · $0 billed</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl className="flex flex-wrap justify-between gap-x-4 gap-y-0.5 border-t border-zinc-800 pt-1.5">
        <div className="flex gap-1.5">
          <dt className="text-zinc-500">List total</dt>
          <dd data-testid="compare-estimate-total" className="font-medium tabular-nums text-zinc-100">
            {formatUsd(total)}
          </dd>
        </div>
        <div className="flex gap-1.5">
          <dt className="text-zinc-500" title="What live hosts would bill; sandbox hosts bill nothing">
            Billable (live hosts)
          </dt>
          <dd data-testid="compare-estimate-billable" className={`font-medium tabular-nums ${asks ? "text-amber-300" : "text-zinc-100"}`}>
            {formatUsd(billable)}
          </dd>
        </div>
      </dl>
      <p className="text-zinc-500">
        {asks
          ? `Above ${formatUsd(confirmAboveUsd)} billable: you confirm before anything runs.`
          : `Runs at once up to ${formatUsd(confirmAboveUsd)} billable; above that you confirm first.`}
      </p>
    </section>
  );
}
