import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    await getDb();
    return Response.json({ ok: true });
  } catch (error) {
    // Public (load balancers ask it): the database's own message, which may name hosts and roles, goes to the log only.
    console.error("health:", (error as Error).message);
    return Response.json({ ok: false, error: "The database is not available" }, { status: 503 });
  }
}
