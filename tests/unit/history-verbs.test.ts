import { QueryClient } from "@tanstack/react-query";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DeleteResult } from "@/lib/history/types";
import { historyKey, historyTotalsKey, historyViewKey, spendQueryPrefix, type HistoryData } from "@/components/gallery/generation-cache";
import { comparison, generation, historyData, image } from "./gallery-fixtures";

/**
 * The gallery's delete as the cache sees it: what leaves the loaded pages, and which queries are
 * asked again. The server actions are the boundary here (the integration and e2e tests run them).
 */
const actions = vi.hoisted(() => ({
  deleteFromHistoryAction: vi.fn(),
  restoreToHistoryAction: vi.fn(),
  setFavoriteAction: vi.fn(),
}));
vi.mock("@/app/(playground)/history/actions", () => actions);
const { favorite, remove } = await import("@/components/gallery/history-verbs");

const none = { imageIds: [], generationIds: [], comparisonIds: [] };
const answer = (result: Partial<DeleteResult>) => ({
  ok: true,
  result: { deleted: none, missing: [], skippedFavorites: 0, skippedRunning: 0, undoUntil: "2030-01-01T00:00:00Z", ...result },
});

function setUp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const pages = historyViewKey({});
  client.setQueryData<HistoryData>(pages, historyData([generation("g1", [image("a")]), generation("g2", [image("b", true)]), comparison("c1", "succeeded", [image("ca")])]));
  client.setQueryData(historyTotalsKey({}), { generations: 3, images: 3, estimatedUsd: 0.12, billedUsd: 0 });
  client.setQueryData([...spendQueryPrefix, "tz=UTC"], { totals: {} });
  const ids = () => client.getQueryData<HistoryData>(pages)!.pages.flatMap((p) => p.items).map((e) => (e.kind === "generation" ? e.generation.id : e.comparison.id));
  const stale = () =>
    client
      .getQueryCache()
      .getAll()
      .filter((q) => q.state.isInvalidated)
      .map((q) => JSON.stringify(q.queryKey))
      .sort();
  return { client, pages, ids, stale };
}

describe("a delete from the gallery", () => {
  beforeEach(() => vi.clearAllMocks());

  it("takes what the server deleted off the loaded pages and asks again only for the totals and spend", async () => {
    const { client, ids, stale } = setUp();
    actions.deleteFromHistoryAction.mockResolvedValue(answer({ deleted: { ...none, generationIds: ["g1"] } }));
    const outcome = await remove(client, { ...none, generationIds: ["g1"] }, false);
    expect(ids()).toEqual(["g2", "c1"]);
    expect(stale()).toEqual([JSON.stringify(historyTotalsKey({})), JSON.stringify([...spendQueryPrefix, "tz=UTC"])].sort());
    expect(outcome.undo).toEqual({ ...none, generationIds: ["g1"] });
  });

  it("follows the server where the cache did not know of a favourite: the server deleted it, so it goes", async () => {
    const { client, ids } = setUp();
    // The cache thinks g2's image is a favourite; the server (unstarred elsewhere) deleted the run.
    actions.deleteFromHistoryAction.mockResolvedValue(answer({ deleted: { ...none, generationIds: ["g2"] } }));
    await remove(client, { ...none, generationIds: ["g2"] }, false);
    expect(ids()).toEqual(["g1", "c1"]);
  });

  it("reloads the pages when the server kept something the cache had hidden", async () => {
    const { client, stale } = setUp();
    actions.deleteFromHistoryAction.mockResolvedValue(answer({ skippedRunning: 1 }));
    await remove(client, { ...none, comparisonIds: ["c1"] }, false);
    expect(stale()).toContain(JSON.stringify(historyViewKey({})));
  });

  it("reloads the pages when a refetch it had to stop was on its way", async () => {
    const { client, pages, stale } = setUp();
    let release!: (data: HistoryData) => void;
    void client.fetchQuery({ queryKey: pages, queryFn: () => new Promise<HistoryData>((resolve) => (release = resolve)), staleTime: 0 });
    expect(client.isFetching({ queryKey: historyKey })).toBe(1);
    actions.deleteFromHistoryAction.mockResolvedValue(answer({ deleted: { ...none, generationIds: ["g1"] } }));
    await remove(client, { ...none, generationIds: ["g1"] }, false);
    expect(stale()).toContain(JSON.stringify(historyViewKey({})));
    release(historyData([]));
  });

  it("says what went wrong and reloads everything when the server refused", async () => {
    const { client, stale } = setUp();
    actions.deleteFromHistoryAction.mockResolvedValue({ ok: false, error: "comparisonIds.0: not yours" });
    const outcome = await remove(client, { ...none, comparisonIds: ["c1"] }, false);
    expect(outcome).toEqual({ message: "comparisonIds.0: not yours", error: true });
    expect(stale()).toContain(JSON.stringify(historyViewKey({})));
  });
});

describe("a star from the gallery or a comparison's grid", () => {
  beforeEach(() => vi.clearAllMocks());

  it("shows at once everywhere the image is, and asks again only for the sums of favourites views", async () => {
    const { client, pages, stale } = setUp();
    client.setQueryData(historyTotalsKey({ favorites: true }), { generations: 1, images: 1, estimatedUsd: 0.04, billedUsd: 0 });
    const onGrid: boolean[] = [];
    actions.setFavoriteAction.mockResolvedValue({ ok: true, image: { ...image("a"), favorite: true } });
    expect(await favorite(client, "g1", "a", true, (on) => onGrid.push(on))).toBeNull();
    const g1 = client.getQueryData<HistoryData>(pages)!.pages[0].items[0];
    expect(g1.kind === "generation" && g1.generation.images[0].favorite).toBe(true);
    expect(onGrid).toEqual([true, true]);
    expect(stale()).toEqual([JSON.stringify(historyTotalsKey({ favorites: true }))]);
  });

  it("puts the star back and says why when the server refuses", async () => {
    const { client, pages } = setUp();
    actions.setFavoriteAction.mockResolvedValue({ ok: false, error: "image not found" });
    expect(await favorite(client, "g1", "a", true)).toEqual({ message: "image not found", error: true });
    const g1 = client.getQueryData<HistoryData>(pages)!.pages[0].items[0];
    expect(g1.kind === "generation" && g1.generation.images[0].favorite).toBe(false);
  });
});
