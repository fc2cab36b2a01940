import { describe, expect, it } from "vitest";
import { dayTimeZone, draftOf, filterHref, filterOf, spendFilter, toggleValue, withDayTimeZone } from "@/components/history/filter-url";

describe("history filter in the page's address", () => {
  it("links to the bare path when nothing is filtered", () => {
    expect(filterHref("/history", {})).toBe("/history");
    expect(filterHref("/history", { host: ["fal"], q: "red fox" })).toBe("/history?host=fal&q=red+fox");
  });

  it("pins a date range to the viewer's zone, keeps a zone already there, adds none without a range", () => {
    expect(withDayTimeZone({ from: "2026-01-01" }, "Asia/Tokyo")).toEqual({ from: "2026-01-01", tz: "Asia/Tokyo" });
    expect(withDayTimeZone({ to: "2026-01-01", tz: "UTC" }, "Asia/Tokyo")).toEqual({ to: "2026-01-01", tz: "UTC" });
    expect(withDayTimeZone({ host: ["bfl"] }, "Asia/Tokyo")).toEqual({ host: ["bfl"] });
    // Server render: the zone is not known yet.
    expect(withDayTimeZone({ from: "2026-01-01" }, null)).toEqual({ from: "2026-01-01" });
  });

  it("counts the spend's days in the address's zone, else the viewer's", () => {
    expect(spendFilter({ q: "x" }, "Europe/Paris")).toEqual({ q: "x", tz: "Europe/Paris" });
    expect(spendFilter({ tz: "UTC" }, "Europe/Paris")).toEqual({ tz: "UTC" });
  });

  it("reads a date range without a zone in UTC, as the server does, for the spend and its label", () => {
    expect(spendFilter({ from: "2026-11-01" }, "Europe/Paris")).toEqual({ from: "2026-11-01", tz: "UTC" });
    expect(spendFilter({ to: "2026-11-30", q: "x" }, "Europe/Paris")).toEqual({ to: "2026-11-30", q: "x", tz: "UTC" });
    expect(spendFilter({ from: "2026-11-01", tz: "Asia/Tokyo" }, "Europe/Paris")).toEqual({ from: "2026-11-01", tz: "Asia/Tokyo" });
    expect(dayTimeZone({ from: "2026-11-01" }, "Europe/Paris")).toBe("UTC");
    expect(dayTimeZone({ from: "2026-11-01" }, null)).toBe("UTC");
    expect(dayTimeZone({ to: "2026-11-30", tz: "Asia/Tokyo" }, "Europe/Paris")).toBe("Asia/Tokyo");
    // No dates filtered: the chart's days are the viewer's (unknown in the server render).
    expect(dayTimeZone({ q: "x" }, "Europe/Paris")).toBe("Europe/Paris");
    expect(dayTimeZone({}, null)).toBeNull();
  });

  it("toggles list values and drops an emptied list", () => {
    expect(toggleValue(undefined, "bfl", true)).toEqual(["bfl"]);
    expect(toggleValue(["bfl"], "fal", true)).toEqual(["bfl", "fal"]);
    expect(toggleValue(["bfl", "fal"], "bfl", false)).toEqual(["fal"]);
    expect(toggleValue(["bfl"], "bfl", false)).toBeUndefined();
    expect(toggleValue(["bfl"], "bfl", true)).toEqual(["bfl"]);
  });

  it("keeps cost bounds as typed in the draft and as numbers in the filter", () => {
    const draft = draftOf({ minCost: 0.05, q: "cat" });
    expect(draft).toEqual({ minCost: "0.05", maxCost: "", q: "cat" });
    expect(filterOf({ ...draft, maxCost: "0.5" })).toEqual({ minCost: 0.05, maxCost: 0.5, q: "cat" });
    expect(filterOf({ ...draft, minCost: "  " }).minCost).toBeUndefined();
    // Not a number: left for the schema to refuse with its message.
    expect(filterOf({ ...draft, minCost: "abc" }).minCost).toBeNaN();
  });
});
