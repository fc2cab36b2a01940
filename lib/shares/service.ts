import { randomBytes } from "node:crypto";
import { z } from "zod";
import { activeSharesOf, comparisonGenerations, getActiveShare, getComparisonRow, getGeneration, imagesOf, insertShare, revokeShare as revokeShareRow } from "@/lib/db/queries";
import { toComparisonDto } from "@/lib/compare/dto";
import { publicOrigin } from "@/lib/env";
import { toGenerationDto } from "@/lib/jobs/dto";
import { lineageOf } from "@/lib/jobs/lineage";
import { invalid } from "@/lib/jobs/service";
import { toFieldIssues, type FieldIssue } from "@/lib/models";
import { toPublicComparison, toPublicGeneration, toShareDto } from "./dto";
import type { ShareDto, SharedItem } from "./types";
import { parseInput } from "@/lib/validation/input";

/** The verbs of share links, shared by the server actions and the JSON API. */

// 16 random bytes = 128 bits, written as 22 base64url characters: the slug is the only secret.
const SLUG_BYTES = 16;
const SLUG_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A share's absolute link, on the configured public origin (APP_URL). */
export const shareUrl = (path: string) => new URL(path, publicOrigin()).toString();

export const newShareSlug = () => randomBytes(SLUG_BYTES).toString("base64url");

const id = (name: string) => z.string({ error: `${name} must be a string` }).trim().min(1, { error: `${name} must not be empty` }).max(200, { error: `${name} must be at most 200 characters` });

/** Exactly one of the two: a share is of one generation or of one comparison. */
export const shareTargetInput = z
  .object({ generationId: id("generationId").optional(), comparisonId: id("comparisonId").optional() })
  .strict()
  .superRefine((value, ctx) => {
    if (value.generationId && value.comparisonId) ctx.addIssue({ code: "custom", path: ["comparisonId"], message: "Give generationId or comparisonId, not both" });
    else if (!value.generationId && !value.comparisonId) ctx.addIssue({ code: "custom", path: ["generationId"], message: "Give generationId or comparisonId" });
  });
export type ShareTarget = { generationId: string } | { comparisonId: string };

type Parsed = { ok: true; target: ShareTarget } | { ok: false; status: 400; message: string; issues: FieldIssue[] };

function parseTarget(raw: unknown): Parsed {
  const input = parseInput(shareTargetInput, raw);
  if (!input.success) return { status: 400, ...invalid(toFieldIssues(input.error)) };
  const { generationId, comparisonId } = input.data;
  return { ok: true, target: generationId ? { generationId } : { comparisonId: comparisonId! } };
}

async function owns(target: ShareTarget, userId: string): Promise<boolean> {
  return "generationId" in target ? Boolean(await getGeneration(target.generationId, userId)) : Boolean(await getComparisonRow(target.comparisonId, userId));
}

const notFound = (target: ShareTarget) =>
  ({ ok: false, status: 404, message: "generationId" in target ? `No generation ${target.generationId}` : `No comparison ${target.comparisonId}` }) as const;

export type CreateShareResult = { ok: true; share: ShareDto; created: boolean } | { ok: false; status: 400 | 404; message: string; issues?: FieldIssue[] };

/**
 * Makes a link to one of the user's generations or comparisons. `reuseActive` answers with the
 * item's newest unrevoked link instead of a new one (the UI's "Share": one link per item).
 */
export async function createShare(raw: unknown, userId: string, opts: { reuseActive?: boolean } = {}): Promise<CreateShareResult> {
  const parsed = parseTarget(raw);
  if (!parsed.ok) return parsed;
  const { target } = parsed;
  if (!(await owns(target, userId))) return notFound(target);
  if (opts.reuseActive) {
    const [existing] = await activeSharesOf(userId, target);
    if (existing) return { ok: true, share: toShareDto(existing), created: false };
  }
  const row = await insertShare({ slug: newShareSlug(), userId, ...target });
  return { ok: true, share: toShareDto(row), created: true };
}

export type ListSharesResult = { ok: true; shares: ShareDto[] } | { ok: false; status: 400 | 404; message: string; issues?: FieldIssue[] };

/** The user's unrevoked links to one item, newest first. */
export async function listShares(raw: unknown, userId: string): Promise<ListSharesResult> {
  const parsed = parseTarget(raw);
  if (!parsed.ok) return parsed;
  if (!(await owns(parsed.target, userId))) return notFound(parsed.target);
  return { ok: true, shares: (await activeSharesOf(userId, parsed.target)).map(toShareDto) };
}

/** False when the slug is unknown or someone else's; revoking twice is fine. */
export async function revokeShare(slug: string, userId: string): Promise<boolean> {
  if (!SLUG_PATTERN.test(slug)) return false;
  return revokeShareRow(slug, userId);
}

/** What anyone with the link may see; null for an unknown or revoked slug. No owner check, by design. */
export async function resolveShare(slug: string): Promise<SharedItem | null> {
  if (!SLUG_PATTERN.test(slug)) return null;
  const share = await getActiveShare(slug);
  if (!share) return null;
  if (share.generationId) {
    const row = await getGeneration(share.generationId);
    if (!row) return null;
    // The owner's lineage, of which the share shows only what it already holds (toPublicGeneration).
    const [imageRows, lineage] = await Promise.all([imagesOf([row.id]), lineageOf([row], row.userId)]);
    return { kind: "generation", slug, generation: toPublicGeneration(toGenerationDto(row, imageRows, { includeDeleted: true, lineage })) };
  }
  if (share.comparisonId) {
    const row = await getComparisonRow(share.comparisonId);
    if (!row) return null;
    const cells = await comparisonGenerations(row.id);
    // Votes are the owner's judgement, not part of what was shared.
    return { kind: "comparison", slug, comparison: toPublicComparison(toComparisonDto(row, cells.rows, cells.images, [], { includeDeleted: true })) };
  }
  return null;
}
