import { answerForFilter } from "@/lib/history/http";
import { spendReport } from "@/lib/history/spend";

/** Spend of every run matching the filter (comparison cells included): totals, per day, host and model. */
export const GET = (request: Request) => answerForFilter(request, spendReport);
