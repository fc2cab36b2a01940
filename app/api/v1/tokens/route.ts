import { readJson } from "@/lib/api/respond";
import { requireUser } from "@/lib/auth/current-user";
import { createApiToken, listApiTokens } from "@/lib/auth/tokens";
import { AppError, route } from "@/lib/errors";

/** `{ "name" }` → 201 `{ id, name, token, createdAt }`: the token is shown this once. Needs a signed-in session. */
export const POST = route(async (request: Request) => {
  const user = await requireUser();
  const result = await createApiToken(user, await readJson(request));
  if (!result.ok) throw AppError.fromFailure("token", result);
  return Response.json(result.token, { status: 201, headers: { Location: `/api/v1/tokens/${result.token.id}`, "Cache-Control": "no-store" } });
});

/** → `[{ id, name, createdAt, lastUsedAt }]`, newest first, never a secret. */
export const GET = route(async () => Response.json(await listApiTokens((await requireUser()).id)));
