import type { Metadata } from "next";
import { env, publicOrigin } from "@/lib/env";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { modelName } from "@/components/gallery/format";
import { ShareLayout } from "@/components/share/share-layout";
import { SharedComparison } from "@/components/share/shared-comparison";
import { SharedGeneration } from "@/components/share/shared-generation";
import { listProviders } from "@/lib/providers/registry";
import { resolveShare } from "@/lib/shares/service";
import { shareSummary } from "@/lib/shares/summary";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await connection();
  // The card's absolute URL (og:image) is on the configured public origin: a forged Host cannot move it.
  const metadataBase = new URL(publicOrigin());
  const shared = await resolveShare((await params).slug);
  if (!shared) return { metadataBase, title: "Not found · FLUX Playground", robots: { index: false } };
  const { title, description } = shareSummary(shared, hostName);
  return {
    metadataBase,
    title: `${title} · FLUX Playground`,
    description,
    // An unlisted link: whoever has it may look, search engines need not.
    robots: env().ROBOTS_INDEX_SHARES ? { index: true, follow: false } : { index: false, follow: false },
    openGraph: { title, description, siteName: "FLUX Playground", type: "website" },
    twitter: { card: "summary_large_image", title, description },
  };
}

function hostName(id: string) {
  return listProviders().find((p) => p.id === id)?.name ?? id;
}

/** Public and read-only: anyone with an unrevoked link sees what was shared, nothing of its owner. */
export default async function SharePage({ params }: Props) {
  await connection();
  const { slug } = await params;
  const shared = await resolveShare(slug);
  if (!shared) notFound();
  if (shared.kind === "generation") {
    return (
      <ShareLayout kind={`image · ${modelName(shared.generation.model)}`} openHref={`/?share=${encodeURIComponent(slug)}`}>
        <SharedGeneration generation={shared.generation} hostName={hostName(shared.generation.provider)} />
      </ShareLayout>
    );
  }
  return (
    <ShareLayout kind={`comparison · ${modelName(shared.comparison.model)}`} openHref={`/compare?share=${encodeURIComponent(slug)}`}>
      <SharedComparison comparison={shared.comparison} hostName={hostName} />
    </ShareLayout>
  );
}
