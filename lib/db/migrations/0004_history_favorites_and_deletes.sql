ALTER TABLE "comparisons" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "favorite" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "comparisons_deleted_idx" ON "comparisons" USING btree ("deleted_at") WHERE "comparisons"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "generations_user_history_idx" ON "generations" USING btree ("user_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "generations"."comparison_id" is null and "generations"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "generations_deleted_idx" ON "generations" USING btree ("deleted_at") WHERE "generations"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "images_favorite_idx" ON "images" USING btree ("generation_id") WHERE "images"."favorite" and "images"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "images_deleted_idx" ON "images" USING btree ("deleted_at") WHERE "images"."deleted_at" is not null;