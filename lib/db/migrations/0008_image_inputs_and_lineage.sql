ALTER TABLE "comparisons" ADD COLUMN "input_files" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "input_files" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "parent_image_id" text;--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_parent_image_id_images_id_fk" FOREIGN KEY ("parent_image_id") REFERENCES "public"."images"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comparisons_input_files_idx" ON "comparisons" USING gin ("input_files");--> statement-breakpoint
CREATE INDEX "generations_input_files_idx" ON "generations" USING gin ("input_files");--> statement-breakpoint
CREATE INDEX "generations_parent_image_idx" ON "generations" USING btree ("parent_image_id") WHERE "generations"."parent_image_id" is not null;--> statement-breakpoint
-- Runs stored before this column: their one image input was the image prompt.
UPDATE "generations" SET "input_files" = ARRAY[substring("params"->>'image_prompt' from '^/api/images/([0-9a-f]{64})[.]')] WHERE "params"->>'image_prompt' ~ '^/api/images/[0-9a-f]{64}[.]';--> statement-breakpoint
UPDATE "comparisons" SET "input_files" = ARRAY[substring("params"->>'image_prompt' from '^/api/images/([0-9a-f]{64})[.]')] WHERE "params"->>'image_prompt' ~ '^/api/images/[0-9a-f]{64}[.]';
