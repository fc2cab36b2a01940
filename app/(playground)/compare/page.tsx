import type { Metadata } from "next";
import { connection } from "next/server";
import { CompareForm, type CompareInitial } from "@/components/compare/compare-form";
import { env } from "@/lib/env";
import { currentUserId } from "@/lib/auth/current-user";
import { providersForUser } from "@/lib/keys/service";
import { resolveShare } from "@/lib/shares/service";

export const metadata: Metadata = {
  title: "Compare hosts · FLUX Playground",
  description: "One prompt and one set of parameters on every host of FLUX 1.1 [pro], side by side.",
};

/** `?share=<slug>` of a shared comparison starts the form with its parameters, hosts and seeds. */
export default async function ComparePage({ searchParams }: { searchParams: Promise<{ share?: string | string[] }> }) {
  // Host modes and the confirmation amount come from the environment at request time.
  await connection();
  const { share } = await searchParams;
  const shared = typeof share === "string" && share ? await resolveShare(share) : null;
  const initial: CompareInitial | null =
    shared?.kind === "comparison"
      ? { model: shared.comparison.model, params: shared.comparison.params, providers: shared.comparison.providers, columns: shared.comparison.columns, seeds: shared.comparison.seeds }
      : null;
  return <CompareForm providers={await providersForUser(await currentUserId())} confirmAboveUsd={env().COMPARE_CONFIRM_USD} initial={initial} />;
}
