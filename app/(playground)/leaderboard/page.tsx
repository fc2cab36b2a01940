import type { Metadata } from "next";
import { connection } from "next/server";
import { LeaderboardView } from "@/components/leaderboard/leaderboard-view";
import { currentUserId } from "@/lib/auth/current-user";
import { leaderboard } from "@/lib/compare/leaderboard";
import { MODEL_IDS, modelIdSchema } from "@/lib/models";

export const metadata: Metadata = {
  title: "Leaderboard · FLUX Playground",
  description: "Hosts of one model ranked by blind votes, with measured latency, failure rate and cost per image.",
};

export default async function LeaderboardPage({ searchParams }: { searchParams: Promise<{ model?: string | string[] }> }) {
  await connection();
  const { model: raw } = await searchParams;
  // An unknown ?model= shows the first model rather than an error page.
  const parsed = modelIdSchema.safeParse(raw);
  const model = parsed.success ? parsed.data : MODEL_IDS[0];
  return <LeaderboardView key={model} model={model} initial={await leaderboard(await currentUserId(), model)} />;
}
