import { generationStatsForModel, votesForModel } from "@/lib/db/queries";
import type { ModelId } from "@/lib/models";
import { listProviders } from "@/lib/providers/registry";
import { bradleyTerry, elo } from "./rating";
import { hostStats } from "./stats";
import type { LeaderboardDto } from "./types";

/**
 * Hosts of one model ranked by blind votes (Bradley–Terry, with votes and an uncertainty), next to
 * what the history measured of each: latency (median, p95), failure rate, mean cost per image.
 */
export async function leaderboard(userId: string, model: ModelId): Promise<LeaderboardDto> {
  const hosts = listProviders().filter((p) => p.models.includes(model));
  const [voteRows, runs] = await Promise.all([votesForModel(userId, model), generationStatsForModel(userId, model)]);
  const votes = voteRows.map((v) => ({ candidates: v.candidates, winner: v.winner, at: v.createdAt.toISOString() }));
  const ratings = bradleyTerry(votes);
  const elos = elo(votes);
  const stats = hostStats(
    runs.flatMap((r) => [
      // Each host a failover left failed that run: it never counts as that host's success.
      ...r.attempts.map((a) => ({ provider: a.provider, status: "failed" as const, hostLatencyMs: null, totalMs: null, images: 0, estimatedUsd: a.estimatedUsd, billedUsd: null })),
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
  );
  const rows = hosts.map((host) => {
    const rating = ratings.find((r) => r.host === host.id);
    const s = stats[host.id];
    return {
      provider: host.id,
      name: host.name,
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
  return { model, totalVotes: voteRows.length, hosts: rows };
}
