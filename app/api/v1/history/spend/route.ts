import { route } from "@/lib/errors";
import { answerForFilter } from "@/lib/history/http";
import { spendReport } from "@/lib/history/spend";

/** Spend of every run matching the filter (comparison cells included): totals, per day, host and model. */
export const GET = route((request: Request) => answerForFilter(request, spendReport));
