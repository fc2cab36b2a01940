import { apiError } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { getGenerationDto } from "@/lib/jobs/service";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const dto = await getGenerationDto(id, await currentUserId());
  return dto ? Response.json(dto) : apiError(404, "not_found", `No generation ${id}`);
}
