import { apiError, timedJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { filterFromSearchParams } from "@/lib/history/filter-schema";
import { listHistory } from "@/lib/history/list";
import { InvalidCursorError, MAX_PAGE_SIZE } from "@/lib/jobs/service";

/** The history gallery: generations and comparisons (one entry each) matching the filter, newest first. */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const limit = url.searchParams.has("limit") ? Number(url.searchParams.get("limit")) : 24;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    return apiError(400, "invalid_request", `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`, [{ path: "limit", message: `1 to ${MAX_PAGE_SIZE}` }]);
  }
  const filter = filterFromSearchParams(url.searchParams);
  if (!filter.ok) return apiError(400, "invalid_request", filter.message, filter.issues);
  try {
    const started = performance.now();
    const withTotals = url.searchParams.get("totals") !== "0";
    return timedJson(await listHistory(await currentUserId(), { filter: filter.filter, cursor: url.searchParams.get("cursor"), limit, withTotals }), started);
  } catch (error) {
    if (error instanceof InvalidCursorError) return apiError(400, "invalid_request", error.message, [{ path: "cursor", message: error.message }]);
    throw error;
  }
}
