"use server";

import { after } from "next/server";
import { currentUserId } from "@/lib/auth/current-user";
import type { ModelId } from "@/lib/models";
import { runGeneration } from "@/lib/jobs/runner";
import { cancelGeneration, createGeneration } from "@/lib/jobs/service";
import type { LimitFailure } from "@/lib/limits/service";
import { createShare, revokeShare, shareUrl } from "@/lib/shares/service";

export type CreateGenerationActionResult =
  | { ok: true; id: string; status: string }
  | { ok: false; error: string; fieldErrors?: { path: string; message: string }[]; limit?: LimitFailure };

/** The form's "Run": validated on the server with the same schema as the form, then run in the background. */
export async function createGenerationAction(input: {
  model: ModelId;
  provider: string;
  params: Record<string, unknown>;
  idempotencyKey: string;
  failover?: string[];
}): Promise<CreateGenerationActionResult> {
  const result = await createGeneration(input, await currentUserId());
  if (!result.ok) return { ok: false, error: result.message, fieldErrors: result.issues, limit: result.limit };
  after(() => runGeneration(result.id));
  return { ok: true, id: result.id, status: result.status };
}

export async function cancelGenerationAction(id: string): Promise<{ ok: boolean; error?: string }> {
  if (typeof id !== "string" || !id) return { ok: false, error: "A generation id is required" };
  const result = await cancelGeneration(id, await currentUserId());
  return result.ok ? { ok: true } : { ok: false, error: result.message };
}

export type ShareActionResult = { ok: true; slug: string; path: string; url: string } | { ok: false; error: string };

/** "Share": the item's active link, or a new one. */
export async function shareAction(target: { generationId: string } | { comparisonId: string }): Promise<ShareActionResult> {
  const result = await createShare(target, await currentUserId(), { reuseActive: true });
  return result.ok ? { ok: true, slug: result.share.slug, path: result.share.path, url: shareUrl(result.share.path) } : { ok: false, error: result.message };
}

export async function revokeShareAction(slug: string): Promise<{ ok: boolean; error?: string }> {
  if (typeof slug !== "string" || !slug) return { ok: false, error: "A share slug is required" };
  return (await revokeShare(slug, await currentUserId())) ? { ok: true } : { ok: false, error: `No share ${slug}` };
}
