import { route } from "@/lib/errors";
import { answerForFilter } from "@/lib/history/http";
import { historyTotals } from "@/lib/history/query";

/** `{ generations, images, estimatedUsd, billedUsd }` of everything matching the filter (the gallery's header). */
export const GET = route((request: Request) => answerForFilter(request, historyTotals));
