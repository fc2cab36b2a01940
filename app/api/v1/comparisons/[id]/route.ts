import { currentUserId } from "@/lib/auth/current-user";
import { getComparisonDto } from "@/lib/compare/service";
import { AppError, route } from "@/lib/errors";

export const GET = route(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const dto = await getComparisonDto(id, await currentUserId());
  if (!dto) throw new AppError("not_found:comparison", `No comparison ${id}`);
  return Response.json(dto);
});
