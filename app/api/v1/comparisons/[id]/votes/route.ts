import { readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { voteOnComparison } from "@/lib/compare/service";
import { AppError, route } from "@/lib/errors";

/** `{ "seed", "winnerGenerationId": string | null }` (null = tie) → 201 with the comparison. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const result = await voteOnComparison(id, await readJson(request), await currentUserId());
  if (!result.ok) throw AppError.fromFailure("comparison", result);
  return Response.json(result.comparison, { status: 201 });
});
