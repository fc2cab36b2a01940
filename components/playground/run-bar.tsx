"use client";

import { useWatch } from "react-hook-form";
import { defaultParams, type CanonicalParams, type ModelId } from "@/lib/models";
import { estimateWithRule } from "@/lib/pricing/price";
import type { ProviderInfo } from "@/lib/providers/registry";
import { Button } from "@/components/ui/button";
import { formatUsd } from "@/components/gallery/format";
import type { FormValues } from "@/components/schema-form/types";
import { RunKeyHint } from "@/components/ui/key-hint";

/** The Run button with its cost estimate: the host's price rule at this size, times the number of images. */
export function RunBar({
  model,
  provider,
  countField,
  submitting,
}: {
  model: ModelId;
  provider: ProviderInfo | undefined;
  countField: string | undefined;
  submitting: boolean;
}) {
  const values = useWatch<FormValues>();
  const count = countField ? values[countField] : 1;
  const images = typeof count === "number" && Number.isFinite(count) ? count : 1;
  const rule = provider?.prices.find((p) => p.model === model);
  // The size matters for per-megapixel prices (fal); an invalid size falls back to the model's default.
  const priced = rule ? estimateWithRule(rule, model, { ...defaultParams(model), ...values, num_images: images } as unknown as CanonicalParams) : null;
  const unit = priced?.unitPriceUsd;
  const estimate = priced?.estimatedUsd;
  const sandbox = provider?.mode === "sandbox";
  const problem = provider?.mode === "misconfigured" ? (provider.problem ?? "its configuration is inconsistent") : null;

  return (
    // Sticky at the bottom of the form (its scroll box on desktop, the screen on a phone): the primary
    // action is in view on arrival, however long the form below the prompt is.
    <div data-testid="run-bar" className="sticky bottom-0 z-10 -mx-4 -mb-4 space-y-1.5 rounded-b-xl border-t border-zinc-800 bg-zinc-950/95 px-4 pt-3 pb-4 backdrop-blur">
      <Button
        type="submit"
        variant="primary"
        data-testid="run-button"
        disabled={!provider || submitting || problem !== null}
        aria-keyshortcuts="Control+Enter Meta+Enter"
        aria-describedby={problem ? "host-problem" : undefined}
        className="h-10 w-full text-base"
      >
        {submitting ? "Starting…" : estimate !== undefined ? `Run · ${formatUsd(estimate)}` : "Run"}
      </Button>
      {problem ? (
        <p id="host-problem" data-testid="host-problem" className="rounded-md border border-red-900 bg-red-950/40 p-2 text-xs text-red-200">
          {provider?.name} is misconfigured: {problem}
        </p>
      ) : null}
      <p className="flex flex-wrap justify-between gap-2 text-xs text-zinc-400">
        <span>
          {estimate !== undefined && unit !== undefined
            ? `${images} × ${formatUsd(unit)} on ${provider?.name}`
            : "No price known for this host"}
          {sandbox ? <span className="text-amber-300/90"> · $0 billed (sandbox)</span> : null}
        </span>
        <RunKeyHint />
      </p>
    </div>
  );
}
