import { apiError, apiFailure, readJson } from "@/lib/api/respond";
import { currentUser, UnauthorizedError } from "@/lib/auth/current-user";
import { setUserLimits } from "@/lib/limits/admin";

/** `{ "dailyBudgetUsd": number|null, "rateLimitPerMinute": int|null }` → the user's entry; 404 for non-admins. */
export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) return apiError(401, "unauthorized", new UnauthorizedError().message);
  const json = await readJson(request);
  if (!json.ok) return json.response;
  const result = await setUserLimits(user, id, json.body);
  return result.ok ? Response.json(result.user) : apiFailure(result);
}
