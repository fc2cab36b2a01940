import { apiError } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { revokeShare } from "@/lib/shares/service";

/** Revokes one of your links: its page and card answer 404 from now on. */
export async function DELETE(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  if (!(await revokeShare(slug, await currentUserId()))) return apiError(404, "not_found", `No share ${slug}`);
  return new Response(null, { status: 204 });
}
