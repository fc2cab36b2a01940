import { connection } from "next/server";
import { Playground } from "@/components/playground/playground";
import { currentUserId } from "@/lib/auth/current-user";
import { getGenerationDto } from "@/lib/jobs/service";
import { listProviders } from "@/lib/providers/registry";

/** `?from=<generationId>` opens the form with that run's settings (e.g. "Reuse in form" of a comparison cell). */
export default async function PlaygroundPage({ searchParams }: { searchParams: Promise<{ from?: string | string[] }> }) {
  // Host modes come from the environment at request time, not at build time.
  await connection();
  const { from } = await searchParams;
  const initialFrom = typeof from === "string" && from ? await getGenerationDto(from, await currentUserId()) : null;
  return <Playground providers={listProviders()} initialFrom={initialFrom} />;
}
