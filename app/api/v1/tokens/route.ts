import { apiError, readJson } from "@/lib/api/respond";
import { currentUser, UnauthorizedError } from "@/lib/auth/current-user";
import { createApiToken, listApiTokens } from "@/lib/auth/tokens";

/** `{ "name" }` → 201 `{ id, name, token, createdAt }`: the token is shown this once. Needs a signed-in session. */
export async function POST(request: Request) {
  const user = await currentUser();
  if (!user) return apiError(401, "unauthorized", new UnauthorizedError().message);
  const json = await readJson(request);
  if (!json.ok) return json.response;
  const result = await createApiToken(user, json.body);
  if (!result.ok) return apiError(result.status, result.status === 403 ? "forbidden" : "invalid_request", result.message, result.issues);
  return Response.json(result.token, { status: 201, headers: { Location: `/api/v1/tokens/${result.token.id}`, "Cache-Control": "no-store" } });
}

/** → `[{ id, name, createdAt, lastUsedAt }]`, newest first, never a secret. */
export async function GET() {
  const user = await currentUser();
  if (!user) return apiError(401, "unauthorized", new UnauthorizedError().message);
  return Response.json(await listApiTokens(user.id));
}
