/**
 * Runs once when a server instance starts: check the configuration (a bad or contradictory
 * setting stops the server with a message naming the variables), start opening (and migrating) the
 * database without holding up the first request, then sweep for generations that had not ended
 * when a previous process stopped, and keep sweeping (lib/maintenance).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First: the rate limit must know each request's real connection address (lib/security/client-address.ts).
  const { stampPeerAddresses } = await import("@/lib/security/client-address");
  stampPeerAddresses();
  const { startInstance } = await import("@/lib/maintenance/start");
  await startInstance();
}
