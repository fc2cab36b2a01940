import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { CanonicalParams, ModelId } from "@/lib/models";
import type { ErrorCode } from "@/lib/providers/errors";
import type { HttpExchange, HttpRequest, TaskHandle } from "@/lib/providers/types";
import type { BilledSource, GenerationStatus } from "@/lib/jobs/types";

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});
export type User = typeof users.$inferSelect;

export type StoredError = { code: ErrorCode; message: string };

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
    providers: jsonb("providers").$type<string[]>().notNull(),
    seeds: jsonb("seeds").$type<number[]>().notNull(),
    blind: boolean("blind").notNull().default(false),
    /** Per seed row, the shuffled order the hosts are shown in while blind (fixed at creation). */
    blindOrder: jsonb("blind_order").$type<Record<string, string[]>>().notNull().default({}),
    /** The comparison this one re-ran with new seeds. */
    sourceId: text("source_id"),
    idempotencyKey: text("idempotency_key"),
    createdAt: createdAt(),
    /** Deleted from the history: hidden at once, removed for good once the undo window has passed. */
    deletedAt: at("deleted_at"),
  },
  (t) => [
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
    model: text("model").$type<ModelId>().notNull(),
    seed: bigint("seed", { mode: "number" }).notNull(),
    /** The hosts whose images were shown (succeeded cells of the row). */
    candidates: jsonb("candidates").$type<string[]>().notNull(),
    /** The host whose image was chosen; null for a tie. */
    winner: text("winner"),
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
  },
  (t) => [
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

export type TaskStatus = "pending" | "submitted" | "stored" | "failed" | "canceled";

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
  },
  (t) => [uniqueIndex("generation_tasks_generation_index_idx").on(t.generationId, t.index)],
);
export type GenerationTask = typeof generationTasks.$inferSelect;

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
