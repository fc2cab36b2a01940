CREATE TABLE "generation_tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"generation_id" text NOT NULL,
	"index" integer NOT NULL,
	"status" text NOT NULL,
	"request" jsonb,
	"handle" jsonb,
	"seed" bigint,
	"progress" real,
	"submit_attempts" integer DEFAULT 0 NOT NULL,
	"billed_usd" double precision,
	"host_image_url" text,
	"error" jsonb,
	"submitted_at" timestamp with time zone,
	"ready_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "generations" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"model" text NOT NULL,
	"provider" text NOT NULL,
	"params" jsonb NOT NULL,
	"status" text NOT NULL,
	"sandbox" boolean NOT NULL,
	"sandbox_headers" jsonb,
	"idempotency_key" text,
	"progress" real,
	"unit_price_usd" double precision NOT NULL,
	"estimated_usd" double precision NOT NULL,
	"billed_usd" double precision,
	"billed_source" text,
	"error" jsonb,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"host_ready_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"deadline_at" timestamp with time zone NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "images" (
	"id" text PRIMARY KEY NOT NULL,
	"generation_id" text NOT NULL,
	"user_id" text NOT NULL,
	"index" integer NOT NULL,
	"sha256" text NOT NULL,
	"ext" text NOT NULL,
	"content_type" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"seed" bigint,
	"source_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "generation_tasks" ADD CONSTRAINT "generation_tasks_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "generation_tasks_generation_index_idx" ON "generation_tasks" USING btree ("generation_id","index");--> statement-breakpoint
CREATE INDEX "generations_user_created_idx" ON "generations" USING btree ("user_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "generations_user_idempotency_idx" ON "generations" USING btree ("user_id","idempotency_key") WHERE "generations"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "generations_unfinished_idx" ON "generations" USING btree ("status") WHERE "generations"."status" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "images_generation_idx" ON "images" USING btree ("generation_id","index");--> statement-breakpoint
CREATE UNIQUE INDEX "images_generation_index_idx" ON "images" USING btree ("generation_id","index");--> statement-breakpoint
CREATE INDEX "images_sha_idx" ON "images" USING btree ("sha256");