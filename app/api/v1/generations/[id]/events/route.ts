import { credentialsStillValid, currentUserId } from "@/lib/auth/current-user";
import { AppError, route } from "@/lib/errors";
import { generationEventStream } from "@/lib/jobs/event-stream";
import { getGenerationDto } from "@/lib/jobs/service";

export const dynamic = "force-dynamic";

/** Server-sent events: `event: generation` with the generation's JSON on every change, until it ends. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const userId = await currentUserId();
  if (!(await getGenerationDto(id, userId))) throw new AppError("not_found:generation", `No generation ${id}`);
  return new Response(generationEventStream(id, userId, request.signal, { stillAllowed: await credentialsStillValid(userId) }), {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});
