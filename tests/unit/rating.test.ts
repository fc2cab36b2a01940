import { describe, expect, it } from "vitest";
import { bradleyTerry, elo, votesToPairs, type HostRating, type Vote } from "@/lib/compare/rating";

const beats = (winner: string, ...others: string[]): Vote => ({ candidates: [winner, ...others], winner });
const tie = (...candidates: string[]): Vote => ({ candidates, winner: null });
const times = (n: number, vote: Vote): Vote[] => Array.from({ length: n }, () => vote);
const byHost = (ratings: HostRating[]) => Object.fromEntries(ratings.map((r) => [r.host, r]));
const POINTS_PER_NEPER = 400 / Math.LN10;

/** Root of f on [lo, hi] by bisection, f(lo) < 0 < f(hi). */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) hi = mid;
    else lo = mid;
  }
  return lo;
}

describe("votesToPairs", () => {
  it("turns a best of 3 into 2 wins of the winner", () => {
    expect(votesToPairs([beats("B", "A", "C")])).toEqual([
      { a: "B", b: "A", scoreA: 1 },
      { a: "B", b: "C", scoreA: 1 },
    ]);
  });

  it("turns a 4-way tie into 6 draws", () => {
    const pairs = votesToPairs([tie("A", "B", "C", "D")]);
    expect(pairs).toHaveLength(6);
    expect(pairs.every((p) => p.scoreA === 0.5)).toBe(true);
  });

  it.each([
    ["one candidate", { candidates: ["A"], winner: "A" }, "at least 2"],
    ["a repeated candidate", { candidates: ["A", "A"], winner: null }, "not distinct"],
    ["a winner outside the candidates", { candidates: ["A", "B"], winner: "C" }, "not a candidate"],
  ])("rejects %s", (_, vote, message) => {
    expect(() => votesToPairs([vote])).toThrow(message);
  });
});

describe("bradleyTerry", () => {
  it("gives no ratings for no votes", () => {
    expect(bradleyTerry([])).toEqual([]);
  });

  it("puts the winner of one vote above the loser, finite and symmetric around 1500", () => {
    const [a, b] = bradleyTerry([beats("A", "B")]);
    expect([a.host, b.host]).toEqual(["A", "B"]);
    expect(a.rating).toBeGreaterThan(1500);
    expect(Number.isFinite(a.rating) && Number.isFinite(b.rating)).toBe(true);
    expect(a.rating + b.rating).toBeCloseTo(3000, 6);
    expect(a).toMatchObject({ votes: 1, wins: 1, losses: 0, draws: 0 });
    expect(b).toMatchObject({ votes: 1, wins: 0, losses: 1, draws: 0 });
  });

  it("matches the hand-computed fit for A 3–1 B with one virtual draw each", () => {
    // Prior: A and B each draw once with a fixed host of strength 1, so W_A = 3.5, W_B = 1.5.
    // Stationarity: W_A = 4a/(a+b) + a/(a+1), W_B = 4b/(a+b) + b/(b+1).
    // Adding them: a/(a+1) + b/(b+1) = 1, i.e. ab = 1 (the fixed host is the geometric mean).
    // With b = 1/a: 3.5 = 4a²/(a²+1) + a/(a+1), i.e. 3a³ + a² − 5a − 7 = 0, so a ≈ 1.607120,
    // a/b = a² ≈ 2.5828 (3 without a prior), and ratings 1500 ± 400·log10(a) ≈ 1582.419 / 1417.581.
    const a = bisect((x) => 3 * x ** 3 + x ** 2 - 5 * x - 7, 1, 2);
    expect(a).toBeCloseTo(1.60712, 5);
    const r = byHost(bradleyTerry([...times(3, beats("A", "B")), beats("B", "A")]));
    expect(r.A.rating).toBeCloseTo(1500 + 400 * Math.log10(a), 5);
    expect(r.A.rating).toBeCloseTo(1582.419, 3);
    expect(r.B.rating).toBeCloseTo(1417.581, 3);
    expect(10 ** ((r.A.rating - r.B.rating) / 400)).toBeCloseTo(2.58283, 4);

    // Information in θ: 4q between A and B plus s from each virtual draw, with q = π(1−π),
    // π = a²/(a²+1), s = a/(a+1)². The rating is (θ_A − θ_B)/2, of variance 1/(2(2·4q + s)).
    const pi = a ** 2 / (a ** 2 + 1);
    const q = pi * (1 - pi);
    const s = a / (a + 1) ** 2;
    const stderr = POINTS_PER_NEPER * Math.sqrt(1 / (2 * (2 * 4 * q + s)));
    expect(stderr).toBeCloseTo(90.407, 3);
    expect(r.A.stderr).toBeCloseTo(stderr, 5);
    expect(r.B.stderr).toBeCloseTo(stderr, 5);
  });

  it("rates a tie-only history at 1500 each, ordered by host id", () => {
    const ratings = bradleyTerry([tie("C", "A", "B"), tie("B", "A"), tie("A", "C")]);
    // A and B and C are not symmetric in counts (A is in 3 votes), but every result is a draw.
    expect(ratings.map((r) => r.host)).toEqual(["A", "B", "C"]);
    for (const r of ratings) expect(r.rating).toBeCloseTo(1500, 9);
    expect(byHost(ratings).A).toMatchObject({ votes: 3, wins: 0, losses: 0, draws: 3 });
  });

  it("treats a best of 3 exactly like the two pairwise wins it stands for", () => {
    const strip = (rs: HostRating[]) => rs.map(({ host, rating, stderr, low, high }) => ({ host, rating, stderr, low, high }));
    expect(strip(bradleyTerry([beats("A", "B", "C")]))).toEqual(strip(bradleyTerry([beats("A", "B"), beats("A", "C")])));
  });

  it("is transitive: A > B and B > C give A > B > C", () => {
    const ratings = bradleyTerry([...times(3, beats("A", "B")), ...times(3, beats("B", "C"))]);
    expect(ratings.map((r) => r.host)).toEqual(["A", "B", "C"]);
    expect(ratings[0].rating).toBeGreaterThan(ratings[1].rating);
    expect(ratings[1].rating).toBeGreaterThan(ratings[2].rating);
  });

  it("shrinks stderr as votes accumulate at the same proportions", () => {
    const history = [...times(2, beats("A", "B")), beats("B", "A"), beats("C", "A", "B"), tie("B", "C")];
    const few = byHost(bradleyTerry(history));
    const many = byHost(bradleyTerry(Array.from({ length: 10 }, () => history).flat()));
    for (const host of ["A", "B", "C"]) expect(many[host].stderr!).toBeLessThan(few[host].stderr!);
  });

  it("brackets each rating with a 1.96·stderr interval", () => {
    for (const r of bradleyTerry([beats("A", "B", "C"), beats("B", "C"), tie("A", "C")])) {
      expect(r.stderr).not.toBeNull();
      expect(r.low).toBeLessThan(r.rating);
      expect(r.high).toBeGreaterThan(r.rating);
      expect(r.high - r.rating).toBeCloseTo(1.96 * r.stderr!, 9);
    }
  });

  it("gives the same result whatever the order of votes and candidates", () => {
    const votes = [beats("A", "B", "C"), beats("B", "C"), tie("A", "C", "D"), beats("D", "A"), beats("C", "D", "B")];
    const shuffled = [beats("D", "A"), beats("C", "B", "D"), tie("D", "C", "A"), beats("B", "C"), beats("A", "C", "B")];
    expect(bradleyTerry(shuffled)).toEqual(bradleyTerry(votes));
  });

  it("lists hosts without votes only when asked, at 1500 with no stderr", () => {
    const ratings = bradleyTerry([beats("A", "B")], { hosts: ["A", "Z", "B"] });
    expect(ratings.map((r) => r.host)).toEqual(["A", "Z", "B"]);
    expect(byHost(ratings).Z).toEqual({ host: "Z", rating: 1500, stderr: null, low: 1500, high: 1500, votes: 0, wins: 0, losses: 0, draws: 0 });
    expect(bradleyTerry([beats("A", "B")]).map((r) => r.host)).toEqual(["A", "B"]);
  });
});

describe("elo", () => {
  it("moves 1500/1500 to 1516/1484 for one win with k = 32", () => {
    expect(elo([beats("A", "B")])).toEqual({ A: 1516, B: 1484 });
  });

  it("leaves equal ratings unchanged after a tie", () => {
    expect(elo([tie("A", "B", "C")])).toEqual({ A: 1500, B: 1500, C: 1500 });
  });

  it("takes k and the initial rating as options", () => {
    expect(elo([beats("B", "A")], { k: 16, initial: 1000 })).toEqual({ A: 992, B: 1008 });
  });

  it("is sequential: the second win counts for less than the first", () => {
    const r = elo([beats("A", "B"), beats("A", "B")]);
    expect(r.A - 1516).toBeLessThan(16);
    expect(r.A + r.B).toBeCloseTo(3000, 9);
  });
});
