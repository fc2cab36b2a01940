import { z } from "zod";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/types";

/**
 * Every environment variable the server reads, parsed once with zod. A typo in a value fails fast
 * with the variable's name instead of an `undefined` three calls later. Read lazily (`env()`), so
 * `next build` never needs runtime configuration.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();
const optionalUrl = (name: string) =>
  optionalString.refine((v) => v === undefined || URL.canParse(v), { error: `${name} must be an absolute URL` });
const positiveInt = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be a whole number` })
    .min(0, { error: `${name} must be 0 or more` })
    .default(fallback);

const optionalInt = (name: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce.number({ error: `${name} must be a number` }).int({ error: `${name} must be a whole number` }).min(0, { error: `${name} must be 0 or more` }).optional(),
  );

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: positiveInt("PORT", 3000),
  /** Where the embedded database and images live. */
  DATA_DIR: z.string().trim().min(1).default(".data"),
  /** postgres://... switches from the embedded PGlite to a PostgreSQL server. */
  DATABASE_URL: optionalUrl("DATABASE_URL"),
  /** This server's own origin, used to reach the sandbox hosts; defaults to http://127.0.0.1:$PORT. */
  APP_URL: optionalUrl("APP_URL"),

  // Per host: <ID>_API_KEY and <ID>_BASE_URL (below), plus the names those hosts' users already have.
  FAL_KEY: optionalString,
  REPLICATE_API_TOKEN: optionalString,

  /** JSON array of price rules replacing the built-in ones, e.g. [{"provider":"fal","model":"flux-pro-1.1","unit":"image","usd":0.04}]. */
  PRICING_OVERRIDES: optionalString,
  /** A JSON file of the same shape. */
  PRICING_FILE: optionalString,

  /** Sandbox hosts: simulated generation time in ms (default: realistic per model). */
  SANDBOX_LATENCY_MS: optionalInt("SANDBOX_LATENCY_MS"),
  /** Sandbox hosts: a fault injected into every request, e.g. "rate_limit" (see README). */
  SANDBOX_FAULT: optionalString,

  /** A comparison whose billable estimate (live hosts only) is above this asks for confirmation. */
  COMPARE_CONFIRM_USD: z.coerce.number({ error: "COMPARE_CONFIRM_USD must be a number of dollars" }).min(0).default(1),

  /** A generation that has not ended by then fails with `timeout`. */
  JOB_DEADLINE_MS: positiveInt("JOB_DEADLINE_MS", 5 * 60_000),
  /** How often a pending host task is polled (default: the adapter's own interval). */
  JOB_POLL_INTERVAL_MS: optionalInt("JOB_POLL_INTERVAL_MS"),
  /** Per HTTP request to a host. */
  HOST_REQUEST_TIMEOUT_MS: positiveInt("HOST_REQUEST_TIMEOUT_MS", 30_000),
  /** Deleted history items can be restored (undo) this long; then they and their files are removed. */
  HISTORY_UNDO_MS: positiveInt("HISTORY_UNDO_MS", 60_000),
});

/** `<ID>_API_KEY` and `<ID>_BASE_URL` for every host: no key means that host runs in sandbox mode. */
const hostSchema = z.object(
  Object.fromEntries(
    PROVIDER_IDS.flatMap((id) => {
      const prefix = id.toUpperCase();
      return [
        [`${prefix}_API_KEY`, optionalString],
        // Checked per host (lib/providers/registry.ts): a bad value makes that host
        // "misconfigured" with a message, instead of stopping the whole app.
        [`${prefix}_BASE_URL`, optionalString],
      ];
    }),
  ) as Record<`${Uppercase<ProviderId>}_API_KEY` | `${Uppercase<ProviderId>}_BASE_URL`, typeof optionalString>,
);

const fullSchema = envSchema.extend(hostSchema.shape);

export type Env = z.output<typeof fullSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const result = fullSchema.safeParse(process.env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  cached = result.data;
  return cached;
}

/** Tests change variables between cases. */
export function resetEnvCache() {
  cached = undefined;
}

export function appOrigin(): string {
  const e = env();
  return (e.APP_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/$/, "");
}
