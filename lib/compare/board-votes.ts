import { pairKey, parseCellKey } from "./cells";
import type { Vote } from "./rating";

/** A stored vote: cell keys, and the comparison's model that a bare host key is a cell of. */
export interface StoredVote {
  candidates: readonly string[];
  winner: string | null;
  model: string;
  at?: string;
}

/** A vote with every candidate as its host × model pair (`provider@model`): the across-models board. */
export function pairVote(vote: StoredVote): Vote {
  const pair = (key: string) => {
    const { provider, model } = parseCellKey(key, vote.model);
    return pairKey(provider, model);
  };
  return { candidates: vote.candidates.map(pair), winner: vote.winner === null ? null : pair(vote.winner), at: vote.at };
}

/**
 * A vote as it counts on one model's board, its candidates that model's hosts; null when it says
 * nothing of them. A vote of that model alone counts as cast. A vote across models counts as the
 * same vote restricted to the model's cells when that restriction is still a verdict: the winner
 * is one of them (it beat the others), or the row was a tie. When another model's image won, the
 * vote does not order this model's hosts and is left out; so is a vote with fewer than two of them.
 */
export function voteForModel(vote: StoredVote, model: string): Vote | null {
  const cells = vote.candidates.map((key) => parseCellKey(key, vote.model));
  const hosts = cells.filter((c) => c.model === model).map((c) => c.provider);
  if (hosts.length < 2) return null;
  if (vote.winner === null) return { candidates: hosts, winner: null, at: vote.at };
  const winner = parseCellKey(vote.winner, vote.model);
  return winner.model === model ? { candidates: hosts, winner: winner.provider, at: vote.at } : null;
}
