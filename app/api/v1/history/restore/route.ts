import { apiFailure, readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { restoreHistoryItems } from "@/lib/history/service";

/** Undo of a delete: `{ imageIds?, generationIds?, comparisonIds? }` → 200 `{ restored }` (what was still there). */
export async function POST(request: Request) {
  const json = await readJson(request);
  if (!json.ok) return json.response;
  const outcome = await restoreHistoryItems(json.body, await currentUserId());
  if (!outcome.ok) return apiFailure(outcome);
  return Response.json(outcome.result);
}
