import { readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { AppError, route } from "@/lib/errors";
import { restoreHistoryItems } from "@/lib/history/service";

/** Undo of a delete: `{ imageIds?, generationIds?, comparisonIds? }` → 200 `{ restored }` (what was still there). */
export const POST = route(async (request: Request) => {
  const outcome = await restoreHistoryItems(await readJson(request), await currentUserId());
  if (!outcome.ok) throw AppError.fromFailure("history", outcome);
  return Response.json(outcome.result);
});
