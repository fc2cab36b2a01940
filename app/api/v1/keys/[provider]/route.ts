import { apiFailure, readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { removeUserKey, setUserKey } from "@/lib/keys/service";

type Params = { params: Promise<{ provider: string }> };

/** `{ "apiKey" }` → 204: your key for this host, stored encrypted; runs on it use it from now on. */
export async function PUT(request: Request, { params }: Params) {
  const { provider } = await params;
  const json = await readJson(request);
  if (!json.ok) return json.response;
  const result = await setUserKey(await currentUserId(), provider, json.body);
  return result.ok ? new Response(null, { status: 204 }) : apiFailure(result);
}

/** → 204; 404 when you have no key for this host. */
export async function DELETE(_request: Request, { params }: Params) {
  const { provider } = await params;
  const result = await removeUserKey(await currentUserId(), provider);
  return result.ok ? new Response(null, { status: 204 }) : apiFailure(result);
}
