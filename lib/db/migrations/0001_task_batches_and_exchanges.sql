ALTER TABLE "generation_tasks" ADD COLUMN "image_count" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "generation_tasks" ADD COLUMN "exchanges" jsonb DEFAULT '[]'::jsonb NOT NULL;