import { describe, expect, it } from "vitest";
import { CARD_META_PX, columnsFor, GRID_GAP_PX, gridHeight, gridLayout, nearEnd, rowsToRender, visibleRows } from "@/components/gallery/grid-geometry";
import { imageIdOf, isMove, moveTarget, targetsOf, toHistoryTargets, type GalleryTarget } from "@/components/gallery/gallery-targets";
import { clickSelection, EMPTY_SELECTION, selectedInOrder } from "@/components/gallery/selection";
import { commandOf } from "@/components/gallery/gallery-keys";
import { comparison, generation, image } from "./gallery-fixtures";

describe("grid geometry", () => {
  it("fits 1, 2 or 3 columns of at least 280 px", () => {
    expect(columnsFor(0)).toBe(1);
    expect(columnsFor(343)).toBe(1);
    expect(columnsFor(575)).toBe(1);
    expect(columnsFor(576)).toBe(2);
    expect(columnsFor(871)).toBe(2);
    expect(columnsFor(872)).toBe(3);
    expect(columnsFor(1800)).toBe(3);
  });

  it("gives every card the same height for a width: a square media area plus fixed text", () => {
    const layout = gridLayout(900);
    expect(layout.columns).toBe(3);
    expect(layout.tileWidth * 3 + GRID_GAP_PX * 2).toBeCloseTo(900);
    expect(layout.tileHeight).toBe(Math.round(layout.tileWidth - 26) + 8 + CARD_META_PX + 26);
    expect(layout.rowHeight).toBe(layout.tileHeight + GRID_GAP_PX);
    expect(gridHeight(0, layout)).toBe(0);
    expect(gridHeight(4, layout)).toBe(4 * layout.rowHeight - GRID_GAP_PX);
  });

  it("renders the rows meeting the viewport plus the overscan", () => {
    // Rows of 100 px; the viewport shows 250..850 of the grid.
    expect(visibleRows(250, 600, 100, 1000, 2)).toEqual({ first: 0, last: 10 });
    expect(visibleRows(5000, 600, 100, 1000, 2)).toEqual({ first: 48, last: 58 });
    // At the end, clamped to the last row.
    expect(visibleRows(99_800, 600, 100, 1000, 2)).toEqual({ first: 996, last: 999 });
    expect(visibleRows(0, 600, 100, 0, 2)).toEqual({ first: 0, last: -1 });
  });

  it("renders nothing while the grid is further than the overscan from the viewport", () => {
    // The grid starts 1000 px below the viewport's bottom (under the form on a phone).
    const below = visibleRows(-1600, 600, 100, 50, 2);
    expect(below.last).toBeLessThan(below.first);
    // Its top row comes within the overscan: ready before it shows.
    expect(visibleRows(-750, 600, 100, 50, 2)).toEqual({ first: 0, last: 0 });
    const past = visibleRows(9000, 600, 100, 50, 2);
    expect(past.last).toBeLessThan(past.first);
  });

  it("adds the pinned rows (focus, live runs) once, in order, within the grid", () => {
    expect(rowsToRender({ first: 10, last: 12 }, [0, 11, 0, 400], 100)).toEqual([0, 10, 11, 12]);
  });

  it("is near the end when the range reaches within the margin of the last row", () => {
    expect(nearEnd({ first: 0, last: 5 }, 12, 3)).toBe(false);
    expect(nearEnd({ first: 2, last: 8 }, 12, 3)).toBe(true);
  });
});

describe("gallery targets", () => {
  const history = [
    generation("g1", [image("a"), image("b")]),
    generation("g2", [], "failed"),
    comparison("c1"),
    generation("g3", [image("c"), image("d"), image("e"), image("f")]),
    generation("g4", [], "running"),
  ];

  it("has one target per image, and one per entry without images; running ones are not selectable", () => {
    const targets = targetsOf(history);
    expect(targets.map((t) => t.key)).toEqual([
      "image:a",
      "image:b",
      "generation:g2",
      "comparison:c1",
      "image:c",
      "image:d",
      "image:e",
      "image:f",
      "generation:g4",
    ]);
    expect(targets.filter((t) => !t.selectable).map((t) => t.key)).toEqual(["generation:g4"]);
    expect(targets[5]).toMatchObject({ entryIndex: 3, slot: 1 });
    expect(targetsOf([comparison("c2", "running")])[0].selectable).toBe(false);
  });

  it("moves previous/next through images in order, stopping at the ends", () => {
    const targets = targetsOf(history);
    expect(moveTarget(targets, 0, "next", 2)).toBe(1);
    expect(moveTarget(targets, 1, "next", 2)).toBe(2);
    expect(moveTarget(targets, 0, "previous", 2)).toBe(0);
    expect(moveTarget(targets, 8, "next", 2)).toBe(8);
    expect(moveTarget(targets, 4, "first", 2)).toBe(0);
    expect(moveTarget(targets, 0, "last", 2)).toBe(8);
  });

  it("moves up/down to the same column one row away, keeping the slot when the card has it", () => {
    const targets = targetsOf(history);
    const at = (key: string) => targets.findIndex((t) => t.key === key);
    // Two columns: rows are [g1, g2], [c1, g3], [g4].
    expect(targets[moveTarget(targets, at("image:b"), "down", 2)].key).toBe("comparison:c1");
    expect(targets[moveTarget(targets, at("generation:g2"), "down", 2)].key).toBe("image:c");
    expect(targets[moveTarget(targets, at("image:d"), "up", 2)].key).toBe("generation:g2");
    // A card with fewer images: its last.
    expect(targets[moveTarget(targets, at("image:e"), "up", 2)].key).toBe("generation:g2");
    expect(moveTarget(targets, at("image:a"), "up", 2)).toBe(at("image:a"));
    // Three columns: rows [g1, g2, c1], [g3, g4]; down from c1 lands on the short last row's last card.
    expect(targets[moveTarget(targets, at("comparison:c1"), "down", 3)].key).toBe("generation:g4");
    expect(targets[moveTarget(targets, at("image:b"), "down", 3)].key).toBe("image:d");
    // Nothing below the last row.
    expect(moveTarget(targets, at("generation:g4"), "down", 3)).toBe(at("generation:g4"));
  });

  it("moves the same slot, or the card's last, between batches", () => {
    const targets: GalleryTarget[] = targetsOf([
      generation("x", [image("x0"), image("x1"), image("x2"), image("x3")]),
      generation("y", [image("y0"), image("y1")]),
    ]);
    const at = (key: string) => targets.findIndex((t) => t.key === key);
    expect(targets[moveTarget(targets, at("image:x3"), "down", 1)].key).toBe("image:y1");
    expect(targets[moveTarget(targets, at("image:y0"), "up", 1)].key).toBe("image:x0");
    expect(targets[moveTarget(targets, at("image:y1"), "up", 1)].key).toBe("image:x1");
  });

  it("handles an empty grid and a lost position", () => {
    expect(moveTarget([], 0, "next", 3)).toBe(-1);
    expect(moveTarget(targetsOf(history), -1, "next", 3)).toBe(0);
  });

  it("turns keys into what delete and restore take", () => {
    expect(toHistoryTargets(["image:a", "generation:g2", "comparison:c:1", "image:b"])).toEqual({
      imageIds: ["a", "b"],
      generationIds: ["g2"],
      comparisonIds: ["c:1"],
    });
  });
});

describe("selection", () => {
  const order = ["a", "b", "c", "d", "e"];

  it("toggles with a plain click and remembers the anchor", () => {
    let s = clickSelection(EMPTY_SELECTION, order, "b", false);
    expect([...s.keys]).toEqual(["b"]);
    expect(s.anchor).toBe("b");
    s = clickSelection(s, order, "b", false);
    expect([...s.keys]).toEqual([]);
  });

  it("selects a range with shift, in either direction, from the same anchor", () => {
    let s = clickSelection(EMPTY_SELECTION, order, "b", false);
    s = clickSelection(s, order, "d", true);
    expect(selectedInOrder(s, order)).toEqual(["b", "c", "d"]);
    s = clickSelection(s, order, "a", true);
    expect(selectedInOrder(s, order)).toEqual(["a", "b", "c", "d"]);
    expect(s.anchor).toBe("b");
  });

  it("treats shift without an anchor (or a vanished one) as a plain click", () => {
    const s = clickSelection(EMPTY_SELECTION, order, "c", true);
    expect(selectedInOrder(s, order)).toEqual(["c"]);
    const gone = clickSelection({ keys: new Set(["z"]), anchor: "z" }, order, "e", true);
    expect(selectedInOrder(gone, order)).toEqual(["e"]);
  });

  it("counts only keys still listed", () => {
    expect(selectedInOrder({ keys: new Set(["e", "gone", "a"]), anchor: null }, order)).toEqual(["a", "e"]);
  });
});

describe("keys", () => {
  const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });

  it("names the gallery's keys, case-insensitively, with or without Shift", () => {
    expect(commandOf(press("ArrowDown"), false)).toBe("down");
    expect(commandOf(press("F", { shiftKey: true }), false)).toBe("favorite");
    expect(commandOf(press("?", { shiftKey: true }), false)).toBe("shortcuts");
    expect(commandOf(press("Backspace"), false)).toBe("delete");
    expect(commandOf(press(" "), false)).toBe("open");
    expect(commandOf(press("q"), false)).toBeNull();
  });

  it("leaves other modifiers to the browser, except Ctrl/⌘+Z", () => {
    expect(commandOf(press("f", { ctrlKey: true }), false)).toBeNull();
    expect(commandOf(press("r", { metaKey: true }), false)).toBeNull();
    expect(commandOf(press("s", { altKey: true }), false)).toBeNull();
    expect(commandOf(press("z", { ctrlKey: true }), false)).toBe("undo");
    expect(commandOf(press("z", { metaKey: true }), false)).toBe("undo");
    expect(commandOf(press("Z", { ctrlKey: true, shiftKey: true }), false)).toBeNull();
  });

  it("ignores everything while typing", () => {
    expect(commandOf(press("f"), true)).toBeNull();
    expect(commandOf(press("z", { ctrlKey: true }), true)).toBeNull();
  });
});

describe("target keys", () => {
  it("tells an image's key from a whole entry's", () => {
    expect(imageIdOf("image:abc")).toBe("abc");
    expect(imageIdOf("generation:abc")).toBeNull();
    expect(imageIdOf(null)).toBeNull();
    expect(isMove("up")).toBe(true);
    expect(isMove("favorite")).toBe(false);
  });
});
