import { currentUserId } from "@/lib/auth/current-user";
import { AppError, route } from "@/lib/errors";
import { getInspector } from "@/lib/jobs/inspector";

/** Each host task's request (key redacted), its exchanges with the host, and ready-to-run snippets. */
export const GET = route(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const inspector = await getInspector(id, await currentUserId());
  if (!inspector) throw new AppError("not_found:generation", `No generation ${id}`);
  return Response.json(inspector);
});
