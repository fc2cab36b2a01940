import { describe, expect, it } from "vitest";
import { describeDeletion } from "@/components/gallery/deletion-summary";
import type { HistoryData } from "@/components/gallery/generation-cache";
import { withFavorite, withoutTargets } from "@/components/gallery/history-edits";
import type { HistoryEntry } from "@/lib/compare/types";
import type { DeleteResult } from "@/lib/history/types";
import { comparison, generation, historyData, image } from "./gallery-fixtures";

const keys = (data: HistoryData) =>
  data.pages.flatMap((p) => p.items).map((e: HistoryEntry) => (e.kind === "generation" ? `${e.generation.id}[${e.generation.images.map((i) => i.id).join(",")}]` : e.comparison.id));

const history = () =>
  historyData([
    generation("g1", [image("a"), image("b", true)]),
    generation("g2", [], "failed"),
    comparison("c1", "succeeded", [image("ca")]),
    comparison("c2", "succeeded", [image("cb", true)]),
    generation("g3", [image("c")]),
  ]);

describe("optimistic history edits", () => {
  it("marks a favourite wherever the image is shown, leaving untouched pages as they were", () => {
    const before = history();
    const after = withFavorite(before, "a", true);
    const g1 = after.pages[0].items[0];
    expect(g1.kind === "generation" && g1.generation.images[0].favorite).toBe(true);
    expect(after.pages[1]).toBe(before.pages[1]);
    const onComparison = withFavorite(before, "ca", true).pages[1].items[0];
    expect(onComparison.kind === "comparison" && onComparison.comparison.images[0].favorite).toBe(true);
    expect(withFavorite(before, "nope", true)).toBe(before);
  });

  it("hides images, whole runs and comparisons, and a run whose last image goes", () => {
    const after = withoutTargets(history(), { imageIds: ["a", "c"], generationIds: ["g2"], comparisonIds: ["c1"] });
    expect(keys(after)).toEqual(["g1[b]", "c2"]);
  });

  it("keeps favourites (and what holds one) unless told to include them", () => {
    const targets = { imageIds: ["b"], comparisonIds: ["c2"] };
    expect(keys(withoutTargets(history(), targets))).toEqual(["g1[a,b]", "g2[]", "c1", "c2", "g3[c]"]);
    expect(keys(withoutTargets(history(), { generationIds: ["g1"] }))).toEqual(["g1[a,b]", "g2[]", "c1", "c2", "g3[c]"]);
    expect(keys(withoutTargets(history(), targets, { includeFavorites: true }))).toEqual(["g1[a]", "g2[]", "c1", "g3[c]"]);
    expect(keys(withoutTargets(history(), { generationIds: ["g1"] }, { includeFavorites: true }))).toEqual(["g2[]", "c1", "c2", "g3[c]"]);
  });
});

describe("the undo toast's sentence", () => {
  const result = (deleted: Partial<DeleteResult["deleted"]>, skippedFavorites = 0, skippedRunning = 0): DeleteResult =>
    ({
      deleted: { imageIds: [], generationIds: [], comparisonIds: [], ...deleted },
      skippedFavorites,
      skippedRunning,
      undoUntil: "2025-01-01T00:01:00Z",
    }) as DeleteResult;

  it("counts what the user pointed at, not what went with it", () => {
    // The run emptied by deleting its only image goes too; the user deleted an image.
    expect(describeDeletion({ imageIds: ["a"] }, result({ imageIds: ["a"], generationIds: ["g"] }))).toBe("Deleted 1 image");
    expect(describeDeletion({ comparisonIds: ["c"] }, result({ comparisonIds: ["c"], imageIds: ["x", "y"] }))).toBe("Deleted 1 comparison");
    expect(describeDeletion({ imageIds: ["a", "b"], generationIds: ["g"] }, result({ imageIds: ["a", "b"], generationIds: ["g"] }))).toBe(
      "Deleted 2 images and 1 run",
    );
  });

  it("says how many favourites (and running runs) were kept", () => {
    expect(describeDeletion({ imageIds: ["a", "b", "c"] }, result({ imageIds: ["a"] }, 2))).toBe("Deleted 1 image · 2 favourites kept");
    expect(describeDeletion({ imageIds: ["b"] }, result({}, 1))).toBe("Nothing deleted · 1 favourite kept");
    expect(describeDeletion({ generationIds: ["g"] }, result({}, 0, 1))).toBe("Nothing deleted · 1 still running, kept");
  });
});
