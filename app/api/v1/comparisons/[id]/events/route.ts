import { credentialsStillValid, currentUserId } from "@/lib/auth/current-user";
import { getComparisonDto } from "@/lib/compare/service";
import { AppError, route } from "@/lib/errors";
import { generationsEventStream } from "@/lib/jobs/event-stream";

export const dynamic = "force-dynamic";

/** Server-sent events for every cell of a comparison on one connection: `event: generation`. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const userId = await currentUserId();
  const comparison = await getComparisonDto(id, userId);
  if (!comparison) throw new AppError("not_found:comparison", `No comparison ${id}`);
  const stillAllowed = await credentialsStillValid(userId);
  return new Response(generationsEventStream(comparison.generations.map((g) => g.id), userId, request.signal, { stillAllowed }), {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
});
