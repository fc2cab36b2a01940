import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { scrubConsole } from "@/lib/security/scrub-secrets";
import { startSweep } from "./sweep";

/** A server instance's start: refuse a bad configuration at once, scrub keys from its logs, open the database, start the sweep. */
export async function startInstance(): Promise<void> {
  try {
    env();
  } catch (error) {
    // Serving with half a configuration (team mode without its secret...) would be worse than not serving.
    console.error((error as Error).message);
    process.exit(1);
  }
  scrubConsole();
  await getDb();
  startSweep();
}
