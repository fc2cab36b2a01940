import type { QueryClient } from "@tanstack/react-query";
import { deleteFromHistoryAction, restoreToHistoryAction, setFavoriteAction } from "@/app/(playground)/history/actions";
import type { HistoryTargets } from "@/lib/history/types";
import type { GenerationDto } from "@/lib/jobs/types";
import { describeDeletion } from "./deletion-summary";
import { generationKey, historyKey, historyPagesKey, historyTotalsPrefix, spendQueryPrefix, type HistoryData } from "./generation-cache";
import { setFavoriteIn, withFavorite, withoutTargets } from "./history-edits";

/**
 * Favourite, delete and restore: the cache changes at once (every history view), then the server
 * decides. Each answers what the toast should say. Loaded with the first use (see use-history-actions).
 */

export interface VerbOutcome {
  message: string;
  error?: boolean;
  /** What "Undo" restores. */
  undo?: Required<HistoryTargets>;
}

const unreachable = (what: string) => ({ ok: false as const, error: `Could not ${what}: the server did not answer.` });

function editHistory(client: QueryClient, edit: (data: HistoryData) => HistoryData) {
  client.setQueriesData<HistoryData>({ queryKey: historyPagesKey }, (data) => (data ? edit(data) : data));
}

// Totals, spend and positions come back from the server; items it kept (favourites) reappear.
const refresh = (client: QueryClient) => void client.invalidateQueries({ queryKey: historyKey });

// Only the sums: the loaded pages already show what the server did. Refetching every loaded page
// (40 of them after a long scroll) for one deleted card is what this spares.
const refreshSums = (client: QueryClient) => {
  void client.invalidateQueries({ queryKey: historyTotalsPrefix });
  void client.invalidateQueries({ queryKey: spendQueryPrefix });
};

/**
 * Stops the history's refetches on their way (one would undo an edit for a moment). Says whether
 * pages were among them: they may carry a run that just finished, so they must be asked again.
 */
async function holdRefetches(client: QueryClient): Promise<boolean> {
  const pagesWereLoading = client.isFetching({ queryKey: historyPagesKey }) > 0;
  // Only the pages: the edits touch nothing else, and a canceled totals fetch is not asked again.
  await client.cancelQueries({ queryKey: historyPagesKey });
  return pagesWereLoading;
}

/** The sums of the views filtered on favourites: a star moves a run in or out of them. */
const refreshFavouriteSums = (client: QueryClient) =>
  void client.invalidateQueries({
    predicate: (query) =>
      query.queryKey[0] === historyKey[0] &&
      query.queryKey[1] === historyKey[1] &&
      query.queryKey[2] !== historyPagesKey[2] &&
      new URLSearchParams(String(query.queryKey[3] ?? "")).has("favorites"),
  });

/**
 * Stars an image (or not) wherever it is shown: the history's pages, its run, and whatever else the
 * caller holds (`alsoApply`: a comparison's grid).
 */
export async function favorite(
  client: QueryClient,
  generationId: string,
  imageId: string,
  value: boolean,
  alsoApply: (favorite: boolean) => void = () => {},
): Promise<VerbOutcome | null> {
  const apply = (favorite: boolean) => {
    editHistory(client, (data) => withFavorite(data, imageId, favorite));
    client.setQueryData<GenerationDto>(generationKey(generationId), (g) => (g ? setFavoriteIn(g, imageId, favorite) : g));
    alsoApply(favorite);
  };
  const pagesWereLoading = await holdRefetches(client);
  apply(value);
  const result = await setFavoriteAction(imageId, value).catch(() => unreachable("save the favourite"));
  // The server's word, also over a list refetch that raced the click.
  apply(result.ok ? result.image.favorite : !value);
  if (pagesWereLoading) refresh(client);
  else refreshFavouriteSums(client);
  return result.ok ? null : { message: result.error, error: true };
}

export async function remove(client: QueryClient, targets: Required<HistoryTargets>, includeFavorites: boolean): Promise<VerbOutcome> {
  const pagesWereLoading = await holdRefetches(client);
  editHistory(client, (data) => withoutTargets(data, targets, { includeFavorites }));
  const result = await deleteFromHistoryAction({ ...targets, ...(includeFavorites ? { includeFavorites: true } : {}) }).catch(() => unreachable("delete"));
  if (!result.ok) {
    refresh(client);
    return { message: result.error, error: true };
  }
  const { deleted, skippedFavorites, skippedRunning } = result.result;
  // The server's word over the guess: what it deleted leaves the pages (a star the cache had not
  // seen yet included). What it kept (running, favourites) may have left them: then they reload.
  editHistory(client, (data) => withoutTargets(data, deleted, { includeFavorites: true }));
  if (pagesWereLoading || skippedFavorites + skippedRunning > 0) refresh(client);
  else refreshSums(client);
  const anything = deleted.imageIds.length + deleted.generationIds.length + deleted.comparisonIds.length > 0;
  return { message: describeDeletion(targets, result.result), ...(anything ? { undo: deleted } : {}) };
}

export async function restore(client: QueryClient, targets: Required<HistoryTargets>): Promise<VerbOutcome> {
  const result = await restoreToHistoryAction(targets).catch(() => unreachable("undo"));
  // "Restored" is said once the cards are back on screen, not while the refetch is on its way.
  await client.invalidateQueries({ queryKey: historyKey });
  return result.ok ? { message: "Restored" } : { message: result.error, error: true };
}
