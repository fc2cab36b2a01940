import { getDb } from "@/lib/db/client";
import { env, isTeamMode } from "@/lib/env";
import { exposureVerdict, listenHostOf } from "@/lib/security/exposure";
import { scrubConsole } from "@/lib/security/scrub-secrets";
import { startSweep } from "./sweep";

/** A server instance's start: refuse a bad configuration at once, scrub keys from its logs, start opening the database, then the sweep. */
export async function startInstance(): Promise<void> {
  try {
    env();
  } catch (error) {
    // Serving with half a configuration (team mode without its secret...) would be worse than not serving.
    console.error((error as Error).message);
    process.exit(1);
  }
  const e = env();
  const exposure = exposureVerdict({ listenHost: listenHostOf(process.argv, e.HOST), teamMode: isTeamMode(), publicUrl: e.APP_URL ?? (isTeamMode() ? e.AUTH_URL : undefined) });
  if (exposure.level === "error") {
    console.error(exposure.message);
    process.exit(1);
  }
  (exposure.level === "warn" ? console.warn : console.log)(exposure.message);
  scrubConsole();
  // Not awaited: opening (and migrating) the database takes seconds on a first start, and the first
  // request waits for this function. It opens while that request's route compiles; the request's
  // first query awaits the same opening (a failed one is tried again there, with its message).
  void getDb().then(startSweep, (error: Error) => console.error(error.message));
}
