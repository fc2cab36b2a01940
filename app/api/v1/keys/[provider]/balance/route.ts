import { currentUserId } from "@/lib/auth/current-user";
import { AppError, route } from "@/lib/errors";
import { userKeyBalance } from "@/lib/keys/balance";

export const dynamic = "force-dynamic";

/** → `{ provider, usd, credits, checkedAt }`: the host's own answer for your key (BFL only has the endpoint); 502 `host_error` when it fails. */
export const GET = route(async (_request: Request, { params }: { params: Promise<{ provider: string }> }) => {
  const { provider } = await params;
  const result = await userKeyBalance(await currentUserId(), provider);
  if (!result.ok) throw AppError.fromFailure("key", result);
  return Response.json(result.balance);
});
