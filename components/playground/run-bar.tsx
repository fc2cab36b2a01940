"use client";

import { useEffect, useState } from "react";
import { useWatch } from "react-hook-form";
import { defaultParams, imageInputsOf, type CanonicalParams, type ModelId } from "@/lib/models";
import { estimateWithRule, pricesInputs, type ImageSize } from "@/lib/pricing/price";
import type { ProviderInfo } from "@/lib/providers/registry";
import { Button } from "@/components/ui/button";
import { formatUsd } from "@/components/gallery/format";
import type { FormValues } from "@/components/schema-form/types";
import { RunKeyHint } from "@/components/ui/key-hint";

const isWebUrl = (source: string) => /^https?:\/\//i.test(source);

/**
 * The pixel sizes of the images the form holds, as the browser decodes them (the server reads the
 * same from the stored file); null while one is not known: a web address is fetched only on Run.
 */
function useInputSizes(values: FormValues, wanted: boolean): ImageSize[] | null {
  const sources = wanted ? imageInputsOf(values).map((input) => input.value) : [];
  const [known, setKnown] = useState<ReadonlyMap<string, ImageSize | "unknown">>(new Map());
  // Data URLs are megabytes: the effect keys on their count and tails, not on the whole strings.
  const key = sources.map((source) => `${source.length}:${source.slice(-32)}`).join("|");
  useEffect(() => {
    for (const source of sources) {
      if (known.has(source) || isWebUrl(source)) continue;
      const image = new Image();
      image.onload = () => setKnown((map) => new Map(map).set(source, { width: image.naturalWidth, height: image.naturalHeight }));
      image.onerror = () => setKnown((map) => new Map(map).set(source, "unknown"));
      image.src = source.startsWith("data:") || source.startsWith("/") ? source : `data:image/png;base64,${source}`;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `sources`
  }, [key]);
  const sizes = sources.map((source) => (isWebUrl(source) ? "unknown" : known.get(source)));
  return sizes.every((size): size is ImageSize => size !== undefined && size !== "unknown") ? sizes : null;
}

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
  const inputSizes = useInputSizes(values, rule !== undefined && pricesInputs(rule));
  // Until every input's size is known the estimate counts what is known, and says inputs come on top.
  const inputsPending = inputSizes === null;
  // The size matters for per-megapixel prices (fal); an invalid size falls back to the model's default.
  const priced = rule
    ? estimateWithRule(rule, model, { ...defaultParams(model), ...values, num_images: images } as unknown as CanonicalParams, inputSizes ?? [])
    : null;
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
        {submitting ? "Starting…" : estimate !== undefined ? `Run · ${formatUsd(estimate)}${inputsPending ? " + inputs" : ""}` : "Run"}
      </Button>
      {problem ? (
        <p id="host-problem" data-testid="host-problem" className="rounded-md border border-red-900 bg-red-950/40 p-2 text-xs text-red-200">
          {provider?.name} is misconfigured: {problem}
        </p>
      ) : null}
      <p className="flex flex-wrap justify-between gap-2 text-xs text-zinc-400">
        <span>
          {estimate !== undefined && unit !== undefined
            ? `${images} × ${formatUsd(unit)}${inputsPending ? " + input images" : rule && pricesInputs(rule) && inputSizes?.length ? " with inputs" : ""} on ${provider?.name}`
            : "No price known for this host"}
          {sandbox ? <span className="text-amber-300/90"> · $0 billed (sandbox)</span> : null}
        </span>
        <RunKeyHint />
      </p>
    </div>
  );
}
