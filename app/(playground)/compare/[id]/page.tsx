import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ComparisonView } from "@/components/compare/comparison-view";
import { currentUserId } from "@/lib/auth/current-user";
import { getComparisonDto } from "@/lib/compare/service";
import { listProviders } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Comparison · FLUX Playground" };

export default async function ComparisonPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  const comparison = await getComparisonDto(id, await currentUserId());
  if (!comparison) notFound();
  return <ComparisonView key={comparison.id} initial={comparison} providers={listProviders()} />;
}
