import { connection } from "next/server";
import { Playground } from "@/components/playground/playground";
import { currentUserId } from "@/lib/auth/current-user";
import { getGenerationDto } from "@/lib/jobs/service";
import { providersForUser } from "@/lib/keys/service";
import { resolveShare } from "@/lib/shares/service";

const single = (value: string | string[] | undefined) => (typeof value === "string" && value ? value : null);

/**
 * `?from=<generationId>` opens the form with that run's settings (e.g. "Reuse in form" of a
 * comparison cell), and `&image=<imageId>` with that image's seed (the history's "Reuse settings");
 * `?share=<slug>` does the same for anyone's shared generation (a valid link is all it takes, no
 * ownership).
 */
export default async function PlaygroundPage({
  searchParams,
}: {
  searchParams: Promise<{ from?: string | string[]; image?: string | string[]; share?: string | string[] }>;
}) {
  // Host modes come from the environment at request time, not at build time.
  await connection();
  const query = await searchParams;
  const from = single(query.from);
  const share = single(query.share);
  const userId = await currentUserId();
  const own = from ? await getGenerationDto(from, userId) : null;
  const initialFrom = own ?? (share ? await sharedGeneration(share) : null);
  const initialImage = own?.images.find((image) => image.id === single(query.image)) ?? null;
  return <Playground providers={await providersForUser(userId)} initialFrom={initialFrom} initialImage={initialImage} />;
}

async function sharedGeneration(slug: string) {
  const shared = await resolveShare(slug);
  return shared?.kind === "generation" ? shared.generation : null;
}
