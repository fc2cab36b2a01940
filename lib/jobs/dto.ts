import type { Generation, ImageRow } from "@/lib/db/schema";
import { scrubValue } from "@/lib/security/scrub-secrets";
import { withoutInapplicable } from "@/lib/models";
import { unsentParams } from "@/lib/providers/capabilities";
import { getAdapter, PROVIDER_IDS } from "@/lib/providers/registry";
import type { ProviderId } from "@/lib/providers/types";
import type { Lineage } from "./lineage";
import { isTerminal, type GenerationDto, type ImageDto } from "./types";

const ms = (from: Date | null, to: Date | null) => (from && to ? to.getTime() - from.getTime() : null);

export function imageUrls(sha256: string, ext: string) {
  return { url: `/api/images/${sha256}.${ext}`, thumbUrl: `/api/images/${sha256}.thumb.webp` };
}

export function toImageDto(row: ImageRow): ImageDto {
  return {
    id: row.id,
    index: row.index,
    ...imageUrls(row.sha256, row.ext),
    width: row.width,
    height: row.height,
    contentType: row.contentType,
    bytes: row.bytes,
    seed: row.seed,
    favorite: row.favorite,
  };
}

/**
 * The public shape of a generation (API and UI): no lease, no sandbox knobs, no keys. `lineage`
 * (lineageOf, for the viewer) gives its parent and children; without it, none are shown.
 */
export function toGenerationDto(row: Generation, imageRows: ImageRow[], { includeDeleted = false, lineage }: { includeDeleted?: boolean; lineage?: Lineage } = {}): GenerationDto {
  // An image prompt is a URL of our storage (see image-inputs.ts): reusable as it is. Rows from
  // before withoutInapplicable may carry a strength that was never sent: not shown either.
  const params = withoutInapplicable({ ...row.params }) as Record<string, unknown>;
  const servedBy = row.servedBy ?? row.provider;
  return {
    id: row.id,
    model: row.model,
    provider: row.provider,
    comparisonId: row.comparisonId,
    params,
    status: row.status,
    sandbox: row.sandbox,
    keySource: row.keySource,
    progress: row.progress,
    queue: row.queueAhead !== null && !isTerminal(row.status) ? { host: row.servedBy ?? row.provider, ahead: row.queueAhead } : null,
    failover: row.failover,
    servedBy,
    notSent: unsentParams(PROVIDER_IDS.includes(servedBy as ProviderId) ? getAdapter(servedBy as ProviderId).capabilities[row.model] : undefined, params),
    attempts: row.attempts.map(({ provider, error, startedAt, endedAt, estimatedUsd }) => ({ provider, error, startedAt, endedAt, estimatedUsd })),
    // A share keeps showing what was shared, even images the owner has since deleted.
    images: imageRows.filter((i) => i.generationId === row.id && (includeDeleted || !i.deletedAt)).sort((a, b) => a.index - b.index).map(toImageDto),
    cost: {
      estimatedUsd: row.estimatedUsd,
      billedUsd: row.billedUsd,
      billedSource: row.billedSource,
      unitPriceUsd: row.unitPriceUsd,
    },
    timings: {
      createdAt: row.createdAt.toISOString(),
      submittedAt: row.submittedAt?.toISOString() ?? null,
      hostReadyAt: row.hostReadyAt?.toISOString() ?? null,
      finishedAt: row.finishedAt?.toISOString() ?? null,
      hostLatencyMs: ms(row.submittedAt, row.hostReadyAt),
      totalMs: ms(row.createdAt, row.finishedAt),
    },
    // Stored scrubbed by the run; scrubbed again as shown (rows from before, a key set since).
    error: scrubValue(row.error),
    warnings: scrubValue(row.warnings),
    parent: lineage?.get(row.id)?.parent ?? null,
    children: lineage?.get(row.id)?.children ?? [],
  };
}

export function encodeCursor(row: Pick<Generation, "createdAt" | "id">): string {
  return Buffer.from(JSON.stringify({ createdAt: row.createdAt.toISOString(), id: row.id })).toString("base64url");
}

// What cursors carry: a UTC instant to the millisecond (runs) or microsecond (history). Anything
// else is refused here: the history's SQL casts it, and PostgreSQL reads less than Date.parse does.
const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function decodeCursor(cursor: string): { createdAt: string; id: string } | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { createdAt?: unknown; id?: unknown };
    if (typeof value.createdAt !== "string" || typeof value.id !== "string" || !CURSOR_INSTANT.test(value.createdAt) || Number.isNaN(Date.parse(value.createdAt))) return null;
    return { createdAt: value.createdAt, id: value.id };
  } catch {
    return null;
  }
}
