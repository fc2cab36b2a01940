import { currentUserId } from "@/lib/auth/current-user";
import { leaderboard } from "@/lib/compare/leaderboard";
import { leaderboardSourceSchema } from "@/lib/compare/types";
import { AppError, route } from "@/lib/errors";
import { leaderboardModelSchema } from "@/lib/compare/types";

export const dynamic = "force-dynamic";

/**
 * `?model=flux-pro-1.1`: hosts ranked by blind votes, with measured latency, failures and cost.
 * `?model=all`: host × model pairs ranked together, from every vote (cross-model ones included).
 * `&source=sandbox`: the sandbox emulators' votes and runs instead of the live hosts'.
 */
export const GET = route(async (request: Request) => {
  const query = new URL(request.url).searchParams;
  const model = leaderboardModelSchema.safeParse(query.get("model") ?? "flux-pro-1.1");
  if (!model.success) {
    const message = model.error.issues[0].message;
    throw new AppError("bad_request:comparison", message, { issues: [{ path: "model", message }] });
  }
  const source = leaderboardSourceSchema.safeParse(query.get("source") ?? "live");
  if (!source.success) throw new AppError("bad_request:comparison", "source must be live or sandbox", { issues: [{ path: "source", message: "live or sandbox" }] });
  return Response.json(await leaderboard(await currentUserId(), model.data, source.data));
});
