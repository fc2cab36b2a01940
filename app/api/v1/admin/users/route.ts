import { requireUser } from "@/lib/auth/current-user";
import { AppError, route } from "@/lib/errors";
import { listUsersForAdmin } from "@/lib/limits/admin";

/** Admins only (403 otherwise): every user with their limits, what applies, and today's use. */
export const GET = route(async () => {
  const result = await listUsersForAdmin(await requireUser());
  if (!result.ok) throw AppError.fromFailure("admin", result);
  return Response.json(result.users);
});
