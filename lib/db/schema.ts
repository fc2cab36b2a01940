import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { CanonicalParams, ModelId } from "@/lib/models";
import type { ErrorCode } from "@/lib/providers/errors";
import type { HttpExchange, HttpRequest, TaskHandle } from "@/lib/providers/types";
import type { BilledSource, GenerationStatus, KeySource } from "@/lib/jobs/types";

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * People. In local mode one row ("local") owns everything; in team mode Auth.js creates a row per
 * person who signs in (its adapter reads these columns by their JS names).
 */
export const users = pgTable("users", {
  id: text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  name: text("name"),
  email: text("email").unique(),
  emailVerified: at("email_verified"),
  image: text("image"),
  createdAt: createdAt(),
});
export type User = typeof users.$inferSelect;

/** A sign-in provider's account linked to a user (Auth.js adapter table). */
export const accounts = pgTable(
  "accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").$type<"oauth" | "oidc" | "email" | "webauthn">().notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("accounts_user_idx").on(t.userId)],
);

/** A signed-in browser (Auth.js database sessions: revocable, and shared by every instance). */
export const sessions = pgTable(
  "sessions",
  {
    sessionToken: text("session_token").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: at("expires").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Auth.js adapter table (e-mail sign-in); unused by the OAuth providers but part of the contract. */
export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: at("expires").notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/** Personal API tokens: only the SHA-256 of the secret is kept. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: createdAt(),
    lastUsedAt: at("last_used_at"),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId, t.createdAt)],
);
export type ApiToken = typeof apiTokens.$inferSelect;

/** A user's own key for a host, AES-256-GCM encrypted (never stored in clear). */
export const userKeys = pgTable(
  "user_keys",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    /** base64 of iv (12 bytes) | tag (16 bytes) | ciphertext; bound to (user, provider) as associated data. */
    ciphertext: text("ciphertext").notNull(),
    last4: text("last4").notNull(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.provider] })],
);
export type UserKey = typeof userKeys.$inferSelect;

/** Per-user overrides of USER_DAILY_BUDGET_USD and USER_RATE_LIMIT_PER_MINUTE, set by an admin. */
export const userLimits = pgTable("user_limits", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** null: the server's default; otherwise this user's cap (0 forbids live runs). */
  dailyBudgetUsd: doublePrecision("daily_budget_usd"),
  rateLimitPerMinute: integer("rate_limit_per_minute"),
  updatedAt: at("updated_at").notNull().defaultNow(),
  updatedBy: text("updated_by"),
});
export type UserLimits = typeof userLimits.$inferSelect;

/**
 * Every run started, kept apart from the history (deleting a run must not refund its budget):
 * budgets and rate limits are counted here, in the database, so they hold across instances.
 */
export const runLedger = pgTable(
  "run_ledger",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    generationId: text("generation_id").notNull(),
    live: boolean("live").notNull(),
    estimatedUsd: doublePrecision("estimated_usd").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("run_ledger_user_created_idx").on(t.userId, t.createdAt)],
);

export type StoredError = { code: ErrorCode; message: string };

/** A host a failover left: what it answered, and what it may bill (a task it accepted and we stopped). */
export interface FailedAttempt {
  provider: string;
  keySource: KeySource;
  error: StoredError;
  startedAt: string;
  endedAt: string;
  estimatedUsd: number;
}

/** One prompt and parameters sent to several hosts (and seeds) at once; its cells are generations. */
export const comparisons = pgTable(
  "comparisons",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    model: text("model").$type<ModelId>().notNull(),
    /** The shared canonical parameters; each cell adds its seed. */
    params: jsonb("params").$type<CanonicalParams>().notNull(),
    /** The distinct hosts of `cells`, in column order (what clients before cells read). */
    providers: jsonb("providers").$type<string[]>().notNull(),
    /** The columns: each a host running a model. `model` is the first cell's model. */
    cells: jsonb("cells").$type<{ model: ModelId; provider: string }[]>().notNull().default([]),
    seeds: jsonb("seeds").$type<number[]>().notNull(),
    blind: boolean("blind").notNull().default(false),
    /** Per seed row, the shuffled order the cells (by key: lib/compare/cells.ts) are shown in while blind (fixed at creation). */
    blindOrder: jsonb("blind_order").$type<Record<string, string[]>>().notNull().default({}),
    /** The comparison this one re-ran with new seeds. */
    sourceId: text("source_id"),
    /** As generations.input_files: the stored files among the images its params give. */
    inputFiles: text("input_files").array().notNull().default(sql`'{}'::text[]`),
    idempotencyKey: text("idempotency_key"),
    createdAt: createdAt(),
    /** Deleted from the history: hidden at once, removed for good once the undo window has passed. */
    deletedAt: at("deleted_at"),
  },
  (t) => [
    index("comparisons_input_files_idx").using("gin", t.inputFiles),
    index("comparisons_user_created_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
    index("comparisons_deleted_idx").on(t.deletedAt).where(sql`${t.deletedAt} is not null`),
    uniqueIndex("comparisons_user_idempotency_idx")
      .on(t.userId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
  ],
);
export type Comparison = typeof comparisons.$inferSelect;

/** A blind vote on one seed row of a comparison: the best image, or a tie (winner null). */
export const votes = pgTable(
  "votes",
  {
    id: text("id").primaryKey(),
    comparisonId: text("comparison_id")
      .notNull()
      .references(() => comparisons.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The comparison's model (its first cell's, across models). */
    model: text("model").$type<ModelId>().notNull(),
    seed: bigint("seed", { mode: "number" }).notNull(),
    /** The cell keys whose images were shown (succeeded cells of the row): hosts, or `provider@model` across models. */
    candidates: jsonb("candidates").$type<string[]>().notNull(),
    /** The cell key whose image was chosen; null for a tie. */
    winner: text("winner"),
    /** Whether a candidate image came from a sandbox host: such votes rate emulators, not hosts. */
    sandbox: boolean("sandbox").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("votes_comparison_seed_idx").on(t.comparisonId, t.seed),
    index("votes_user_model_idx").on(t.userId, t.model, t.createdAt),
  ],
);
export type Vote = typeof votes.$inferSelect;

export const generations = pgTable(
  "generations",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    model: text("model").$type<ModelId>().notNull(),
    provider: text("provider").notNull(),
    params: jsonb("params").$type<CanonicalParams>().notNull(),
    status: text("status").$type<GenerationStatus>().notNull(),
    sandbox: boolean("sandbox").notNull(),
    /** Whose key the run used: the user's own, the server's, or none (the host's sandbox). Never the key. */
    keySource: text("key_source").$type<KeySource>().notNull().default("server"),
    /** Sandbox-only knobs (fault, latency) forwarded as headers to the emulator. */
    sandboxHeaders: jsonb("sandbox_headers").$type<Record<string, string>>(),
    /** Set when the generation is a cell of a comparison. */
    comparisonId: text("comparison_id").references(() => comparisons.id, { onDelete: "cascade" }),
    idempotencyKey: text("idempotency_key"),
    progress: real("progress"),
    unitPriceUsd: doublePrecision("unit_price_usd").notNull(),
    estimatedUsd: doublePrecision("estimated_usd").notNull(),
    billedUsd: doublePrecision("billed_usd"),
    billedSource: text("billed_source").$type<BilledSource>(),
    error: jsonb("error").$type<StoredError>(),
    warnings: jsonb("warnings").$type<string[]>().notNull().default([]),
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    createdAt: createdAt(),
    submittedAt: at("submitted_at"),
    hostReadyAt: at("host_ready_at"),
    finishedAt: at("finished_at"),
    deadlineAt: at("deadline_at").notNull(),
    /** One server instance advances a generation at a time: whoever holds an unexpired lease. */
    leaseOwner: text("lease_owner"),
    leaseUntil: at("lease_until"),
    /** Deleted from the history: hidden at once, removed for good once the undo window has passed. */
    deletedAt: at("deleted_at"),
    /** While a task waits for a slot at its host (lib/jobs/queue-rules.ts): how many tasks are ahead of it. */
    queueAhead: integer("queue_ahead"),
    /** Hosts to run on, in order, if `provider` fails with 429/5xx/timeout (opt-in). */
    failover: jsonb("failover").$type<string[]>().notNull().default([]),
    /** The host that made the result when it is not `provider` (a failover); its cost lands there. */
    servedBy: text("served_by"),
    /** Every host tried before the one running now, with how it failed. */
    attempts: jsonb("attempts").$type<FailedAttempt[]>().notNull().default([]),
    /**
     * The stored files (sha256) among the images the user gave (image prompt, input image, references):
     * who may fetch them, and which files the purge must keep, are read here rather than from params.
     */
    inputFiles: text("input_files").array().notNull().default(sql`'{}'::text[]`),
    /** An edit's source: the image this run changed (FLUX.1 Kontext), for the lineage of an edit chain. */
    parentImageId: text("parent_image_id").references((): AnyPgColumn => images.id, { onDelete: "set null" }),
  },
  (t) => [
    index("generations_input_files_idx").using("gin", t.inputFiles),
    index("generations_parent_image_idx").on(t.parentImageId).where(sql`${t.parentImageId} is not null`),
    index("generations_user_created_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
    // The gallery's walk: a user's visible single runs, newest first.
    index("generations_user_history_idx")
      .on(t.userId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.comparisonId} is null and ${t.deletedAt} is null`),
    index("generations_deleted_idx").on(t.deletedAt).where(sql`${t.deletedAt} is not null`),
    index("generations_comparison_idx").on(t.comparisonId),
    uniqueIndex("generations_user_idempotency_idx")
      .on(t.userId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index("generations_unfinished_idx")
      .on(t.status)
      .where(sql`${t.status} in ('queued', 'running')`),
  ],
);
export type Generation = typeof generations.$inferSelect;

/** `submitting`: a submit is on its way (stored before sending: after a crash, the host may have it). */
export type TaskStatus = "pending" | "submitting" | "submitted" | "stored" | "failed" | "canceled";

/** One host task: BFL makes one image per task, so a batch of 4 is 4 tasks. */
export const generationTasks = pgTable(
  "generation_tasks",
  {
    id: text("id").primaryKey(),
    generationId: text("generation_id")
      .notNull()
      .references(() => generations.id, { onDelete: "cascade" }),
    index: integer("index").notNull(),
    /** Images this task makes: 1 at hosts that make one per request, the batch at others. */
    imageCount: integer("image_count").notNull().default(1),
    status: text("status").$type<TaskStatus>().notNull(),
    /** The request as sent, with the key redacted. */
    request: jsonb("request").$type<HttpRequest>(),
    handle: jsonb("handle").$type<TaskHandle>(),
    seed: bigint("seed", { mode: "number" }),
    progress: real("progress"),
    submitAttempts: integer("submit_attempts").notNull().default(0),
    billedUsd: doublePrecision("billed_usd"),
    hostImageUrl: text("host_image_url"),
    error: jsonb("error").$type<StoredError>(),
    /** The inspector's record: what the host received (key redacted) and what it answered. */
    exchanges: jsonb("exchanges").$type<HttpExchange[]>().notNull().default([]),
    submittedAt: at("submitted_at"),
    readyAt: at("ready_at"),
    finishedAt: at("finished_at"),
    /** The host and key whose concurrency slots this task takes: `<host>:<key fingerprint>`, never the key. */
    slotKey: text("slot_key"),
    /** When the task got a slot; null while it waits in its host's queue (or before it asks). */
    slotGrantedAt: at("slot_granted_at"),
  },
  (t) => [
    uniqueIndex("generation_tasks_generation_index_idx").on(t.generationId, t.index),
    // The queue's two questions, per host and key: how many hold a slot, and who waits first.
    index("generation_tasks_open_slot_idx")
      .on(t.slotKey, t.slotGrantedAt)
      .where(sql`${t.status} in ('pending', 'submitting', 'submitted')`),
  ],
);
export type GenerationTask = typeof generationTasks.$inferSelect;

/**
 * A host and key that answered 429 although we kept to its limit: its effective limit is lowered
 * (and no new submit goes out before `resumeAt`), shared by every instance.
 */
export const hostPace = pgTable("host_pace", {
  slotKey: text("slot_key").primaryKey(),
  limit: integer("limit").notNull(),
  loweredAt: at("lowered_at").notNull(),
  resumeAt: at("resume_at").notNull(),
});
export type HostPace = typeof hostPace.$inferSelect;

export const images = pgTable(
  "images",
  {
    id: text("id").primaryKey(),
    generationId: text("generation_id")
      .notNull()
      .references(() => generations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    index: integer("index").notNull(),
    sha256: text("sha256").notNull(),
    ext: text("ext").notNull(),
    contentType: text("content_type").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: integer("bytes").notNull(),
    seed: bigint("seed", { mode: "number" }),
    /** The host's own URL, kept for reference; it expires (BFL: 10 minutes). */
    sourceUrl: text("source_url"),
    /** Favourites are spared by bulk deletes unless the user says otherwise. */
    favorite: boolean("favorite").notNull().default(false),
    /** Deleted from the history: hidden at once, removed for good once the undo window has passed. */
    deletedAt: at("deleted_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("images_favorite_idx").on(t.generationId).where(sql`${t.favorite} and ${t.deletedAt} is null`),
    index("images_deleted_idx").on(t.deletedAt).where(sql`${t.deletedAt} is not null`),
    index("images_generation_idx").on(t.generationId, t.index),
    uniqueIndex("images_generation_index_idx").on(t.generationId, t.index),
    index("images_sha_idx").on(t.sha256),
  ],
);
export type ImageRow = typeof images.$inferSelect;

/**
 * A public, revocable link to one generation or one comparison (exactly one of the two is set).
 * The slug is the secret: whoever has it may view the item, nobody can guess it.
 */
export const shares = pgTable(
  "shares",
  {
    slug: text("slug").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    generationId: text("generation_id").references(() => generations.id, { onDelete: "cascade" }),
    comparisonId: text("comparison_id").references(() => comparisons.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    revokedAt: at("revoked_at"),
  },
  (t) => [
    index("shares_generation_idx").on(t.generationId),
    index("shares_comparison_idx").on(t.comparisonId),
    check("shares_one_target", sql`(${t.generationId} is null) <> (${t.comparisonId} is null)`),
  ],
);
export type Share = typeof shares.$inferSelect;
