import { currentUserId } from "@/lib/auth/current-user";
import { AppError, route } from "@/lib/errors";
import { revokeShare } from "@/lib/shares/service";

/** Revokes one of your links: its page and card answer 404 from now on. */
export const DELETE = route(async (_request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  if (!(await revokeShare(slug, await currentUserId()))) throw new AppError("not_found:share", `No share ${slug}`);
  return new Response(null, { status: 204 });
});
