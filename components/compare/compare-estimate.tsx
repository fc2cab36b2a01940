"use client";

import { useWatch } from "react-hook-form";
import { defaultParams, type CanonicalParams, type ModelId } from "@/lib/models";
import { comparisonCost, exceedsConfirmation } from "@/lib/compare/stats";
import { estimateWithRule } from "@/lib/pricing/price";
import type { ProviderInfo } from "@/lib/providers/registry";
import { formatUsd } from "@/components/gallery/format";
import type { FormValues } from "@/components/schema-form/types";

export interface HostEstimate {
  provider: ProviderInfo;
  unitUsd: number | null;
  listUsd: number;
  billableUsd: number;
}

/** List price per host for `seeds` cells of one image each, at the size in the form; sandbox bills $0. */
export function estimateHosts(hosts: ProviderInfo[], model: ModelId, values: FormValues, seeds: number): HostEstimate[] {
  const params = { ...defaultParams(model), ...values, num_images: 1 } as unknown as CanonicalParams;
  return hosts.map((provider) => {
    const rule = provider.prices.find((p) => p.model === model);
    const unitUsd = rule ? estimateWithRule(rule, model, params).unitPriceUsd : null;
    const listUsd = comparisonCost(Array.from({ length: seeds }, () => ({ estimatedUsd: unitUsd ?? 0 })));
    return { provider, unitUsd, listUsd, billableUsd: provider.mode === "live" ? listUsd : 0 };
  });
}

export function CompareEstimate({
  hosts,
  model,
  seeds,
  confirmAboveUsd,
}: {
  hosts: ProviderInfo[];
  model: ModelId;
  /** Rows: the number of seeds (one when left to the server). */
  seeds: number;
  confirmAboveUsd: number;
}) {
  const values = useWatch<FormValues>();
  const rows = estimateHosts(hosts, model, values, seeds);
  const total = comparisonCost(rows.map((r) => ({ estimatedUsd: r.listUsd })));
  const billable = comparisonCost(rows.map((r) => ({ estimatedUsd: r.billableUsd })));
  const asks = exceedsConfirmation(billable, confirmAboveUsd);

  return (
    <section data-testid="compare-estimate" aria-label="Cost estimate" className="space-y-1.5 rounded-md border border-zinc-800 bg-zinc-900/40 p-2.5 text-xs">
      <h2 className="font-medium text-zinc-300">
        Estimate · {hosts.length} host{hosts.length === 1 ? "" : "s"} × {seeds} seed{seeds === 1 ? "" : "s"} = {hosts.length * seeds} image
        {hosts.length * seeds === 1 ? "" : "s"}
      </h2>
      {rows.length === 0 ? (
        <p className="text-zinc-500">Choose at least one host.</p>
      ) : (
        <table className="w-full">
          <caption className="sr-only">List price per host</caption>
          <tbody>
            {rows.map((r) => (
              <tr key={r.provider.id} data-testid="compare-estimate-host" data-provider={r.provider.id} className="border-b border-zinc-800/70 last:border-0">
                <th scope="row" className="py-0.5 pr-2 text-left font-normal text-zinc-400">
                  {r.provider.name}
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
