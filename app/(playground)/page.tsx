import { connection } from "next/server";
import { Playground } from "@/components/playground/playground";
import { currentUserId } from "@/lib/auth/current-user";
import { editSourceOf } from "@/lib/jobs/lineage";
import { getGenerationDto } from "@/lib/jobs/service";
import { providersForUser } from "@/lib/keys/service";
import { formFromQuery, type QueryValues } from "@/lib/models/form-query";
import { resolveShare } from "@/lib/shares/service";

const single = (value: string | string[] | undefined) => (typeof value === "string" && value ? value : null);

/**
 * `?from=<generationId>` opens the form with that run's settings (e.g. "Reuse in form" of a
 * comparison cell), and `&image=<imageId>` with that image's seed (the history's "Reuse settings");
 * `?share=<slug>` does the same for anyone's shared generation (a valid link is all it takes, no
 * ownership); `?edit=<imageId>` opens it as an edit of one of your images ("Edit with Kontext" on the
 * history page). The form's own fields in the query (`?prompt=…&width=…`, what the browser sends when the
 * form is submitted before hydration or without JavaScript) are restored into the form.
 */
export default async function PlaygroundPage({
  searchParams,
}: {
  searchParams: Promise<QueryValues>;
}) {
  // Host modes come from the environment at request time, not at build time.
  await connection();
  const query = await searchParams;
  const from = single(query.from);
  const share = single(query.share);
  const userId = await currentUserId();
  const own = from ? await getGenerationDto(from, userId) : null;
  const submitted = formFromQuery(query);
  const initialFrom = own ?? (share ? await sharedGeneration(share) : null) ?? (submitted ? { ...submitted, images: [] } : null);
  const initialImage = own?.images.find((image) => image.id === single(query.image)) ?? null;
  const edit = single(query.edit);
  const initialEdit = edit ? await editSourceOf(edit, userId) : null;
  return (
    <Playground
      providers={await providersForUser(userId)}
      initialFrom={initialFrom}
      initialImage={initialImage}
      initialEdit={initialEdit}
      restored={Boolean(submitted) && !own && !share}
    />
  );
}

async function sharedGeneration(slug: string) {
  const shared = await resolveShare(slug);
  return shared?.kind === "generation" ? shared.generation : null;
}
