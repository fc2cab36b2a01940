/**
 * Runs once when a server instance starts: check the configuration (a bad or contradictory
 * setting stops the server with a message naming the variables), open (and migrate) the database,
 * then sweep for generations that had not ended when a previous process stopped, and keep
 * sweeping (lib/maintenance).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startInstance } = await import("@/lib/maintenance/start");
  await startInstance();
}
