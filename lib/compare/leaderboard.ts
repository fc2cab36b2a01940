import { generationStatsForModel, votesOfUser } from "@/lib/db/queries";
import { MODEL_IDS, type ModelId } from "@/lib/models";
import { listProviders } from "@/lib/providers/registry";
import { pairVote, voteForModel } from "./board-votes";
import { pairKey } from "./cells";
import { bradleyTerry, competitionRanks, elo } from "./rating";
import { hostStats } from "./stats";
import type { LeaderboardDto, LeaderboardSource } from "./types";

/**
 * Hosts of one model (or, with "all", host × model pairs) ranked by blind votes (Bradley–Terry, with votes and an uncertainty), next to
 * what the history measured of each: latency (median, p95), failure rate, mean cost per image.
 * Live hosts by default: sandbox emulators draw the same picture for every host and answer after a
 * set delay, so their votes and timings say nothing of the hosts and are shown apart, when asked.
 */
export async function leaderboard(userId: string, model: ModelId | "all", source: LeaderboardSource = "live"): Promise<LeaderboardDto> {
  const across = model === "all";
  const [allVotes, allRuns] = await Promise.all([votesOfUser(userId), generationStatsForModel(userId, across ? null : model)]);
  const wanted = source === "sandbox";
  // Per model: hosts as they always were. Across models: each host × model pair is a contestant.
  const keyOf = (provider: string, runModel: string) => (across ? pairKey(provider, runModel) : provider);
  const stored = allVotes.map((v) => ({ vote: { candidates: v.candidates, winner: v.winner, model: v.model, at: v.createdAt.toISOString() }, sandbox: v.sandbox }));
  const counted = stored.flatMap(({ vote, sandbox }) => {
    const scoped = across ? pairVote(vote) : voteForModel(vote, model);
    return scoped ? [{ vote: scoped, sandbox }] : [];
  });
  const votes = counted.filter((v) => v.sandbox === wanted).map((v) => v.vote);
  const ratings = bradleyTerry(votes);
  const elos = elo(votes);
  const stats = hostStats(
    allRuns.flatMap((r) => [
      // Each host a failover left failed that run: it never counts as that host's success.
      ...r.attempts
        .filter((a) => (a.keySource === "sandbox") === wanted)
        .map((a) => ({ provider: keyOf(a.provider, r.model), status: "failed" as const, hostLatencyMs: null, totalMs: null, images: 0, estimatedUsd: a.estimatedUsd, billedUsd: null })),
      // The run itself counts where its serving host ran: a failover may leave a sandbox for a live host.
      ...(r.sandbox !== wanted
        ? []
        : [
            {
              provider: keyOf(r.provider, r.model),
              status: r.status,
              hostLatencyMs: r.submittedAt && r.hostReadyAt ? r.hostReadyAt.getTime() - r.submittedAt.getTime() : null,
              totalMs: r.finishedAt ? r.finishedAt.getTime() - r.createdAt.getTime() : null,
              images: r.images,
              estimatedUsd: r.estimatedUsd,
              billedUsd: r.billedUsd,
            },
          ]),
    ]),
  );
  const contestants = listProviders().flatMap((host) =>
    host.models.filter((m) => across || m === model).map((m) => ({ key: keyOf(host.id, m), provider: host.id, name: host.name, model: m })),
  );
  const rows = contestants
    // Across models, only pairs with something to show: every host × model served would be dozens of empty rows.
    .filter((c) => !across || ratings.some((r) => r.host === c.key) || stats[c.key])
    .map((c) => {
      const rating = ratings.find((r) => r.host === c.key);
      const s = stats[c.key];
      return {
        key: c.key,
        provider: c.provider,
        model: c.model,
        name: c.name,
        rank: null as number | null,
        rating: rating?.rating ?? null,
        stderr: rating?.stderr ?? null,
        low: rating?.low ?? null,
        high: rating?.high ?? null,
        votes: rating?.votes ?? 0,
        wins: rating?.wins ?? 0,
        losses: rating?.losses ?? 0,
        draws: rating?.draws ?? 0,
        elo: elos[c.key] ?? null,
        runs: s?.runs ?? 0,
        failureRate: s?.failureRate ?? null,
        latencyMedianMs: s?.latencyMedianMs ?? null,
        latencyP95Ms: s?.latencyP95Ms ?? null,
        meanCostPerImageUsd: s?.meanCostPerImageUsd ?? null,
      };
    });
  // Rated hosts first by rating; the rest after, by name (and model).
  rows.sort((a, b) => (b.rating ?? -Infinity) - (a.rating ?? -Infinity) || a.name.localeCompare(b.name) || MODEL_IDS.indexOf(a.model) - MODEL_IDS.indexOf(b.model));
  competitionRanks(rows.map((r) => r.rating)).forEach((rank, i) => (rows[i].rank = rank));
  const sandboxVotes = counted.filter((v) => v.sandbox).length;
  return { model, scope: across ? "all" : "model", totalVotes: votes.length, source, liveVotes: counted.length - sandboxVotes, sandboxVotes, hosts: rows };
}
