import { apiError } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { userKeyBalance } from "@/lib/keys/balance";

export const dynamic = "force-dynamic";

const CODES = { 400: "invalid_request", 404: "not_found", 422: "invalid_request", 502: "host_error" } as const;

/** → `{ provider, usd, credits, checkedAt }`: the host's own answer for your key (BFL only has the endpoint). */
export async function GET(_request: Request, { params }: { params: Promise<{ provider: string }> }) {
  const { provider } = await params;
  const result = await userKeyBalance(await currentUserId(), provider);
  return result.ok ? Response.json(result.balance) : apiError(result.status, CODES[result.status], result.message);
}
