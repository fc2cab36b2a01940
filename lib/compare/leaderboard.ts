import { generationStatsForModel, votesForModel } from "@/lib/db/queries";
import type { ModelId } from "@/lib/models";
import { listProviders } from "@/lib/providers/registry";
import { bradleyTerry, competitionRanks, elo } from "./rating";
import { hostStats } from "./stats";
import type { LeaderboardDto, LeaderboardSource } from "./types";

/**
 * Hosts of one model ranked by blind votes (Bradley–Terry, with votes and an uncertainty), next to
 * what the history measured of each: latency (median, p95), failure rate, mean cost per image.
 * Live hosts by default: sandbox emulators draw the same picture for every host and answer after a
 * set delay, so their votes and timings say nothing of the hosts and are shown apart, when asked.
 */
export async function leaderboard(userId: string, model: ModelId, source: LeaderboardSource = "live"): Promise<LeaderboardDto> {
  const hosts = listProviders().filter((p) => p.models.includes(model));
  const [allVotes, allRuns] = await Promise.all([votesForModel(userId, model), generationStatsForModel(userId, model)]);
  const wanted = source === "sandbox";
  const voteRows = allVotes.filter((v) => v.sandbox === wanted);
  const votes = voteRows.map((v) => ({ candidates: v.candidates, winner: v.winner, at: v.createdAt.toISOString() }));
  const ratings = bradleyTerry(votes);
  const elos = elo(votes);
  const stats = hostStats(
    allRuns.flatMap((r) => [
      // Each host a failover left failed that run: it never counts as that host's success.
      ...r.attempts
        .filter((a) => (a.keySource === "sandbox") === wanted)
        .map((a) => ({ provider: a.provider, status: "failed" as const, hostLatencyMs: null, totalMs: null, images: 0, estimatedUsd: a.estimatedUsd, billedUsd: null })),
      // The run itself counts where its serving host ran: a failover may leave a sandbox for a live host.
      ...(r.sandbox !== wanted
        ? []
        : [
            {
              provider: r.provider,
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
  const rows = hosts.map((host) => {
    const rating = ratings.find((r) => r.host === host.id);
    const s = stats[host.id];
    return {
      provider: host.id,
      name: host.name,
      rank: null as number | null,
      rating: rating?.rating ?? null,
      stderr: rating?.stderr ?? null,
      low: rating?.low ?? null,
      high: rating?.high ?? null,
      votes: rating?.votes ?? 0,
      wins: rating?.wins ?? 0,
      losses: rating?.losses ?? 0,
      draws: rating?.draws ?? 0,
      elo: elos[host.id] ?? null,
      runs: s?.runs ?? 0,
      failureRate: s?.failureRate ?? null,
      latencyMedianMs: s?.latencyMedianMs ?? null,
      latencyP95Ms: s?.latencyP95Ms ?? null,
      meanCostPerImageUsd: s?.meanCostPerImageUsd ?? null,
    };
  });
  // Rated hosts first by rating; the rest after, by name.
  rows.sort((a, b) => (b.rating ?? -Infinity) - (a.rating ?? -Infinity) || a.name.localeCompare(b.name));
  competitionRanks(rows.map((r) => r.rating)).forEach((rank, i) => (rows[i].rank = rank));
  const sandboxVotes = allVotes.filter((v) => v.sandbox).length;
  return { model, totalVotes: voteRows.length, source, liveVotes: allVotes.length - sandboxVotes, sandboxVotes, hosts: rows };
}
