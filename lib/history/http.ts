import { timedJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { filterFromSearchParams } from "./filter-schema";
import type { HistoryFilter } from "./filters";

/** The filter of a GET's query string; a bad key throws a 400 naming it. */
export function filterOf(query: URLSearchParams): HistoryFilter {
  const filter = filterFromSearchParams(query);
  if (!filter.ok) throw new AppError("bad_request:history", filter.message, { issues: filter.issues });
  return filter.filter;
}

/** A GET route answering for the filter of its query string: 400 naming the bad key, else the JSON with its server time. */
export async function answerForFilter(request: Request, compute: (userId: string, filter: HistoryFilter) => Promise<unknown>): Promise<Response> {
  const started = performance.now();
  const filter = filterOf(new URL(request.url).searchParams);
  return timedJson(await compute(await currentUserId(), filter), started);
}
