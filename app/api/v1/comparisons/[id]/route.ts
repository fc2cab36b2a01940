import { apiError } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { getComparisonDto } from "@/lib/compare/service";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const dto = await getComparisonDto(id, await currentUserId());
  return dto ? Response.json(dto) : apiError(404, "not_found", `No comparison ${id}`);
}
