import { apiFailure, readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { favoriteImage } from "@/lib/history/service";

/** `{ "favorite": true | false }` → 200 the image. */
export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const json = await readJson(request);
  if (!json.ok) return json.response;
  const outcome = await favoriteImage((await params).id, json.body, await currentUserId());
  if (!outcome.ok) return apiFailure(outcome);
  return Response.json(outcome.image);
}
