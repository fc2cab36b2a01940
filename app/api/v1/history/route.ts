import { pageLimit, timedJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { route } from "@/lib/errors";
import { filterOf } from "@/lib/history/http";
import { listHistory } from "@/lib/history/list";
import { MAX_PAGE_SIZE } from "@/lib/jobs/service";

/** The history gallery: generations and comparisons (one entry each) matching the filter, newest first; a foreign cursor is a 400. */
export const GET = route(async (request: Request) => {
  const query = new URL(request.url).searchParams;
  const limit = pageLimit(query, MAX_PAGE_SIZE);
  const filter = filterOf(query);
  const started = performance.now();
  const withTotals = query.get("totals") !== "0";
  return timedJson(await listHistory(await currentUserId(), { filter, cursor: query.get("cursor"), limit, withTotals }), started);
});
