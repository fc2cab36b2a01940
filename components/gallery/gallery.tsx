"use client";

import { useCallback, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import dynamic from "next/dynamic";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { GenerationDto, ImageDto } from "@/lib/jobs/types";
import type { ProviderInfo } from "@/lib/providers/registry";
import type { HistoryFilter } from "@/lib/history/filters";
import { Button } from "@/components/ui/button";
import { copyText } from "@/components/ui/copy-button";
import { ComparisonCard } from "./comparison-card";
import { commandOf, isTyping } from "./gallery-keys";
import { ToastMessage } from "./gallery-toast";
import { imageIdOf, imageTargetKey, isMove, targetsOf, toHistoryTargets } from "./gallery-targets";
import { GenerationCard } from "./generation-card";
import { entryKey, fetchHistoryPage, fetchHistoryTotals, historyTotalsKey, historyViewKey, keepTerminalItems } from "./generation-cache";
import { entriesOf, historyOf, isLive } from "./history-entries";
import { HistoryTotals } from "./history-totals";
import { seedOf, type ImageEntry } from "./image-entry";
import { RunAnnouncer } from "./run-announcer";
import { clickSelection, EMPTY_SELECTION, selectedInOrder } from "./selection";
import type { TileControls } from "./tile-controls";
import { useGridFocus } from "./use-grid-focus";
import { loadVerbs, useHistoryActions } from "./use-history-actions";
import { useWindowKeys } from "./use-window-keys";
import { VirtualGrid } from "./virtual-grid";

// Shown on demand, so out of the first load (the history page has a budget): the detail view
// (inspector, share, re-run), the shortcuts and the selection bar. The toast is not: its Undo must be
// there the instant a delete happens.
const loadDetail = () => import("./image-detail-dialog");
const ImageDetailDialog = dynamic(() => loadDetail().then((m) => m.ImageDetailDialog), { ssr: false });
const ShortcutsDialog = dynamic(() => import("./shortcuts-dialog").then((m) => m.ShortcutsDialog), { ssr: false });
const SelectionBar = dynamic(() => import("./selection-bar").then((m) => m.SelectionBar), { ssr: false });

/** The model "Edit with Kontext" runs (the playground's EDIT_MODEL). */
const EDIT_MODEL = "flux-kontext-pro";
/** How many more pages the detail view loads to find a linked image before it gives up. */
const MAX_PAGES_TO_FIND = 10;

/** Newest-first history: a virtualised grid with live cards, favourites, delete with undo, selection, keys. */
export function Gallery({
  providers,
  onReuse,
  onEdit,
  filter = {},
  headerAction,
  showTotals = true,
  empty,
}: {
  providers: ProviderInfo[];
  onReuse: (generation: GenerationDto, image: ImageDto) => void;
  /** "Edit with Kontext" on an image: where the form opens with it as the input image. */
  onEdit: (image: ImageDto) => void;
  /** Only the entries matching this filter (the /history page's URL); the whole history by default. */
  filter?: HistoryFilter;
  /** Shown beside the title (e.g. the playground's link to the full history). */
  headerAction?: ReactNode;
  /** False where the page shows the filter's totals already (/history's spend panel): one scan, not two. */
  showTotals?: boolean;
  /** What an empty history says; by default, how to make the first run from the playground's form. */
  empty?: ReactNode;
}) {
  const query = useInfiniteQuery({
    queryKey: historyViewKey(filter),
    queryFn: ({ pageParam, signal }) => fetchHistoryPage(pageParam, filter, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    structuralSharing: keepTerminalItems,
  });
  const totals = useQuery({ queryKey: historyTotalsKey(filter), queryFn: ({ signal }) => fetchHistoryTotals(filter, signal), enabled: showTotals });
  const history = useMemo(() => historyOf(query.data), [query.data]);
  const entries = useMemo(() => entriesOf(history), [history]);
  const entryByImage = useMemo(() => new Map(entries.map((e) => [e.image.id, e])), [entries]);
  const targets = useMemo(() => targetsOf(history), [history]);
  const selectable = useMemo(() => targets.filter((t) => t.selectable).map((t) => t.key), [targets]);
  const gridRef = useRef<HTMLDivElement>(null);
  const focus = useGridFocus(targets, gridRef);
  const actions = useHistoryActions();
  const [selection, setSelection] = useState(EMPTY_SELECTION);
  const [includeFavorites, setIncludeFavorites] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [selectedImageId, setSelectedImageId] = useState<string | null>(null);
  const selectedIndex = selectedImageId ? entries.findIndex((e) => e.image.id === selectedImageId) : -1;
  const selected = selectedIndex >= 0 ? entries[selectedIndex] : null;
  const selectedKeys = useMemo(() => selectedInOrder(selection, selectable), [selection, selectable]);
  const hostName = (id: string) => providers.find((p) => p.id === id)?.name ?? id;
  // Fetched when the pointer or the focus first enters the gallery, so the first click on an image
  // shows at once, without competing with what the page itself loads first.
  const preloaded = useRef(false);
  const preload = () => {
    if (preloaded.current) return;
    preloaded.current = true;
    void Promise.all([loadDetail(), loadVerbs()]);
  };

  const clearSelection = () => setSelection(EMPTY_SELECTION);
  const toggleFavorite = (entry: ImageEntry) => void actions.setFavorite(entry.generation.id, entry.image.id, !entry.image.favorite);
  const copySeed = async (entry: ImageEntry) => {
    const seed = seedOf(entry);
    if (seed === null) return actions.show("This image has no recorded seed");
    actions.show((await copyText(String(seed)).catch(() => false)) ? `Seed copied: ${seed}` : `Could not copy; the seed is ${seed}`);
  };
  // The one thing the user pointed at: a favourite goes too (they chose it).
  const deleteOne = (key: string) => {
    focus.leave(key);
    void actions.remove(toHistoryTargets([key]), { includeFavorites: true });
  };
  const deleteSelection = () => {
    void actions.remove(toHistoryTargets(selectedKeys), { includeFavorites });
    clearSelection();
    setIncludeFavorites(false);
  };

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
  const deleteShown = (entry: ImageEntry) => {
    // The view moves on to the next image (the previous at the end), or closes on the last one.
    const neighbour = entries[selectedIndex + 1] ?? entries[selectedIndex - 1];
    setSelectedImageId(neighbour ? neighbour.image.id : null);
    deleteOne(imageTargetKey(entry.image.id));
  };
  // Only where some host can run the edit model.
  const edit = providers.some((p) => p.models.includes(EDIT_MODEL) && p.mode !== "misconfigured") ? onEdit : undefined;
  /** Opens an image of the lineage (an edit's parent or child), loading further pages to find it. */
  const openLinked = async (imageId: string) => {
    if (entryByImage.has(imageId)) return setSelectedImageId(imageId);
    let result: { hasNextPage: boolean; data?: typeof query.data } = query;
    for (let page = 0; page < MAX_PAGES_TO_FIND && result.hasNextPage; page++) {
      result = await query.fetchNextPage();
      if (entriesOf(historyOf(result.data)).some((e) => e.image.id === imageId)) return setSelectedImageId(imageId);
    }
    actions.show("That image is not in this view: deleted, or outside the filter");
  };
  const closeDetail = () => {
    // Back in the grid, focus is on the image last seen.
    if (selectedImageId) focus.focusKey(imageTargetKey(selectedImageId));
    setSelectedImageId(null);
  };

  const { fetchNextPage, hasNextPage, isFetchingNextPage, isFetchNextPageError } = query;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage && !isFetchNextPageError) void fetchNextPage();
  }, [fetchNextPage, hasNextPage, isFetchingNextPage, isFetchNextPageError]);

  // Page-wide, wherever the focus is (but in a text field): undo, the shortcuts, Esc for the selection.
  useWindowKeys((event) => {
    const command = commandOf(event, isTyping(event.target));
    if (command === "undo" && actions.canUndo()) void actions.undo();
    else if (command === "shortcuts") setShortcutsOpen(true);
    // Esc in an open dialog closes that dialog, nothing more.
    else if (command === "escape" && selectedKeys.length > 0 && !document.querySelector("dialog[open]")) clearSelection();
    else return false;
    return true;
  });

  const onGridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const command = commandOf(event, isTyping(event.target));
    const target = focus.activeIndex >= 0 ? targets[focus.activeIndex] : null;
    const imageId = imageIdOf(focus.activeKey);
    const imageEntry = imageId ? entryByImage.get(imageId) : undefined;
    if (isMove(command)) focus.move(command);
    else if (command === "open" && event.target instanceof HTMLElement && event.target.dataset.targetKey) {
      // Enter on a link (a comparison) follows it by itself; Space does not.
      if (imageEntry) setSelectedImageId(imageEntry.image.id);
      else if (event.target instanceof HTMLAnchorElement && event.key === " ") event.target.click();
      else return;
    } else if (command === "favorite" && imageEntry) toggleFavorite(imageEntry);
    else if (command === "reuse" && imageEntry) onReuse(imageEntry.generation, imageEntry.image);
    else if (command === "copySeed" && imageEntry) void copySeed(imageEntry);
    else if (command === "delete" && target?.selectable) deleteOne(target.key);
    else if (command === "select" && target?.selectable) setSelection((s) => clickSelection(s, selectable, target.key, false));
    else return;
    event.preventDefault();
  };

  const controls: TileControls = {
    activeKey: focus.activeKey,
    selectedKeys: new Set(selectedKeys),
    onFocusTarget: focus.setActiveKey,
    onOpenImage: setSelectedImageId,
    onEditImage: edit,
    onToggleFavorite: (image) => {
      const entry = entryByImage.get(image.id);
      if (entry) toggleFavorite(entry);
    },
    onDelete: deleteOne,
    onSelect: (key, range) => setSelection((s) => clickSelection(s, selectable, key, range)),
  };
  const activeEntry = focus.activeIndex >= 0 ? targets[focus.activeIndex].entryIndex : -1;
  const pinned = history.flatMap((entry, index) => (isLive(entry) || index === activeEntry ? [index] : []));
  const raised = selectedKeys.length > 0 && !selected;
  const toast = (
    // The live region stays mounted so screen readers hear each new message.
    <div role="status" aria-live="polite" className={`pointer-events-none fixed inset-x-0 z-40 flex justify-center px-4 ${raised ? "bottom-20" : "bottom-4"}`}>
      {actions.notice ? <ToastMessage key={actions.notice.id} notice={actions.notice} onUndo={() => void actions.undo()} onDismiss={actions.dismiss} /> : null}
    </div>
  );

  return (
    <section data-testid="gallery" aria-labelledby="gallery-title" onPointerEnter={preload} onFocusCapture={preload} className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="gallery-title" className="text-lg font-semibold">
          Runs &amp; history
        </h2>
        {headerAction}
        <RunAnnouncer history={history} hostName={hostName} />
        <div className="flex items-center gap-2">
          {showTotals ? <HistoryTotals totals={totals.data} /> : null}
          <Button size="sm" variant="ghost" data-testid="show-shortcuts" aria-label="Keyboard shortcuts (?)" onClick={() => setShortcutsOpen(true)}>
            ?
          </Button>
        </div>
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
        <div className="rounded-lg border border-dashed border-zinc-800 p-8 text-center text-sm text-zinc-400">
          {empty ?? "No runs yet. Write a prompt and press Run."}
        </div>
      ) : (
        <div ref={gridRef} onKeyDown={onGridKeyDown}>
          <VirtualGrid
            items={history}
            itemKey={entryKey}
            pinned={pinned}
            complete={!query.hasNextPage}
            onNearEnd={loadMore}
            label="History: arrow keys move between images, ? lists the shortcuts"
            renderItem={(entry, index, columns) =>
              entry.kind === "generation" ? (
                <GenerationCard generation={entry.generation} eager={index < columns} hostName={hostName(entry.generation.servedBy)} controls={controls} />
              ) : (
                <ComparisonCard comparison={entry.comparison} eager={index < columns} hostName={hostName} controls={controls} />
              )
            }
          />
        </div>
      )}

      {query.hasNextPage ? (
        <div className="flex justify-center">
          <Button data-testid="load-more" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {query.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : null}

      {selectedKeys.length > 0 && !selected ? (
        <SelectionBar
          count={selectedKeys.length}
          includeFavorites={includeFavorites}
          onIncludeFavoritesChange={setIncludeFavorites}
          onDelete={deleteSelection}
          onClear={clearSelection}
        />
      ) : null}
      {selected ? null : toast}

      {selected ? (
        <ImageDetailDialog
          entry={selected}
          position={selectedIndex + 1}
          total={entries.length}
          hostName={hostName(selected.generation.servedBy)}
          providers={providers}
          toast={toast}
          onPrevious={canGoPrevious ? () => setSelectedImageId(entries[selectedIndex - 1].image.id) : null}
          onNext={canGoNext ? goNext : null}
          onClose={closeDetail}
          onReuse={(generation, image) => {
            setSelectedImageId(null);
            onReuse(generation, image);
          }}
          onEdit={
            edit
              ? (image) => {
                  setSelectedImageId(null);
                  edit(image);
                }
              : null
          }
          onOpenLinked={(imageId) => void openLinked(imageId)}
          onToggleFavorite={() => toggleFavorite(selected)}
          onDelete={() => deleteShown(selected)}
          onCopySeed={() => void copySeed(selected)}
        />
      ) : null}
      {shortcutsOpen ? <ShortcutsDialog onClose={() => setShortcutsOpen(false)} /> : null}
    </section>
  );
}
