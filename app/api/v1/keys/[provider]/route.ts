import { readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { AppError, route } from "@/lib/errors";
import { removeUserKey, setUserKey } from "@/lib/keys/service";

type Params = { params: Promise<{ provider: string }> };

/** `{ "apiKey" }` → 204: your key for this host, stored encrypted; runs on it use it from now on. */
export const PUT = route(async (request: Request, { params }: Params) => {
  const { provider } = await params;
  const result = await setUserKey(await currentUserId(), provider, await readJson(request));
  if (!result.ok) throw AppError.fromFailure("key", result);
  return new Response(null, { status: 204 });
});

/** → 204; 404 when you have no key for this host. */
export const DELETE = route(async (_request: Request, { params }: Params) => {
  const { provider } = await params;
  const result = await removeUserKey(await currentUserId(), provider);
  if (!result.ok) throw AppError.fromFailure("key", result);
  return new Response(null, { status: 204 });
});
