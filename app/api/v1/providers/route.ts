import { currentUserId } from "@/lib/auth/current-user";
import { route } from "@/lib/errors";
import { providersForUser } from "@/lib/keys/service";

export const dynamic = "force-dynamic";

/** Every host as the caller sees it: per host, whose key a run would use (`keySource`) and the mode that follows. */
export const GET = route(async () => Response.json({ providers: await providersForUser(await currentUserId()) }));
