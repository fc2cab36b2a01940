/**
 * Ratings of hosts from blind votes: Bradley–Terry (the figure we rank by) and sequential Elo
 * (the figure people know). Pure arithmetic, shared by the server and the compare page.
 */

/** A blind vote: the best of `candidates` (host ids), or a tie between all of them when `winner` is null. */
export interface Vote {
  candidates: readonly string[];
  winner: string | null;
  at?: string;
}

/** One pairwise outcome: `a` scored `scoreA` against `b` (1 = a won, 0.5 = draw). */
export interface Pair {
  a: string;
  b: string;
  scoreA: 1 | 0.5;
}

export interface HostRating {
  host: string;
  /** Elo-like: 1500 is the geometric-mean host, +400 means 10:1 odds. */
  rating: number;
  /** In rating points; null when the host was not fitted or the information matrix is singular. */
  stderr: number | null;
  /** rating ∓ 1.96·stderr (a 95% interval); equal to rating when stderr is null. */
  low: number;
  high: number;
  /** Votes the host took part in; wins + losses + draws = votes (counted per vote, not per pair). */
  votes: number;
  wins: number;
  losses: number;
  draws: number;
}

export interface BradleyTerryOptions {
  /** Hosts to report even without votes (at 1500, stderr null). */
  hosts?: readonly string[];
}

const BASE_RATING = 1500;
/** Rating points per unit of natural-log strength: 400 points = a factor of 10. */
const POINTS_PER_NEPER = 400 / Math.LN10;
/** Virtual draws of each host against a fixed average host (strength 1): see bradleyTerry. */
const PRIOR_DRAWS = 1;
const TOLERANCE = 1e-9;
const MAX_ITERATIONS = 10_000;
const Z_95 = 1.96;

// Code-unit order, not localeCompare: the same result on every machine.
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function assertValidVote(vote: Vote, index: number): void {
  const { candidates, winner } = vote;
  if (candidates.length < 2) throw new Error(`Vote ${index}: needs at least 2 candidates`);
  if (new Set(candidates).size !== candidates.length) throw new Error(`Vote ${index}: candidates are not distinct`);
  if (winner !== null && !candidates.includes(winner)) throw new Error(`Vote ${index}: winner ${winner} is not a candidate`);
}

/**
 * Best of k → k-1 wins of the winner over each other candidate; a tie → a draw between every pair
 * (k(k-1)/2 draws). The order follows the votes and their candidates, which sequential Elo relies on.
 */
export function votesToPairs(votes: readonly Vote[]): Pair[] {
  const pairs: Pair[] = [];
  votes.forEach((vote, index) => {
    assertValidVote(vote, index);
    const { candidates, winner } = vote;
    if (winner !== null) {
      for (const other of candidates) if (other !== winner) pairs.push({ a: winner, b: other, scoreA: 1 });
      return;
    }
    for (let i = 0; i < candidates.length; i++) {
      for (let j = i + 1; j < candidates.length; j++) pairs.push({ a: candidates[i], b: candidates[j], scoreA: 0.5 });
    }
  });
  return pairs;
}

interface Tally {
  votes: number;
  wins: number;
  losses: number;
  draws: number;
}

function tallyVotes(votes: readonly Vote[]): Map<string, Tally> {
  const tally = new Map<string, Tally>();
  for (const { candidates, winner } of votes) {
    for (const host of candidates) {
      const t = tally.get(host) ?? { votes: 0, wins: 0, losses: 0, draws: 0 };
      t.votes++;
      if (winner === null) t.draws++;
      else if (winner === host) t.wins++;
      else t.losses++;
      tally.set(host, t);
    }
  }
  return tally;
}

/**
 * MM (Hunter 2004) for the posterior mode: p_i ← W_i / (Σ_j n_ij/(p_i+p_j) + PRIOR_DRAWS/(p_i+1)),
 * where W_i counts wins, half of each draw and half of each virtual draw. Returns log-strengths.
 */
function fitLogStrengths(games: number[][], score: number[]): number[] {
  const n = score.length;
  let p = new Array<number>(n).fill(1);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const next = p.map((pi, i) => {
      let denominator = PRIOR_DRAWS / (pi + 1);
      for (let j = 0; j < n; j++) if (games[i][j] > 0) denominator += games[i][j] / (pi + p[j]);
      return score[i] / denominator;
    });
    let change = 0;
    for (let i = 0; i < n; i++) change = Math.max(change, Math.abs(Math.log(next[i] / p[i])));
    p = next;
    if (change < TOLERANCE) break;
  }
  return p.map(Math.log);
}

/** p(1-p) for the chance that strength e^x beats strength e^y: the curvature of one comparison. */
function curvature(x: number, y: number): number {
  const win = 1 / (1 + Math.exp(y - x));
  return win * (1 - win);
}

/** Gauss–Jordan with partial pivoting; null when the matrix is (numerically) singular. */
function invert(matrix: number[][]): number[][] | null {
  const n = matrix.length;
  const a = matrix.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (!(Math.abs(a[pivot][col]) > 1e-12)) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const lead = a[col][col];
    for (let c = 0; c < 2 * n; c++) a[col][c] /= lead;
    for (let r = 0; r < n; r++) {
      if (r === col || a[r][col] === 0) continue;
      const factor = a[r][col];
      for (let c = 0; c < 2 * n; c++) a[r][c] -= factor * a[col][c];
    }
  }
  return a.map((row) => row.slice(n));
}

/**
 * Variance of each θ_i − mean(θ) (the quantity the rating reports) from the inverse of the observed
 * information of the log-posterior, prior included. The prior adds to the diagonal, so the matrix is
 * positive definite whenever the fit is; null only if inversion fails numerically.
 */
function centredVariances(games: number[][], theta: number[]): (number | null)[] {
  const n = theta.length;
  const info = theta.map((ti, i) => {
    const row = new Array<number>(n).fill(0);
    row[i] = PRIOR_DRAWS * curvature(ti, 0);
    for (let j = 0; j < n; j++) {
      if (j === i || games[i][j] === 0) continue;
      const w = games[i][j] * curvature(ti, theta[j]);
      row[i] += w;
      row[j] -= w;
    }
    return row;
  });
  const cov = invert(info);
  if (!cov) return theta.map(() => null);
  const rowSums = cov.map((row) => row.reduce((s, v) => s + v, 0));
  const total = rowSums.reduce((s, v) => s + v, 0);
  return cov.map((row, i) => {
    // Var(c·θ) with c = e_i − 1/n.
    const v = row[i] - (2 * rowSums[i]) / n + total / (n * n);
    return Number.isFinite(v) && v > 0 ? v : null;
  });
}

/**
 * Bradley–Terry ratings of the hosts in `votes`, draws counted as half a win to each side.
 *
 * Prior: each host plays one virtual draw against a fixed host of strength 1. It is symmetric (no host
 * is favoured), keeps hosts that never lost or never won finite, and weighs as little as one real
 * vote, so it fades as votes accumulate. Ratings are then centred on the geometric mean of the fitted
 * hosts. Host order and vote order do not change the result.
 */
export function bradleyTerry(votes: readonly Vote[], opts: BradleyTerryOptions = {}): HostRating[] {
  const pairs = votesToPairs(votes);
  const tally = tallyVotes(votes);
  const hosts = [...tally.keys()].sort(byId);
  const index = new Map(hosts.map((h, i) => [h, i]));
  const n = hosts.length;

  const games = hosts.map(() => new Array<number>(n).fill(0));
  const score = new Array<number>(n).fill(PRIOR_DRAWS / 2);
  for (const { a, b, scoreA } of pairs) {
    const i = index.get(a)!;
    const j = index.get(b)!;
    games[i][j]++;
    games[j][i]++;
    score[i] += scoreA;
    score[j] += 1 - scoreA;
  }

  const theta = n > 0 ? fitLogStrengths(games, score) : [];
  const variances = n > 0 ? centredVariances(games, theta) : [];
  const meanTheta = theta.reduce((s, t) => s + t, 0) / Math.max(n, 1);

  const ratings: HostRating[] = hosts.map((host, i) => {
    const rating = BASE_RATING + POINTS_PER_NEPER * (theta[i] - meanTheta);
    const variance = variances[i];
    const stderr = variance === null ? null : POINTS_PER_NEPER * Math.sqrt(variance);
    const margin = stderr === null ? 0 : Z_95 * stderr;
    return { host, rating, stderr, low: rating - margin, high: rating + margin, ...tally.get(host)! };
  });
  for (const host of new Set(opts.hosts ?? [])) {
    if (tally.has(host)) continue;
    ratings.push({ host, rating: BASE_RATING, stderr: null, low: BASE_RATING, high: BASE_RATING, votes: 0, wins: 0, losses: 0, draws: 0 });
  }
  return ratings.sort((x, y) => y.rating - x.rating || byId(x.host, y.host));
}

/**
 * Sequential Elo over the pairs in vote order (a tie scores 0.5). Order-dependent by nature: shown
 * beside Bradley–Terry because it is the figure people know, not used to rank.
 */
export function elo(
  votes: readonly Vote[],
  { k = 32, initial = BASE_RATING }: { k?: number; initial?: number } = {},
): Record<string, number> {
  const ratings = new Map<string, number>();
  for (const { a, b, scoreA } of votesToPairs(votes)) {
    const ra = ratings.get(a) ?? initial;
    const rb = ratings.get(b) ?? initial;
    const expectedA = 1 / (1 + 10 ** ((rb - ra) / 400));
    const delta = k * (scoreA - expectedA);
    ratings.set(a, ra + delta);
    ratings.set(b, rb - delta);
  }
  // A Map first so that a host id like "__proto__" stays an ordinary key.
  return Object.fromEntries(ratings);
}

/**
 * Standard competition ranks ("1224") of ratings sorted best first: ratings equal as shown (rounded
 * to whole points) share a rank, and the next rank skips as many places as were shared. Unrated
 * entries (null) get no rank.
 */
export function competitionRanks(ratings: readonly (number | null)[]): (number | null)[] {
  let previous: number | null = null;
  let rank = 0;
  return ratings.map((rating, i) => {
    if (rating === null) return null;
    const shown = Math.round(rating);
    if (shown !== previous) rank = i + 1;
    previous = shown;
    return rank;
  });
}
