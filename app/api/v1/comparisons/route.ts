import { after } from "next/server";
import { withIdempotencyHeader } from "@/lib/api/idempotency";
import { apiError, limitExceeded, readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { runComparisonCells } from "@/lib/compare/run";
import { createComparison } from "@/lib/compare/service";

export async function POST(request: Request) {
  const json = await readJson(request);
  if (!json.ok) return json.response;
  const input = withIdempotencyHeader(request, json.body);
  if (!input.ok) return input.response;
  const result = await createComparison(input.body, await currentUserId());
  if (!result.ok) {
    if (result.limit) return limitExceeded(result.limit);
    const response = apiError(400, "invalid_request", result.message, result.issues);
    if (!result.needsConfirmation) return response;
    const body = await response.json();
    return Response.json({ ...body, estimate: result.needsConfirmation }, { status: 400 });
  }
  after(() => runComparisonCells(result.generations));
  return Response.json(
    { id: result.id, generations: result.generations, estimate: result.estimate },
    { status: 202, headers: { Location: `/api/v1/comparisons/${result.id}`, ...(result.created ? {} : { "Idempotent-Replayed": "true" }) } },
  );
}
