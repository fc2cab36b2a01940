import { describe, expect, it } from "vitest";
import { explainFilterIssue } from "@/components/history/filter-issue-text";
import { readFilterParams } from "@/lib/history/filters";
import { filterFromSearchParams as validate } from "@/lib/history/filter-schema";

describe("a bad filter address, in a user's words", () => {
  const explain = (query: string) => {
    const params = new URLSearchParams(query);
    const parsed = validate(params);
    if (parsed.ok) throw new Error("expected issues");
    return parsed.issues.map((issue) => explainFilterIssue(issue, readFilterParams(params)));
  };

  it("names the filter and quotes the value, never the schema's path", () => {
    const [host] = explain("host=bfl,nowhere");
    expect(host.label).toBe("Host");
    expect(host.detail).toContain("host=nowhere");
    expect(host.detail).toContain("must be one of: ");
    expect(host.detail).toContain("bfl");
    expect(`${host.label}${host.detail}`).not.toContain("host.1");
  });

  it("explains each field it knows", () => {
    const issues = explain("from=2026-02-30&maxCost=-1&tz=Mars/Base");
    expect(issues.map((i) => i.label)).toEqual(["From (first day)", "Maximum cost", "Time zone"]);
    expect(issues[0].detail).toBe(" — the address says from=2026-02-30: a real calendar date");
    expect(issues[1].detail).toContain("0 or more");
  });

  it("falls back to the message for an issue of the whole filter", () => {
    expect(explainFilterIssue({ path: "filter", message: "not an object" })).toEqual({ label: "Filter", detail: ": not an object" });
  });
});
