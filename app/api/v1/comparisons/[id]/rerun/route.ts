import { after } from "next/server";
import { apiError, limitExceeded, readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { runComparisonCells } from "@/lib/compare/run";
import { rerunComparison } from "@/lib/compare/service";

/** `{ "seeds"?: number[], "confirm"?: boolean }` → 202: a new comparison with the same hosts and params. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const json = await readJson(request, { optional: true });
  if (!json.ok) return json.response;
  const result = await rerunComparison(id, json.body, await currentUserId());
  if (!result) return apiError(404, "not_found", `No comparison ${id}`);
  if (!result.ok) return result.limit ? limitExceeded(result.limit) : apiError(400, "invalid_request", result.message, result.issues);
  after(() => runComparisonCells(result.generations));
  return Response.json({ id: result.id, generations: result.generations, estimate: result.estimate }, { status: 202 });
}
