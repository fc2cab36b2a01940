import { apiError } from "@/lib/api/respond";
import { currentUser, UnauthorizedError } from "@/lib/auth/current-user";
import { listUsersForAdmin } from "@/lib/limits/admin";

/** Admins only (403 otherwise): every user with their limits, what applies, and today's use. */
export async function GET() {
  const user = await currentUser();
  if (!user) return apiError(401, "unauthorized", new UnauthorizedError().message);
  const result = await listUsersForAdmin(user);
  return result.ok ? Response.json(result.users) : apiError(result.status, "forbidden", result.message);
}
