"use server";

import { after } from "next/server";
import { currentUserId } from "@/lib/auth/current-user";
import type { ModelId } from "@/lib/models";
import { runGeneration } from "@/lib/jobs/runner";
import { cancelGeneration, createGeneration } from "@/lib/jobs/service";
import type { LimitFailure } from "@/lib/limits/service";
import { createShare, revokeShare, shareUrl } from "@/lib/shares/service";
import { checkedByService, idArgument, validatedAction } from "@/lib/validation/action";

export type CreateGenerationActionResult =
  | { ok: true; id: string; status: string }
  | { ok: false; error: string; fieldErrors?: { path: string; message: string }[]; limit?: LimitFailure };

interface GenerationRequest {
  model: ModelId;
  provider: string;
  params: Record<string, unknown>;
  idempotencyKey: string;
  failover?: string[];
  parentImageId?: string;
}

/** The form's "Run": validated on the server with the same schema as the form, then run in the background. */
export const createGenerationAction = validatedAction(["input"], [checkedByService<GenerationRequest>()], async (input): Promise<CreateGenerationActionResult> => {
  const result = await createGeneration(input, await currentUserId());
  if (!result.ok) return { ok: false, error: result.message, fieldErrors: result.issues, limit: result.limit };
  after(() => runGeneration(result.id));
  return { ok: true, id: result.id, status: result.status };
});

export const cancelGenerationAction = validatedAction(["id"], [idArgument("A generation")], async (id): Promise<{ ok: boolean; error?: string }> => {
  const result = await cancelGeneration(id, await currentUserId());
  return result.ok ? { ok: true } : { ok: false, error: result.message };
});

export type ShareActionResult = { ok: true; slug: string; path: string; url: string } | { ok: false; error: string };

/** "Share": the item's active link, or a new one. */
export const shareAction = validatedAction(["target"], [checkedByService<{ generationId: string } | { comparisonId: string }>()], async (target): Promise<ShareActionResult> => {
  const result = await createShare(target, await currentUserId(), { reuseActive: true });
  return result.ok ? { ok: true, slug: result.share.slug, path: result.share.path, url: shareUrl(result.share.path) } : { ok: false, error: result.message };
});

export const revokeShareAction = validatedAction(["slug"], [idArgument("A share")], async (slug): Promise<{ ok: boolean; error?: string }> => {
  return (await revokeShare(slug, await currentUserId())) ? { ok: true } : { ok: false, error: `No share ${slug}` };
});
