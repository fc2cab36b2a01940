import { currentUserId } from "@/lib/auth/current-user";
import { AppError, route } from "@/lib/errors";
import { getGenerationDto } from "@/lib/jobs/service";

export const GET = route(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const dto = await getGenerationDto(id, await currentUserId());
  if (!dto) throw new AppError("not_found:generation", `No generation ${id}`);
  return Response.json(dto);
});
