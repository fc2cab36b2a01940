"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { filterToSearchParams, readFilterParams, type HistoryFilter } from "@/lib/history/filters";
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

const EXPORTS = [
  { format: "json", label: "Export JSON" },
  { format: "zip", label: "Download images (zip)" },
] as const;

/** Both exports; with nothing to export (`emptyReason`), disabled and saying why. */
function ExportLinks({ filter, emptyReason }: { filter: HistoryFilter; emptyReason: string | null }) {
  return (
    <div aria-label="Export" role="group" className="flex flex-wrap items-center gap-2">
      {EXPORTS.map(({ format, label }) =>
        emptyReason ? (
          <Button key={format} size="sm" disabled aria-describedby="export-empty-reason" data-testid={`export-${format}`}>
            <DownloadIcon /> {label}
          </Button>
        ) : (
          <a key={format} href={exportHref(format, filter)} download data-testid={`export-${format}`} className={buttonClass("secondary", "sm")}>
            <DownloadIcon /> {label}
          </a>
        ),
      )}
      {emptyReason ? (
        <span id="export-empty-reason" data-testid="export-empty-reason" className="text-xs text-zinc-400">
          {emptyReason}
        </span>
      ) : null}
    </div>
  );
}

/** Nothing to show: no run at all (go make one), or none matching the filter (clear it). */
function EmptyHistory({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return filtered ? (
    <div data-testid="history-empty" data-reason="filter" className="space-y-3">
      <p>No run matches this filter.</p>
      <Button size="sm" data-testid="history-empty-clear" onClick={onClear}>
        Clear filters
      </Button>
    </div>
  ) : (
    <div data-testid="history-empty" data-reason="none" className="space-y-3">
      <p>No runs yet: your runs and comparisons will be kept here.</p>
      <Link href="/" data-testid="history-empty-playground" className={buttonClass("primary", "sm")}>
        Open the playground
      </Link>
    </div>
  );
}

/** Every run kept, narrowed by a filter that lives in the address, with its spend and its export. */
export function HistoryView({ providers }: { providers: ProviderInfo[] }) {
  const router = useRouter();
  const { filter, ready, urlIssues, draft, editIssues, change, clear, viewerTimeZone } = useHistoryFilter();
  const params = useSearchParams();
  const valid = ready && urlIssues.length === 0;
  const spend = useSpendReport(filter, valid ? viewerTimeZone : null);
  const filtered = Object.keys(filter).length > 0;
  const nothing = spend.data && !spend.isPlaceholderData && spend.data.totals.generations === 0;
  const emptyReason = nothing ? (filtered ? "Nothing matches this filter to export." : "No runs yet to export.") : null;

  return (
    <div className="min-h-screen">
      <AppHeader title="History" current="history">
        {valid ? <ExportLinks filter={filter} emptyReason={emptyReason} /> : null}
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
              empty={<EmptyHistory filtered={filtered} onClear={clear} />}
              // The form lives on the playground: open it there with this run's settings and this image's seed.
              onReuse={(generation, image) => router.push(`/?${new URLSearchParams({ from: generation.id, image: image.id })}`)}
              onEdit={(image) => router.push(`/?${new URLSearchParams({ edit: image.id })}`)}
            />
          </>
        ) : !ready ? null : (
          <FilterIssues
            title="The filter in this address cannot be applied. Fix it in the address, or clear the filters to see every run:"
            issues={urlIssues}
            given={readFilterParams(new URLSearchParams(params.toString()))}
            testId="filter-url-issues"
          >
            <Button size="sm" onClick={clear} data-testid="url-issues-clear">
              Clear filters
            </Button>
          </FilterIssues>
        )}
      </main>
    </div>
  );
}
