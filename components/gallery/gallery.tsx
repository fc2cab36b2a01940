"use client";

import { useMemo, useState, type ReactNode } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { HistoryEntry } from "@/lib/compare/types";
import type { GenerationDto, ImageDto } from "@/lib/jobs/types";
import type { ProviderInfo } from "@/lib/providers/registry";
import { Button } from "@/components/ui/button";
import { ComparisonCard } from "./comparison-card";
import { GenerationCard } from "./generation-card";
import type { HistoryFilter } from "@/lib/history/filters";
import { entryKey, fetchHistoryPage, historyViewKey, keepTerminalItems, type HistoryPage } from "./generation-cache";
import { HistoryTotals } from "./history-totals";
import { ImageDetailDialog, type ImageEntry } from "./image-detail-dialog";

const EAGER_CARDS = 3;

function historyOf(data: { pages: HistoryPage[] } | undefined): HistoryEntry[] {
  const seen = new Set<string>();
  const out: HistoryEntry[] = [];
  for (const page of data?.pages ?? []) {
    for (const item of page.items) {
      const key = entryKey(item);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(item);
    }
  }
  return out;
}

// The detail dialog pages through single runs; a comparison's images open in its grid.
const entriesOf = (history: HistoryEntry[]): ImageEntry[] =>
  history.flatMap((entry) => (entry.kind === "generation" ? entry.generation.images.map((image) => ({ generation: entry.generation, image })) : []));

/** Newest-first history with live cards, totals, paging and the image detail dialog. */
export function Gallery({
  providers,
  onReuse,
  filter = {},
  headerAction,
}: {
  providers: ProviderInfo[];
  onReuse: (generation: GenerationDto, image: ImageDto) => void;
  /** Only the entries matching this filter (the /history page's URL); the whole history by default. */
  filter?: HistoryFilter;
  /** Shown beside the title (e.g. the playground's link to the full history). */
  headerAction?: ReactNode;
}) {
  const query = useInfiniteQuery({
    queryKey: historyViewKey(filter),
    queryFn: ({ pageParam, signal }) => fetchHistoryPage(pageParam, filter, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    structuralSharing: keepTerminalItems,
  });
  const history = useMemo(() => historyOf(query.data), [query.data]);
  const entries = useMemo(() => entriesOf(history), [history]);
  const [selectedImageId, setSelectedImageId] = useState<string | null>(null);
  const selectedIndex = selectedImageId ? entries.findIndex((e) => e.image.id === selectedImageId) : -1;
  const selected = selectedIndex >= 0 ? entries[selectedIndex] : null;
  const hostName = (id: string) => providers.find((p) => p.id === id)?.name ?? id;

  const goNext = () => {
    const next = entries[selectedIndex + 1];
    if (next) return setSelectedImageId(next.image.id);
    if (!query.hasNextPage || query.isFetchingNextPage) return;
    const currentId = selectedImageId;
    void query.fetchNextPage().then((result) => {
      const all = entriesOf(historyOf(result.data));
      const at = all.findIndex((e) => e.image.id === currentId);
      const following = all[at + 1];
      if (at >= 0 && following) setSelectedImageId((id) => (id === currentId ? following.image.id : id));
    });
  };
  const canGoNext = selectedIndex >= 0 && (selectedIndex < entries.length - 1 || Boolean(query.hasNextPage));
  const canGoPrevious = selectedIndex > 0;

  return (
    <section data-testid="gallery" aria-labelledby="gallery-title" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="gallery-title" className="text-lg font-semibold">
          Runs &amp; history
        </h2>
        {headerAction}
        <HistoryTotals totals={query.data?.pages[0]?.totals ?? undefined} />
      </div>

      {query.isPending ? (
        <p className="text-sm text-zinc-500">Loading history…</p>
      ) : query.isError && history.length === 0 ? (
        <div className="rounded-lg border border-red-900 bg-red-950/30 p-3 text-sm text-red-200">
          Could not load the history: {query.error.message}{" "}
          <Button size="sm" onClick={() => void query.refetch()}>
            Retry
          </Button>
        </div>
      ) : history.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-800 p-8 text-center text-sm text-zinc-500">
          No runs yet. Write a prompt and press Run (Ctrl/⌘ + Enter).
        </p>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2 2xl:grid-cols-3">
          {history.map((entry, index) =>
            entry.kind === "generation" ? (
              <GenerationCard
                key={entryKey(entry)}
                generation={entry.generation}
                // The first row is on screen: fetch at once instead of waiting for lazy loading.
                eager={index < EAGER_CARDS}
                hostName={hostName(entry.generation.provider)}
                onOpenImage={setSelectedImageId}
              />
            ) : (
              <ComparisonCard key={entryKey(entry)} comparison={entry.comparison} eager={index < EAGER_CARDS} hostName={hostName} />
            ),
          )}
        </div>
      )}

      {query.hasNextPage ? (
        <div className="flex justify-center">
          <Button data-testid="load-more" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {query.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : null}

      {selected ? (
        <ImageDetailDialog
          entry={selected}
          position={selectedIndex + 1}
          total={entries.length}
          hostName={hostName(selected.generation.provider)}
          onPrevious={canGoPrevious ? () => setSelectedImageId(entries[selectedIndex - 1].image.id) : null}
          onNext={canGoNext ? goNext : null}
          onClose={() => setSelectedImageId(null)}
          onReuse={(generation, image) => {
            setSelectedImageId(null);
            onReuse(generation, image);
          }}
        />
      ) : null}
    </section>
  );
}
