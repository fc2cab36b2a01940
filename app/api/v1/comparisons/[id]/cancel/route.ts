import { currentUserId } from "@/lib/auth/current-user";
import { cancelComparison } from "@/lib/compare/run";
import { getComparisonDto } from "@/lib/compare/service";
import { AppError, route } from "@/lib/errors";

export const POST = route(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const userId = await currentUserId();
  if (!(await getComparisonDto(id, userId))) throw new AppError("not_found:comparison", `No comparison ${id}`);
  await cancelComparison(id, userId);
  return Response.json(await getComparisonDto(id, userId));
});
