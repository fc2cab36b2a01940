import { apiFailure, readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { deleteHistoryItems } from "@/lib/history/service";

/**
 * `{ imageIds?, generationIds?, comparisonIds?, includeFavorites? }` → 200 DeleteResult. Hidden at
 * once, restorable until `undoUntil`; favourites are spared unless `includeFavorites: true`.
 */
export async function POST(request: Request) {
  const json = await readJson(request);
  if (!json.ok) return json.response;
  const outcome = await deleteHistoryItems(json.body, await currentUserId());
  if (!outcome.ok) return apiFailure(outcome);
  return Response.json(outcome.result);
}
