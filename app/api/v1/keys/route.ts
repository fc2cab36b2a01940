import { currentUserId } from "@/lib/auth/current-user";
import { listUserKeys } from "@/lib/keys/service";

export const dynamic = "force-dynamic";

/** Your own host keys: `[{ provider, last4, updatedAt }]`, never a key. */
export async function GET() {
  return Response.json(await listUserKeys(await currentUserId()));
}
