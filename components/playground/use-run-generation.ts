"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { UseFormReturn } from "react-hook-form";
import { createGenerationAction } from "@/app/(playground)/actions";
import type { CanonicalParams, ModelId } from "@/lib/models";
import { GENERATION_STATUSES, type GenerationDto, type GenerationStatus } from "@/lib/jobs/types";
import type { ProviderInfo } from "@/lib/providers/registry";
import { estimateWithRule } from "@/lib/pricing/price";
import { historyKey, writeGeneration } from "@/components/gallery/generation-cache";
import type { FormValues } from "@/components/schema-form/types";

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
function placeholder(id: string, status: string, model: ModelId, provider: ProviderInfo, params: FormValues): GenerationDto {
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
    progress: null,
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
  };
}

/**
 * Sends validated params to the server action and puts the new generation on top of the history.
 * Server field errors land on their fields; anything else in the general error box.
 */
export function useRunGeneration(form: UseFormReturn<FormValues, unknown, FormValues>, fieldNames: string[]) {
  const client = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (model: ModelId, provider: ProviderInfo | undefined, params: FormValues) => {
    setFormError(null);
    if (!provider) {
      setFormError("No host serves this model; pick another model.");
      return;
    }
    if (provider.mode === "misconfigured") {
      setFormError(`${provider.name} cannot run: ${(provider.problem ?? "its configuration is inconsistent").replace(/\.$/, "")}.`);
      return;
    }
    let result: Awaited<ReturnType<typeof createGenerationAction>>;
    try {
      result = await createGenerationAction({ model, provider: provider.id, params, idempotencyKey: newIdempotencyKey() });
    } catch (error) {
      setFormError(`Could not start the run: ${error instanceof Error ? error.message : "the server did not answer"}.`);
      return;
    }

    if (!result.ok) {
      const unmatched: string[] = [];
      let focused = false;
      for (const issue of result.fieldErrors ?? []) {
        const name = issue.path.replace(/^params\./, "");
        if (fieldNames.includes(name)) {
          form.setError(name, { type: "server", message: issue.message }, { shouldFocus: !focused });
          focused = true;
        } else {
          unmatched.push(`${issue.path}: ${issue.message}`);
        }
      }
      setFormError([result.error, ...unmatched].filter(Boolean).join(" · ") || "The run was rejected.");
      return;
    }

    writeGeneration(client, placeholder(result.id, result.status, model, provider, params), { prepend: true });
    // Refetch so the totals count the new run; terminal items in cache are kept (see keepTerminalItems).
    void client.invalidateQueries({ queryKey: historyKey });
  };

  return { submit, formError, setFormError };
}
