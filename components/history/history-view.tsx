"use client";

import { useRouter } from "next/navigation";
import { filterToSearchParams, type HistoryFilter } from "@/lib/history/filters";
import type { ProviderInfo } from "@/lib/providers/registry";
import { Gallery } from "@/components/gallery/gallery";
import { AppHeader } from "@/components/ui/app-header";
import { Button, buttonClass } from "@/components/ui/button";
import { DownloadIcon } from "@/components/ui/icons";
import { FilterBar } from "./filter-bar";
import { FilterIssues } from "./filter-issues";
import { dayTimeZone } from "./filter-url";
import { SpendPanel, useSpendReport } from "./spend-panel";
import { useHistoryFilter } from "./use-history-filter";

/** The export of what the filter matches (the lead's route answers it as a download). */
const exportHref = (format: "json" | "zip", filter: HistoryFilter) => {
  const query = filterToSearchParams(filter);
  query.set("format", format);
  return `/api/v1/history/export?${query}`;
};

function ExportLinks({ filter }: { filter: HistoryFilter }) {
  return (
    <div aria-label="Export" role="group" className="flex flex-wrap gap-2">
      <a href={exportHref("json", filter)} download data-testid="export-json" className={buttonClass("secondary", "sm")}>
        <DownloadIcon /> Export JSON
      </a>
      <a href={exportHref("zip", filter)} download data-testid="export-zip" className={buttonClass("secondary", "sm")}>
        <DownloadIcon /> Download images (zip)
      </a>
    </div>
  );
}

/** Every run kept, narrowed by a filter that lives in the address, with its spend and its export. */
export function HistoryView({ providers }: { providers: ProviderInfo[] }) {
  const router = useRouter();
  const { filter, ready, urlIssues, draft, editIssues, change, clear, viewerTimeZone } = useHistoryFilter();
  const valid = ready && urlIssues.length === 0;
  const spend = useSpendReport(filter, valid ? viewerTimeZone : null);

  return (
    <div className="min-h-screen">
      <AppHeader title="History" current="history">
        {valid ? <ExportLinks filter={filter} /> : null}
      </AppHeader>
      <main className="mx-auto max-w-[1800px] space-y-6 px-4 py-6">
        <FilterBar
          providers={providers}
          draft={draft}
          issues={editIssues}
          // A refetch keeps the last figures on screen: the count says "Counting…" rather than the old filter's.
          matching={valid ? (spend.isPlaceholderData ? undefined : spend.data?.totals) : null}
          timeZone={dayTimeZone(filter, viewerTimeZone)}
          onChange={change}
          onClear={clear}
        />
        {valid ? (
          <>
            <SpendPanel spend={spend} providers={providers} />
            <Gallery
              providers={providers}
              filter={filter}
              // The spend panel above shows the same totals.
              showTotals={false}
              // The form lives on the playground: open it there with this run's settings and this image's seed.
              onReuse={(generation, image) => router.push(`/?${new URLSearchParams({ from: generation.id, image: image.id })}`)}
            />
          </>
        ) : !ready ? null : (
          <FilterIssues title="This address has a filter the history cannot apply:" issues={urlIssues} testId="filter-url-issues">
            <Button size="sm" onClick={clear} data-testid="url-issues-clear">
              Clear filters
            </Button>
          </FilterIssues>
        )}
      </main>
    </div>
  );
}
