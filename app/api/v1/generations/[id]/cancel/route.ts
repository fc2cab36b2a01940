import { apiError } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { cancelGeneration } from "@/lib/jobs/service";

export async function POST(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const result = await cancelGeneration(id, await currentUserId());
  if (!result.ok) return apiError(result.status, result.status === 404 ? "not_found" : "conflict", result.message);
  return Response.json(result.generation);
}
