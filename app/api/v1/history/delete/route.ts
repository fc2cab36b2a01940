import { readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { AppError, route } from "@/lib/errors";
import { deleteHistoryItems } from "@/lib/history/service";

/**
 * `{ imageIds?, generationIds?, comparisonIds?, includeFavorites? }` → 200 DeleteResult. Hidden at
 * once, restorable until `undoUntil`; favourites are spared unless `includeFavorites: true`.
 */
export const POST = route(async (request: Request) => {
  const outcome = await deleteHistoryItems(await readJson(request), await currentUserId());
  if (!outcome.ok) throw AppError.fromFailure("history", outcome);
  return Response.json(outcome.result);
});
