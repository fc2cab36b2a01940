CREATE TABLE "host_pace" (
	"slot_key" text PRIMARY KEY NOT NULL,
	"limit" integer NOT NULL,
	"lowered_at" timestamp with time zone NOT NULL,
	"resume_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "generation_tasks" ADD COLUMN "slot_key" text;--> statement-breakpoint
ALTER TABLE "generation_tasks" ADD COLUMN "slot_granted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "queue_ahead" integer;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "failover" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "served_by" text;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "attempts" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "generation_tasks_open_slot_idx" ON "generation_tasks" USING btree ("slot_key","slot_granted_at") WHERE "generation_tasks"."status" in ('pending', 'submitting', 'submitted');