import { apiError } from "@/lib/api/respond";
import { currentUser, UnauthorizedError } from "@/lib/auth/current-user";
import { limitsStatus } from "@/lib/limits/service";

/** The caller's daily budget and rate limit, with what they used and when each resets. */
export async function GET() {
  const user = await currentUser();
  if (!user) return apiError(401, "unauthorized", new UnauthorizedError().message);
  return Response.json(await limitsStatus(user.id));
}
