import { apiError, timedJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { filterFromSearchParams } from "@/lib/history/filter-schema";
import { spendReport } from "@/lib/history/spend";

/** Spend of every run matching the filter (comparison cells included): totals, per day, host and model. */
export async function GET(request: Request) {
  const started = performance.now();
  const filter = filterFromSearchParams(new URL(request.url).searchParams);
  if (!filter.ok) return apiError(400, "invalid_request", filter.message, filter.issues);
  return timedJson(await spendReport(await currentUserId(), filter.filter), started);
}
