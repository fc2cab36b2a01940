"use client";

import dynamic from "next/dynamic";
import { keepPreviousData, useQuery, type UseQueryResult } from "@tanstack/react-query";
import { filterToSearchParams, type HistoryFilter } from "@/lib/history/filters";
import type { SpendReport } from "@/lib/history/types";
import type { ProviderInfo } from "@/lib/providers/registry";
import { getJson, spendQueryPrefix } from "@/components/gallery/generation-cache";
import { HistoryTotals } from "@/components/gallery/history-totals";
import { Button } from "@/components/ui/button";
import { spendFilter } from "./filter-url";

// Holds the chart's height while the figures load, so the runs below do not jump down when it comes.
const placeholderClass = "flex h-60 items-center justify-center text-sm text-zinc-400";

// The chart and tables come with the figures (a fetch from the browser), not with the page: they
// stay out of the first load.
const SpendDetails = dynamic(() => import("./spend-details").then((m) => m.SpendDetails), {
  ssr: false,
  loading: () => <p className={placeholderClass}>Drawing the chart…</p>,
});

const spendKey = (query: string) => [...spendQueryPrefix, query] as const;

/** Spend of the runs matching the filter, its days counted in the zone `dayTimeZone` picks. */
export function useSpendReport(filter: HistoryFilter, viewerTimeZone: string | null): UseQueryResult<SpendReport> {
  const query = viewerTimeZone ? filterToSearchParams(spendFilter(filter, viewerTimeZone)).toString() : null;
  return useQuery({
    queryKey: spendKey(query ?? ""),
    queryFn: ({ signal }) => getJson<SpendReport>(`/api/v1/history/spend?${query}`, signal),
    // The zone is only known in the browser; until then there is nothing to ask.
    enabled: query !== null,
    placeholderData: keepPreviousData,
  });
}

/** Totals, spend over time and per host and model, for what the filter matches. */
export function SpendPanel({ spend, providers }: { spend: UseQueryResult<SpendReport>; providers: ProviderInfo[] }) {
  const report = spend.data;

  return (
    <section data-testid="spend-panel" aria-labelledby="spend-title" aria-busy={spend.isFetching} className="space-y-4 rounded-xl border border-zinc-800 bg-zinc-900/30 p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="spend-title" className="text-lg font-semibold">
          Spend
        </h2>
        <div data-testid="spend-totals">
          <HistoryTotals totals={report?.totals} />
        </div>
      </div>

      {spend.isError && !report ? (
        <div className="rounded-lg border border-red-900 bg-red-950/30 p-3 text-sm text-red-200">
          Could not load the spend: {spend.error.message}{" "}
          <Button size="sm" onClick={() => void spend.refetch()}>
            Retry
          </Button>
        </div>
      ) : !report ? (
        <p className={placeholderClass}>Adding up the spend…</p>
      ) : report.totals.generations === 0 ? (
        <p data-testid="spend-empty" className="text-sm text-zinc-400">
          No runs match this filter, so nothing was spent.
        </p>
      ) : (
        <SpendDetails report={report} providers={providers} />
      )}
    </section>
  );
}
