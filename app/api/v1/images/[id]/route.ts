import { readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { AppError, route } from "@/lib/errors";
import { favoriteImage } from "@/lib/history/service";

/** `{ "favorite": true | false }` → 200 the image. */
export const PATCH = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const body = await readJson(request);
  const outcome = await favoriteImage((await params).id, body, await currentUserId());
  if (!outcome.ok) throw AppError.fromFailure("image", outcome);
  return Response.json(outcome.image);
});
