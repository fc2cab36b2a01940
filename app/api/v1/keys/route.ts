import { currentUserId } from "@/lib/auth/current-user";
import { route } from "@/lib/errors";
import { listUserKeys } from "@/lib/keys/service";

export const dynamic = "force-dynamic";

/** Your own host keys: `[{ provider, last4, updatedAt }]`, never a key. */
export const GET = route(async () => Response.json(await listUserKeys(await currentUserId())));
