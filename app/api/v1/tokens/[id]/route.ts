import { apiError } from "@/lib/api/respond";
import { currentUser, UnauthorizedError } from "@/lib/auth/current-user";
import { revokeApiToken } from "@/lib/auth/tokens";

/** Revokes a token → 204; someone else's id is 404 like an unknown one. */
export async function DELETE(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) return apiError(401, "unauthorized", new UnauthorizedError().message);
  if (!(await revokeApiToken(user.id, id))) return apiError(404, "not_found", `No token ${id}`);
  return new Response(null, { status: 204 });
}
