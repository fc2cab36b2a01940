import { apiError, timedJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { filterFromSearchParams } from "./filter-schema";
import type { HistoryFilter } from "./filters";

/** A GET route answering for the filter of its query string: 400 naming the bad key, else the JSON with its server time. */
export async function answerForFilter(request: Request, compute: (userId: string, filter: HistoryFilter) => Promise<unknown>): Promise<Response> {
  const started = performance.now();
  const filter = filterFromSearchParams(new URL(request.url).searchParams);
  if (!filter.ok) return apiError(400, "invalid_request", filter.message, filter.issues);
  return timedJson(await compute(await currentUserId(), filter.filter), started);
}
