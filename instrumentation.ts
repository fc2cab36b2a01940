/**
 * Runs once when a server instance starts: open (and migrate) the database, then sweep for
 * generations that had not ended when a previous process stopped, and keep sweeping (lib/maintenance).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb } = await import("@/lib/db/client");
  const { startSweep } = await import("@/lib/maintenance/sweep");
  await getDb();
  startSweep();
}
