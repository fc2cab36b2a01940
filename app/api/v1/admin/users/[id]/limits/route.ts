import { readJson } from "@/lib/api/respond";
import { requireUser } from "@/lib/auth/current-user";
import { AppError, route } from "@/lib/errors";
import { setUserLimits } from "@/lib/limits/admin";

/** `{ "dailyBudgetUsd": number|null, "rateLimitPerMinute": int|null }` → the user's entry; 404 for non-admins. */
export const PUT = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const user = await requireUser();
  const result = await setUserLimits(user, id, await readJson(request));
  if (!result.ok) throw AppError.fromFailure("admin", result);
  return Response.json(result.user);
});
