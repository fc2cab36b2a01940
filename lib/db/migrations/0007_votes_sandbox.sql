ALTER TABLE "votes" ADD COLUMN "sandbox" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Votes cast before this column: a sandbox vote is one whose row had a sandbox cell.
UPDATE "votes" SET "sandbox" = true WHERE EXISTS (SELECT 1 FROM "generations" g WHERE g."comparison_id" = "votes"."comparison_id" AND (g."params"->>'seed')::bigint = "votes"."seed" AND g."sandbox");
