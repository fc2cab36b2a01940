CREATE TABLE "comparisons" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"model" text NOT NULL,
	"params" jsonb NOT NULL,
	"providers" jsonb NOT NULL,
	"seeds" jsonb NOT NULL,
	"blind" boolean DEFAULT false NOT NULL,
	"blind_order" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source_id" text,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"id" text PRIMARY KEY NOT NULL,
	"comparison_id" text NOT NULL,
	"user_id" text NOT NULL,
	"model" text NOT NULL,
	"seed" bigint NOT NULL,
	"candidates" jsonb NOT NULL,
	"winner" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "comparison_id" text;--> statement-breakpoint
ALTER TABLE "comparisons" ADD CONSTRAINT "comparisons_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_comparison_id_comparisons_id_fk" FOREIGN KEY ("comparison_id") REFERENCES "public"."comparisons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comparisons_user_created_idx" ON "comparisons" USING btree ("user_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "comparisons_user_idempotency_idx" ON "comparisons" USING btree ("user_id","idempotency_key") WHERE "comparisons"."idempotency_key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "votes_comparison_seed_idx" ON "votes" USING btree ("comparison_id","seed");--> statement-breakpoint
CREATE INDEX "votes_user_model_idx" ON "votes" USING btree ("user_id","model","created_at");--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_comparison_id_comparisons_id_fk" FOREIGN KEY ("comparison_id") REFERENCES "public"."comparisons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "generations_comparison_idx" ON "generations" USING btree ("comparison_id");