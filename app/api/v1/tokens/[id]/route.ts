import { requireUser } from "@/lib/auth/current-user";
import { revokeApiToken } from "@/lib/auth/tokens";
import { AppError, route } from "@/lib/errors";

/** Revokes a token → 204; someone else's id is 404 like an unknown one. */
export const DELETE = route(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const user = await requireUser();
  if (!(await revokeApiToken(user.id, id))) throw new AppError("not_found:token", `No token ${id}`);
  return new Response(null, { status: 204 });
});
