import type { Metadata } from "next";
import { connection } from "next/server";
import { TokensView } from "@/components/account/tokens-view";
import { requirePageUser } from "@/lib/auth/current-user";
import { listApiTokens } from "@/lib/auth/tokens";
import { limitsStatus } from "@/lib/limits/service";

export const metadata: Metadata = {
  title: "API tokens · FLUX Playground",
  description: "Personal tokens for the JSON API, and your budget and rate limit.",
};

export default async function TokensPage() {
  await connection();
  const user = await requirePageUser();
  const [tokens, limits] = await Promise.all([listApiTokens(user.id), limitsStatus(user.id)]);
  return <TokensView initial={tokens} limits={limits} localMode={user.via === "local"} />;
}
