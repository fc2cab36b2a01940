import { describe, expect, it } from "vitest";
import { MAX_SEEDS, parseSeeds, withRandomSeed } from "@/components/compare/seeds";

describe("compare mode's one seed list", () => {
  it("appends a random seed to what is typed", () => {
    expect(withRandomSeed("3, 4", () => 99)).toBe("3, 4, 99");
    expect(withRandomSeed("", () => 7)).toBe("7");
  });

  it("never adds a seed already in the list", () => {
    const draws = [3, 3, 4, 5];
    expect(withRandomSeed("3 4", () => draws.shift()!)).toBe("3, 4, 5");
  });

  it("keeps a list that does not parse as typed", () => {
    expect(withRandomSeed("3, x", () => 1)).toBe("3, x");
  });

  it("adds up to the limit: the result still parses", () => {
    let text = "";
    for (let i = 0; i < MAX_SEEDS; i++) text = withRandomSeed(text);
    const parsed = parseSeeds(text);
    expect(parsed.ok && parsed.seeds?.length).toBe(MAX_SEEDS);
  });
});
