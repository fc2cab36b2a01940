import type { Metadata } from "next";
import { connection } from "next/server";
import { LeaderboardView } from "@/components/leaderboard/leaderboard-view";
import { currentUserId } from "@/lib/auth/current-user";
import { leaderboard } from "@/lib/compare/leaderboard";
import { leaderboardSourceSchema } from "@/lib/compare/types";
import { MODEL_IDS, modelIdSchema } from "@/lib/models";

export const metadata: Metadata = {
  title: "Leaderboard · FLUX Playground",
  description: "Hosts of one model, or host × model pairs, ranked by blind votes, with measured latency, failure rate and cost per image.",
};

export default async function LeaderboardPage({ searchParams }: { searchParams: Promise<{ model?: string | string[]; source?: string | string[] }> }) {
  await connection();
  const { model: raw, source: rawSource } = await searchParams;
  // Live hosts unless the sandbox's ratings are asked for by name.
  const source = leaderboardSourceSchema.safeParse(rawSource).data ?? "live";
  // An unknown ?model= shows the first model rather than an error page.
  // `?model=all`: host × model pairs ranked together; the model picker keeps the first model.
  const across = raw === "all";
  const parsed = modelIdSchema.safeParse(raw);
  const model = parsed.success ? parsed.data : MODEL_IDS[0];
  return <LeaderboardView key={across ? "all" : model} model={model} initial={await leaderboard(await currentUserId(), across ? "all" : model, source)} />;
}
