import { apiError } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { leaderboard } from "@/lib/compare/leaderboard";
import { modelIdSchema } from "@/lib/models";

export const dynamic = "force-dynamic";

/** `?model=flux-pro-1.1`: hosts ranked by blind votes, with measured latency, failures and cost. */
export async function GET(request: Request) {
  const model = modelIdSchema.safeParse(new URL(request.url).searchParams.get("model") ?? "flux-pro-1.1");
  if (!model.success) return apiError(400, "invalid_request", model.error.issues[0].message, [{ path: "model", message: model.error.issues[0].message }]);
  return Response.json(await leaderboard(await currentUserId(), model.data));
}
