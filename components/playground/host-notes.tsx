"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useWatch } from "react-hook-form";
import { parseParams, type ModelId } from "@/lib/models";
import { evaluateCapabilities } from "@/lib/providers/capabilities";
import type { ProviderInfo } from "@/lib/providers/registry";
import { hostAnchor, NOTABLE_TREATMENTS, paramRows } from "@/components/hosts/host-facts";
import { TreatmentBadge } from "@/components/hosts/treatment-badge";
import type { FormValues } from "@/components/schema-form/types";

/**
 * Above Run: the params the chosen host drops, converts, clamps or emulates for this model, and
 * how; and what of this run's values will not arrive as given, by the very verdict the server
 * records on the run (`evaluateCapabilities`, on the values as the server will parse them).
 */
export function HostNotes({ provider, model }: { provider: ProviderInfo | undefined; model: ModelId }) {
  const values = useWatch<FormValues>();
  const capabilities = provider?.capabilities[model];
  const verdict = useMemo(() => {
    const parsed = parseParams(model, values);
    return evaluateCapabilities(capabilities, parsed.ok ? parsed.data : values);
  }, [model, capabilities, values]);
  // describeFields builds a JSON Schema: once per host and model, not per keystroke.
  const notes = useMemo(
    () =>
      capabilities
        ? paramRows(model, Object.keys(capabilities)).flatMap((row) => {
            const capability = capabilities[row.name];
            return capability && (NOTABLE_TREATMENTS.includes(capability.treatment) || capability.warns) ? [{ ...row, capability }] : [];
          })
        : [],
    [model, capabilities],
  );
  const shown = notes.filter(({ name, capability }) => NOTABLE_TREATMENTS.includes(capability.treatment) || verdict.byParam[name]);
  if (!provider || shown.length === 0) return null;

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
        {shown.map(({ name, label, capability }) => {
          const warning = verdict.byParam[name];
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
                {warning ? (
                  <strong data-testid="host-note-warning" className={`block font-medium ${capability.treatment === "dropped" ? "text-red-300" : "text-amber-200"}`}>
                    {capability.treatment === "dropped" ? `Your value is not sent to ${provider.name}.` : warning}
                  </strong>
                ) : null}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
