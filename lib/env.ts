import { z } from "zod";
import { concurrencyVariable, HOST_FACTS, type ProviderId } from "@/lib/providers/catalog";
import { keyTextProblem } from "@/lib/security/key-text";
import { parseAllowedHost, type AllowedHost } from "@/lib/security/address-guard";
import { DEFAULT_MAX_BODY_BYTES } from "@/lib/security/body-limit";

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
/** A host key: refused (with the variable's name) rather than trimmed, see lib/security/key-text.ts. */
const hostKey = (name: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? undefined : v))
    .superRefine((v, ctx) => {
      const problem = v === undefined ? null : keyTextProblem(v, name);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
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

const optionalLimit = (name: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce
      .number({ error: `${name} must be a number of active tasks` })
      .int({ error: `${name} must be a whole number` })
      .min(1, { error: `${name} must be at least 1 (the host's active tasks per key)` })
      .max(1000, { error: `${name} must be at most 1000` })
      .optional(),
  );

const flag = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .transform((v) => (v === "" ? undefined : v))
    .pipe(z.enum(["true", "false", "1", "0"], { error: `${name} must be true or false` }).optional())
    .transform((v) => v === "true" || v === "1")
    .optional()
    .transform((v) => v ?? false);
const commaList = optionalString.transform((v) =>
  (v ?? "")
    .split(",")
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean),
);
const allowedHostList = commaList.transform((entries, ctx): AllowedHost[] =>
  entries.flatMap((entry) => {
    const parsed = parseAllowedHost(entry);
    if (!parsed) ctx.addIssue({ code: "custom", message: `"${entry}" is not host or host:port (e.g. images.intranet:8080,127.0.0.1:4010)` });
    return parsed ? [parsed] : [];
  }),
);
const optionalUsd = (name: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce.number({ error: `${name} must be a number of dollars` }).min(0, { error: `${name} must be 0 or more` }).optional(),
  );

const authSchema = z.object({
  /** Team mode: Auth.js's secret (signs its cookies). With a sign-in provider, sign-in is required. */
  AUTH_SECRET: optionalString,
  AUTH_URL: optionalUrl("AUTH_URL"),
  AUTH_TRUST_HOST: flag("AUTH_TRUST_HOST"),
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  AUTH_GOOGLE_ID: optionalString,
  AUTH_GOOGLE_SECRET: optionalString,
  /** Any OpenID Connect issuer (Keycloak, Okta, Entra ID, Authentik...): Auth.js provider id `oidc`. */
  AUTH_OIDC_ISSUER: optionalUrl("AUTH_OIDC_ISSUER"),
  AUTH_OIDC_ID: optionalString,
  AUTH_OIDC_SECRET: optionalString,
  AUTH_OIDC_NAME: optionalString,
  /** Only e-mail addresses of these domains may sign in (comma-separated); empty: anyone the provider accepts. */
  AUTH_ALLOWED_EMAIL_DOMAINS: commaList,
  /** The first person to sign in takes over what the local user made before team mode. */
  AUTH_CLAIM_LOCAL: flag("AUTH_CLAIM_LOCAL"),
  /** These e-mail addresses may set other users' budgets and rate limits. */
  AUTH_ADMIN_EMAILS: commaList,
  /** Team mode: runs of a user without their own key use the server's key (else the host's sandbox). */
  AUTH_SHARE_SERVER_KEYS: flag("AUTH_SHARE_SERVER_KEYS"),
  /** Encrypts users' own host keys at rest (AES-256-GCM); required in team mode. */
  KEYS_ENCRYPTION_SECRET: optionalString,
  /** Estimated cost of live runs a user may start per UTC day (default: no cap). */
  USER_DAILY_BUDGET_USD: optionalUsd("USER_DAILY_BUDGET_USD"),
  /** Runs a user may start per minute (default: no limit). */
  USER_RATE_LIMIT_PER_MINUTE: optionalInt("USER_RATE_LIMIT_PER_MINUTE"),
});

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: positiveInt("PORT", 3000),
  /** Where the embedded database and images live. */
  DATA_DIR: z.string().trim().min(1).default(".data"),
  /** postgres://... switches from the embedded PGlite to a PostgreSQL server. */
  DATABASE_URL: optionalUrl("DATABASE_URL"),
  /** The public origin (share links, cards' og:image, the sandbox hosts' base); required when listening beyond loopback. Defaults to http://127.0.0.1:$PORT. */
  APP_URL: optionalUrl("APP_URL"),
  /** The address `npm run dev` / `npm start` listen on (scripts/serve.mjs): 127.0.0.1 unless set, e.g. 0.0.0.0. */
  HOST: optionalString,

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
  /** Local mode: host names (or host:port) besides loopback and APP_URL's that this server answers to, comma-separated. */
  ALLOWED_HOSTS: commaList,
  /** The largest image the server downloads (a host's result; a user's image URL is capped at 10 MB). */
  MAX_IMAGE_BYTES: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce
      .number({ error: "MAX_IMAGE_BYTES must be a number of bytes" })
      .int({ error: "MAX_IMAGE_BYTES must be a whole number of bytes" })
      .min(1, { error: "MAX_IMAGE_BYTES must be at least 1 (bytes)" })
      .default(50 * 1024 * 1024),
  ),
  /** host:port entries whose URLs are fetched even at private addresses (tests, intranets), comma-separated. */
  IMAGE_FETCH_ALLOW_HOSTS: allowedHostList,
  /** Let search engines index share pages (/s/...); by default nothing is indexed. */
  ROBOTS_INDEX_SHARES: flag("ROBOTS_INDEX_SHARES"),
  /** Largest request body of a route that takes an image (others: 256 kB, or this if smaller); larger is 413. */
  MAX_BODY_BYTES: z.coerce
    .number({ error: "MAX_BODY_BYTES must be a number of bytes" })
    .int({ error: "MAX_BODY_BYTES must be a whole number of bytes" })
    .min(1024, { error: "MAX_BODY_BYTES must be at least 1024" })
    .default(DEFAULT_MAX_BODY_BYTES),
  /** Requests per minute per client address to share pages, cards and /api/images (0: no limit). */
  PUBLIC_RATE_LIMIT: positiveInt("PUBLIC_RATE_LIMIT", 600),
  /** Requests per minute per client address to /api/v1 (0: no limit). */
  API_RATE_LIMIT: positiveInt("API_RATE_LIMIT", 600),
  /** Behind a reverse proxy: the client address is the last X-Forwarded-For entry (else the connection's). */
  TRUST_PROXY: flag("TRUST_PROXY"),
});

type HostKeyVariable = (typeof HOST_FACTS)[number]["env"]["apiKey"][number];
type HostBaseUrlVariable = (typeof HOST_FACTS)[number]["env"]["baseUrl"];

/**
 * Every host's variables, read off its catalog row (lib/providers/catalog.ts): its keys (`<ID>_API_KEY`
 * and the names its own clients read, FAL_KEY, REPLICATE_API_TOKEN), `<ID>_BASE_URL` and
 * `<ID>_MAX_CONCURRENCY`. No key means that host runs in sandbox mode.
 */
const hostSchema = z.object(
  Object.fromEntries(
    HOST_FACTS.flatMap((host) => [
      ...host.env.apiKey.map((name) => [name, hostKey(name)] as const),
      // Checked per host (lib/providers/registry.ts): a bad value makes that host
      // "misconfigured" with a message, instead of stopping the whole app.
      [host.env.baseUrl, optionalString] as const,
      // Active tasks per key at this host (lib/jobs/queue-rules.ts); more wait in its queue.
      [concurrencyVariable(host.id), optionalLimit(concurrencyVariable(host.id))] as const,
    ]),
  ) as Record<HostKeyVariable, ReturnType<typeof hostKey>> &
    Record<HostBaseUrlVariable, typeof optionalString> &
    Record<`${Uppercase<ProviderId>}_MAX_CONCURRENCY`, ReturnType<typeof optionalLimit>>,
);

/** Every variable that holds a host key: `<ID>_API_KEY`, and the names hosts' own clients read. */
export const HOST_KEY_VARIABLES: readonly HostKeyVariable[] = HOST_FACTS.flatMap((host) => host.env.apiKey);

/** The sign-in providers whose variables are all set, with the variables of any half-configured one. */
export function signInProviderSettings(e: z.output<typeof authSchema>) {
  const groups = [
    { id: "github", vars: { AUTH_GITHUB_ID: e.AUTH_GITHUB_ID, AUTH_GITHUB_SECRET: e.AUTH_GITHUB_SECRET } },
    { id: "google", vars: { AUTH_GOOGLE_ID: e.AUTH_GOOGLE_ID, AUTH_GOOGLE_SECRET: e.AUTH_GOOGLE_SECRET } },
    { id: "oidc", vars: { AUTH_OIDC_ISSUER: e.AUTH_OIDC_ISSUER, AUTH_OIDC_ID: e.AUTH_OIDC_ID, AUTH_OIDC_SECRET: e.AUTH_OIDC_SECRET } },
  ] as const;
  const configured: ("github" | "google" | "oidc")[] = [];
  const incomplete: string[] = [];
  for (const group of groups) {
    const entries = Object.entries(group.vars);
    const set = entries.filter(([, v]) => v !== undefined);
    if (set.length === entries.length) configured.push(group.id);
    else if (set.length > 0) {
      incomplete.push(`${entries.filter(([, v]) => v === undefined).map(([k]) => k).join(" and ")} must be set with ${set.map(([k]) => k).join(" and ")}`);
    }
  }
  return { configured, incomplete };
}

const KEYS_SECRET_MIN = 32;

/** Team mode's settings must agree with each other: each contradiction is named, with the fix. */
function checkAuth(e: z.output<typeof authSchema> & { NODE_ENV: string }, ctx: z.RefinementCtx) {
  const fail = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  const { configured, incomplete } = signInProviderSettings(e);
  for (const problem of incomplete) fail(problem.split(" ")[0], problem);
  if (configured.length > 0 && !e.AUTH_SECRET) {
    fail("AUTH_SECRET", `AUTH_SECRET is required when a sign-in provider is configured (${configured.join(", ")}): e.g. \`openssl rand -base64 33\``);
  }
  if (e.AUTH_SECRET && configured.length === 0 && incomplete.length === 0) {
    fail("AUTH_SECRET", "AUTH_SECRET is set but no sign-in provider is: set AUTH_GITHUB_ID/AUTH_GITHUB_SECRET, AUTH_GOOGLE_ID/AUTH_GOOGLE_SECRET or AUTH_OIDC_ISSUER/AUTH_OIDC_ID/AUTH_OIDC_SECRET, or unset AUTH_SECRET for local mode");
  }
  const team = Boolean(e.AUTH_SECRET) && configured.length > 0;
  if (!team) return;
  if (e.NODE_ENV === "production" && !e.AUTH_URL && !e.AUTH_TRUST_HOST) {
    fail("AUTH_URL", "Team mode needs AUTH_URL (this server's public origin, e.g. https://flux.example.com) or AUTH_TRUST_HOST=true behind a proxy that sets the Host header");
  }
  if (!e.KEYS_ENCRYPTION_SECRET) {
    fail("KEYS_ENCRYPTION_SECRET", `KEYS_ENCRYPTION_SECRET is required in team mode (users' host keys are encrypted with it): at least ${KEYS_SECRET_MIN} characters, e.g. \`openssl rand -base64 32\``);
  } else if (e.KEYS_ENCRYPTION_SECRET.length < KEYS_SECRET_MIN) {
    fail("KEYS_ENCRYPTION_SECRET", `KEYS_ENCRYPTION_SECRET must be at least ${KEYS_SECRET_MIN} characters`);
  }
}

const fullSchema = envSchema
  .extend(hostSchema.shape)
  .extend(authSchema.shape)
  .superRefine((e, ctx) => checkAuth(e, ctx));

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

/** Team mode: sign-in is required, each user owns their data; otherwise the single local user owns all. */
export function isTeamMode(): boolean {
  const e = env();
  return Boolean(e.AUTH_SECRET) && signInProviderSettings(e).configured.length > 0;
}

/** The values of the host keys this server is configured with (what must never leave it). */
export function configuredHostKeys(): string[] {
  const e = env();
  return HOST_KEY_VARIABLES.map((name) => e[name]).filter((v): v is string => v !== undefined);
}

export function appOrigin(): string {
  const e = env();
  return (e.APP_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/$/, "");
}

/**
 * The origin people reach this server at, for share links and cards (og:image): APP_URL, else team
 * mode's AUTH_URL, else loopback. Never a request's Host, which anyone can set.
 */
export function publicOrigin(): string {
  const e = env();
  const configured = e.APP_URL ?? e.AUTH_URL;
  return configured ? new URL(configured).origin : `http://127.0.0.1:${e.PORT}`;
}
