import { apiError, readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { voteOnComparison } from "@/lib/compare/service";

/** `{ "seed", "winnerGenerationId": string | null }` (null = tie) → 201 with the comparison. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const json = await readJson(request);
  if (!json.ok) return json.response;
  const result = await voteOnComparison(id, json.body, await currentUserId());
  if (!result.ok) return apiError(result.status, result.status === 404 ? "not_found" : result.status === 409 ? "conflict" : "invalid_request", result.message, result.issues);
  return Response.json(result.comparison, { status: 201 });
}
