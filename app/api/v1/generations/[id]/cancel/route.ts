import { currentUserId } from "@/lib/auth/current-user";
import { AppError, route } from "@/lib/errors";
import { cancelGeneration } from "@/lib/jobs/service";

export const POST = route(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const result = await cancelGeneration(id, await currentUserId());
  if (!result.ok) throw AppError.fromFailure("generation", result);
  return Response.json(result.generation);
});
