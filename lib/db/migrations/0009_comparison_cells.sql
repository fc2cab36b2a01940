ALTER TABLE "comparisons" ADD COLUMN "cells" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
-- Comparisons made before cells: their model on each of their hosts, in column order.
UPDATE "comparisons" SET "cells" = (SELECT coalesce(jsonb_agg(jsonb_build_object('model', "comparisons"."model", 'provider', p.host) ORDER BY p.n), '[]'::jsonb) FROM jsonb_array_elements_text("comparisons"."providers") WITH ORDINALITY AS p(host, n));
