import type { QueryClient } from "@tanstack/react-query";
import { createGenerationAction, type CreateGenerationActionResult } from "@/app/(playground)/actions";
import type { CanonicalParams, ModelId } from "@/lib/models";
import { GENERATION_STATUSES, type GenerationDto, type GenerationStatus } from "@/lib/jobs/types";
import type { ProviderInfo } from "@/lib/providers/registry";
import { estimateWithRule } from "@/lib/pricing/price";
import { historyKey, writeGeneration } from "./generation-cache";

/** crypto.randomUUID only exists in secure contexts; plain http on a LAN address still needs a key. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What the card shows until the first server update arrives (usually within one round trip). */
function placeholder(id: string, status: string, model: ModelId, provider: ProviderInfo, params: Record<string, unknown>): GenerationDto {
  const rule = provider.prices.find((p) => p.model === model);
  const { unitPriceUsd, estimatedUsd } = rule
    ? estimateWithRule(rule, model, params as unknown as CanonicalParams)
    : { unitPriceUsd: 0, estimatedUsd: 0 };
  return {
    id,
    model,
    provider: provider.id,
    comparisonId: null,
    params,
    status: (GENERATION_STATUSES as readonly string[]).includes(status) ? (status as GenerationStatus) : "queued",
    sandbox: provider.mode === "sandbox",
    keySource: provider.keySource,
    progress: null,
    queue: null,
    failover: [],
    servedBy: provider.id,
    notSent: [],
    attempts: [],
    images: [],
    cost: { estimatedUsd, billedUsd: null, billedSource: null, unitPriceUsd },
    timings: {
      createdAt: new Date().toISOString(),
      submittedAt: null,
      hostReadyAt: null,
      finishedAt: null,
      hostLatencyMs: null,
      totalMs: null,
    },
    error: null,
    warnings: [],
    // The server's answer fills these in.
    parent: null,
    children: [],
  };
}

/**
 * Starts a run (the form's Run, the detail view's "re-run on another host") and, once accepted,
 * puts it on top of the history. Throws when the server cannot be reached.
 */
export async function startRun(
  client: QueryClient,
  model: ModelId,
  provider: ProviderInfo,
  params: Record<string, unknown>,
  failover: string[] = [],
  /** An edit's source image ("Edit with Kontext"). */
  parentImageId?: string,
): Promise<CreateGenerationActionResult> {
  const result = await createGenerationAction({
    model,
    provider: provider.id,
    params,
    idempotencyKey: newIdempotencyKey(),
    ...(failover.length ? { failover } : {}),
    ...(parentImageId ? { parentImageId } : {}),
  });
  if (result.ok) {
    writeGeneration(client, placeholder(result.id, result.status, model, provider, params), { prepend: true });
    // Refetch so the totals count the new run; terminal items in cache are kept (see keepTerminalItems).
    void client.invalidateQueries({ queryKey: historyKey });
  }
  return result;
}
