import { describe, expect, it } from "vitest";
import { filterFromSearchParams, parseHistoryFilter } from "@/lib/history/filter-schema";
import { filterToSearchParams, isEmptyFilter, type HistoryFilter } from "@/lib/history/filters";

const read = (query: string) => filterFromSearchParams(new URLSearchParams(query));
const issuesOf = (query: string) => {
  const result = read(query);
  if (result.ok) throw new Error(`expected ${query} to be refused`);
  return result.issues;
};

describe("history filter in the address", () => {
  const full: HistoryFilter = {
    host: ["bfl", "fal"],
    model: ["flux-pro-1.1-ultra"],
    status: ["failed", "succeeded"],
    from: "2026-01-01",
    to: "2026-01-31",
    favorites: true,
    minCost: 0.04,
    maxCost: 0.5,
    q: "red fox",
    tz: "Europe/Paris",
  };

  it("reads back every key it writes", () => {
    const query = filterToSearchParams(full).toString();
    expect(read(query)).toEqual({ ok: true, filter: full });
  });

  it("writes keys in a fixed order with sorted, unique lists: equal filters make equal addresses", () => {
    const a = filterToSearchParams({ q: "cat", host: ["fal", "bfl", "fal"] }).toString();
    const b = filterToSearchParams({ host: ["bfl", "fal"], q: "cat" }).toString();
    expect(a).toBe(b);
    expect(a).toBe("host=bfl&host=fal&q=cat");
  });

  it("reads lists repeated or comma-separated, trimmed", () => {
    expect(read("host=bfl,fal&host=replicate")).toEqual({ ok: true, filter: { host: ["bfl", "fal", "replicate"] } });
    expect(read("status=%20failed%20,,")).toEqual({ ok: true, filter: { status: ["failed"] } });
  });

  it("treats empty values and favorites=0 as no filter", () => {
    const result = read("q=&host=&favorites=0&minCost=");
    expect(result).toEqual({ ok: true, filter: {} });
    expect(result.ok && isEmptyFilter(result.filter)).toBe(true);
    expect(filterToSearchParams({ favorites: false, q: "" }).toString()).toBe("");
  });

  it("reads favorites as 1/true/0/false and writes it as 1", () => {
    expect(read("favorites=true")).toEqual({ ok: true, filter: { favorites: true } });
    expect(filterToSearchParams({ favorites: true }).toString()).toBe("favorites=1");
    expect(issuesOf("favorites=yes")).toEqual([{ path: "favorites", message: expect.stringContaining("1") }]);
  });

  it("ignores keys that are not the filter's (paging, export format)", () => {
    expect(read("cursor=abc&limit=10&format=zip&host=bfl")).toEqual({ ok: true, filter: { host: ["bfl"] } });
  });

  it("refuses an unknown host and names the allowed ones", () => {
    const [issue] = issuesOf("host=bfl,midjourney");
    expect(issue.path).toMatch(/^host/);
    expect(issue.message).toContain("bfl, fal");
  });

  it("refuses an unknown model or status", () => {
    expect(issuesOf("model=flux-pro-2000")[0].path).toMatch(/^model/);
    expect(issuesOf("status=done")[0].path).toMatch(/^status/);
  });

  it.each([
    ["from=2026-13-01", "from"],
    ["from=2026-02-30", "from"],
    ["to=yesterday", "to"],
    ["from=2026-1-5", "from"],
    // A JavaScript date, not a PostgreSQL one.
    ["from=0000-01-01", "from"],
  ])("refuses the date in %s", (query, path) => {
    expect(issuesOf(query).map((i) => i.path)).toContain(path);
  });

  it("refuses a range that ends before it starts, and accepts a one-day range", () => {
    expect(issuesOf("from=2026-03-02&to=2026-03-01")).toEqual([{ path: "to", message: expect.stringContaining("before") }]);
    expect(read("from=2026-03-01&to=2026-03-01").ok).toBe(true);
  });

  it("refuses costs that are negative, not numbers, or max below min", () => {
    expect(issuesOf("minCost=-1")[0].path).toBe("minCost");
    expect(issuesOf("maxCost=abc")[0].path).toBe("maxCost");
    expect(issuesOf("minCost=0.5&maxCost=0.1")).toEqual([{ path: "maxCost", message: expect.stringContaining("minCost") }]);
    expect(read("minCost=0.1&maxCost=0.1")).toEqual({ ok: true, filter: { minCost: 0.1, maxCost: 0.1 } });
  });

  it("refuses an unknown time zone and a search longer than 200 characters", () => {
    expect(issuesOf("tz=Mars/Olympus")[0].path).toBe("tz");
    // An offset reads the other way round in PostgreSQL (POSIX): zone names only.
    expect(issuesOf("tz=%2B01:00")[0].path).toBe("tz");
    expect(issuesOf(`q=${"a".repeat(201)}`)[0].path).toBe("q");
  });

  it("reports every problem at once, with a message naming each path", () => {
    const result = read("host=nope&from=2026-99-01&minCost=-2");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path.split(".")[0]).sort()).toEqual(["from", "host", "minCost"]);
    expect(result.message).toMatch(/host.*from|from.*host/);
  });

  it("parses an object filter the same way (trimmed search, unknown keys refused)", () => {
    expect(parseHistoryFilter({ q: "  cat  " })).toEqual({ ok: true, filter: { q: "cat" } });
    expect(parseHistoryFilter({ colour: "red" }).ok).toBe(false);
  });
});
