import { requireUser } from "@/lib/auth/current-user";
import { route } from "@/lib/errors";
import { limitsStatus } from "@/lib/limits/service";

/** The caller's daily budget and rate limit, with what they used and when each resets. */
export const GET = route(async () => Response.json(await limitsStatus((await requireUser()).id)));
