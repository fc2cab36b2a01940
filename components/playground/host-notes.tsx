"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useWatch } from "react-hook-form";
import { defaultParams, type ModelId } from "@/lib/models";
import type { ProviderInfo } from "@/lib/providers/registry";
import { hostAnchor, NOTABLE_TREATMENTS, paramRows } from "@/components/hosts/host-facts";
import { TreatmentBadge } from "@/components/hosts/treatment-badge";
import type { FormValues } from "@/components/schema-form/types";

/** A value the user chose that differs from "off"/the default: what a dropped param would lose. */
const isChosen = (value: unknown, fallback: unknown) =>
  value !== undefined && value !== null && value !== "" && value !== false && value !== fallback;

/** Above Run: the params the chosen host drops, converts, clamps or emulates for this model, and how. */
export function HostNotes({ provider, model }: { provider: ProviderInfo | undefined; model: ModelId }) {
  const values = useWatch<FormValues>();
  const defaults = useMemo(() => defaultParams(model), [model]);
  const capabilities = provider?.capabilities[model];
  // describeFields builds a JSON Schema: once per host and model, not per keystroke.
  const notes = useMemo(
    () =>
      capabilities
        ? paramRows(model, Object.keys(capabilities)).flatMap((row) => {
            const capability = capabilities[row.name];
            return capability && NOTABLE_TREATMENTS.includes(capability.treatment) ? [{ ...row, capability }] : [];
          })
        : [],
    [model, capabilities],
  );
  if (!provider || notes.length === 0) return null;

  return (
    <section
      data-testid="host-notes"
      aria-labelledby="host-notes-title"
      className="space-y-1.5 rounded-md border border-zinc-800 bg-zinc-900/60 p-2.5 text-xs"
    >
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="host-notes-title" className="font-medium text-zinc-300">
          What {provider.name} does with these settings
        </h2>
        <Link
          href={`/hosts#${hostAnchor(provider.id)}`}
          target="_blank"
          className="shrink-0 text-amber-300/90 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-amber-400"
        >
          Details ↗
        </Link>
      </div>
      <ul className="space-y-1">
        {notes.map(({ name, label, capability }) => {
          const lost = capability.treatment === "dropped" && isChosen(values[name], defaults[name]);
          return (
            <li key={name} data-param={name} data-treatment={capability.treatment} className="flex items-start gap-1.5">
              <TreatmentBadge treatment={capability.treatment} className="mt-px shrink-0" />
              <p className="min-w-0 text-zinc-400">
                <span className="text-zinc-200">{label}</span>
                {capability.wire ? (
                  <>
                    {" → "}
                    <code className="font-mono break-all text-zinc-300">{capability.wire}</code>
                  </>
                ) : null}
                {capability.note ? `: ${capability.note}` : null}
                {lost ? <strong className="block font-medium text-red-300">Your value is not sent to {provider.name}.</strong> : null}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
