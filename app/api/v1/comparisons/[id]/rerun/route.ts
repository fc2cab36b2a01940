import { after } from "next/server";
import { readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { runComparisonCells } from "@/lib/compare/run";
import { rerunComparison } from "@/lib/compare/service";
import { AppError, route } from "@/lib/errors";

/** `{ "seeds"?: number[], "confirm"?: boolean }` → 202: a new comparison with the same hosts and params. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const body = await readJson(request, { optional: true });
  const result = await rerunComparison(id, body, await currentUserId());
  if (!result) throw new AppError("not_found:comparison", `No comparison ${id}`);
  if (!result.ok) throw result.limit ? AppError.limit("comparison", result.limit) : new AppError("bad_request:comparison", result.message, { issues: result.issues });
  after(() => runComparisonCells(result.generations));
  return Response.json({ id: result.id, generations: result.generations, estimate: result.estimate }, { status: 202 });
});
