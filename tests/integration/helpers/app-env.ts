import { closeDb, getDb } from "@/lib/db/client";
import { forgetLocalUser } from "@/lib/auth/current-user";
import { resetEnvCache } from "@/lib/env";
import type { TestData } from "./test-database";
import { HOST_ENV_VARS } from "./host-env";

const KEYS = [
  "DATA_DIR",
  "DATABASE_URL",
  "APP_URL",
  "SANDBOX_LATENCY_MS",
  "SANDBOX_FAULT",
  "JOB_DEADLINE_MS",
  "JOB_POLL_INTERVAL_MS",
  "HOST_REQUEST_TIMEOUT_MS",
  "PRICING_OVERRIDES",
  "PRICING_FILE",
  "HISTORY_UNDO_MS",
  "MAX_IMAGE_BYTES",
  "IMAGE_FETCH_ALLOW_HOSTS",
  // Never a real host from a test: every host's key and base URL are cleared.
  ...HOST_ENV_VARS,
];

/**
 * Points the in-process app (lib/) at a test's data and sandbox server, as the environment of a
 * real instance would; `restore` puts the previous environment back and closes the database.
 */
export async function useAppEnv(data: TestData, vars: Record<string, string | undefined>) {
  const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  for (const key of KEYS) delete process.env[key];
  Object.assign(process.env, { DATA_DIR: data.dataDir, ...(data.databaseUrl ? { DATABASE_URL: data.databaseUrl } : {}) });
  for (const [key, value] of Object.entries(vars)) if (value !== undefined) process.env[key] = value;
  resetEnvCache();
  await closeDb();
  forgetLocalUser();
  // Open (and migrate) the database now, in the caller's hook: a test's own timeout is for the test.
  await getDb();
  return {
    restore: async () => {
      await closeDb();
      forgetLocalUser();
      for (const key of KEYS) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      resetEnvCache();
    },
  };
}
