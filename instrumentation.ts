/**
 * Runs once when a server instance starts: open (and migrate) the database, then resume every
 * generation that had not ended when the previous process stopped.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb } = await import("@/lib/db/client");
  const { resumeUnfinishedGenerations } = await import("@/lib/jobs/service");
  await getDb();
  // Resumed runs reach sandbox hosts through this server's own port: give it a moment to listen.
  setTimeout(() => {
    resumeUnfinishedGenerations()
      .then((n) => n > 0 && console.log(`Resumed ${n} unfinished generation(s)`))
      .catch((error) => console.error("Resume sweep failed:", error));
  }, 500);
}
