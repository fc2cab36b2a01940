import { getDb } from "@/lib/db/client";
import { route } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** Load balancers ask it: its own shape (`{ ok }`, 503 when down), not the API's envelope. */
export const GET = route(async () => {
  try {
    await getDb();
    return Response.json({ ok: true });
  } catch (error) {
    // Public: the database's own message, which may name hosts and roles, goes to the log only.
    console.error("health:", (error as Error).message);
    return Response.json({ ok: false, error: "The database is not available" }, { status: 503 });
  }
});
