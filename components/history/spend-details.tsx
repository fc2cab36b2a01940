"use client";

import { useMemo } from "react";
import type { SpendReport } from "@/lib/history/types";
import type { ProviderInfo } from "@/lib/providers/registry";
import { modelName } from "@/components/gallery/format";
import { binSpend } from "./spend-bins";
import { SpendChart } from "./spend-chart";
import { SpendTable } from "./spend-table";

/** Spend over time, and per host and model, of a report with at least one run. */
export function SpendDetails({ report, providers }: { report: SpendReport; providers: ProviderInfo[] }) {
  const chart = useMemo(() => binSpend(report.byDay), [report]);
  const hostName = (id: string) => providers.find((p) => p.id === id)?.name ?? id;
  return (
    <>
      <SpendChart bins={chart.bins} unit={chart.unit} timeZone={report.timeZone} />
      <div className="grid items-start gap-4 md:grid-cols-2">
        <SpendTable
          caption="Per host"
          heading="Host"
          testId="spend-by-host"
          rows={report.byHost.map((row) => ({ ...row, key: row.provider, label: hostName(row.provider) }))}
        />
        <SpendTable
          caption="Per model"
          heading="Model"
          testId="spend-by-model"
          rows={report.byModel.map((row) => ({ ...row, key: row.model, label: modelName(row.model) }))}
        />
      </div>
    </>
  );
}
