import { apiError } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { getInspector } from "@/lib/jobs/inspector";

/** Each host task's request (key redacted), its exchanges with the host, and ready-to-run snippets. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const inspector = await getInspector(id, await currentUserId());
  return inspector ? Response.json(inspector) : apiError(404, "not_found", `No generation ${id}`);
}
