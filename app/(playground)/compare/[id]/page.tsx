import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ComparisonView } from "@/components/compare/comparison-view";
import { currentUserId } from "@/lib/auth/current-user";
import { getComparisonDto } from "@/lib/compare/service";
import { providersForUser } from "@/lib/keys/service";

export const metadata: Metadata = { title: "Comparison · FLUX Playground" };

export default async function ComparisonPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  const userId = await currentUserId();
  const comparison = await getComparisonDto(id, userId);
  if (!comparison) notFound();
  return <ComparisonView key={comparison.id} initial={comparison} providers={await providersForUser(userId)} />;
}
