import { after } from "next/server";
import { withIdempotencyHeader } from "@/lib/api/idempotency";
import { readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { runComparisonCells } from "@/lib/compare/run";
import { createComparison } from "@/lib/compare/service";
import { AppError, route } from "@/lib/errors";

export const POST = route(async (request: Request) => {
  const input = withIdempotencyHeader(request, await readJson(request));
  const result = await createComparison(input, await currentUserId());
  if (!result.ok) {
    if (result.limit) throw AppError.limit("comparison", result.limit);
    // Above the confirmation amount: the estimate rides beside the error, for the form to show.
    const extra = result.needsConfirmation ? { estimate: result.needsConfirmation } : undefined;
    throw new AppError("bad_request:comparison", result.message, { issues: result.issues, extra });
  }
  after(() => runComparisonCells(result.generations));
  return Response.json(
    { id: result.id, generations: result.generations, cells: result.cells, estimate: result.estimate },
    { status: 202, headers: { Location: `/api/v1/comparisons/${result.id}`, ...(result.created ? {} : { "Idempotent-Replayed": "true" }) } },
  );
});
