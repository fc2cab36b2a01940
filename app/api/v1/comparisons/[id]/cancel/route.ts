import { apiError } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { cancelComparison } from "@/lib/compare/run";
import { getComparisonDto } from "@/lib/compare/service";

export async function POST(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const userId = await currentUserId();
  if (!(await getComparisonDto(id, userId))) return apiError(404, "not_found", `No comparison ${id}`);
  await cancelComparison(id, userId);
  return Response.json(await getComparisonDto(id, userId));
}
