"use client";

import { useMemo, useState } from "react";
import { useFormState } from "react-hook-form";
import { describeFields, getModel, type FieldDescriptor, type ModelId } from "@/lib/models";
import type { HostCapabilities } from "@/components/hosts/host-facts";
import { CapabilityContext } from "./capability-context";
import { FieldControl } from "./field-control";
import type { FormValues, SeedLock } from "./types";

const NONE: readonly string[] = [];

/**
 * The parameter form of a model, generated from its schema: one control per field in `ui.order`,
 * "advanced" fields in a collapsible section. Must sit inside a react-hook-form FormProvider.
 * `capabilities` (the chosen host's, for this model) puts a badge on each field it does not take as given.
 * `omit` leaves fields out that the page sets itself (compare mode chooses seeds per row).
 */
export function SchemaForm({
  model,
  disabled,
  seedLock,
  capabilities,
  omit = NONE,
}: {
  model: ModelId;
  disabled: boolean;
  seedLock: SeedLock;
  capabilities?: HostCapabilities;
  omit?: readonly string[];
}) {
  const fields = useMemo(() => describeFields(model), [model]);
  const sizePresets = getModel(model).sizePresets;
  const shown = fields.filter((f) => !omit.includes(f.name));
  const main = shown.filter((f) => (f.ui.section ?? "main") === "main");
  const advanced = shown.filter((f) => f.ui.section === "advanced");
  // Collapsed: the defaults are good, and the Run button stays in reach on a first visit.
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const { errors } = useFormState<FormValues>();
  const advancedHasError = advanced.some((f) => errors[f.name]);

  // An invalid advanced field must be visible (and focusable), so the section opens itself when
  // an error appears (set while rendering, React's "adjust state on a prop change"), and stays open.
  const [sawAdvancedError, setSawAdvancedError] = useState(false);
  if (advancedHasError !== sawAdvancedError) {
    setSawAdvancedError(advancedHasError);
    if (advancedHasError) setAdvancedOpen(true);
  }

  const renderFields = (list: FieldDescriptor[]) =>
    list.map((field) => (
      <FieldControl
        key={field.name}
        field={field}
        allFields={fields}
        model={model}
        disabled={disabled}
        seedLock={seedLock}
        sizePresets={sizePresets}
      />
    ));

  return (
    <CapabilityContext value={capabilities}>
      <div className="space-y-5">
        {renderFields(main)}
        {advanced.length > 0 ? (
          <details
            open={advancedOpen}
            onToggle={(event) => setAdvancedOpen(event.currentTarget.open)}
            className="group rounded-lg border border-zinc-800 bg-zinc-900/40"
          >
            <summary className="flex list-none items-center [&::-webkit-details-marker]:hidden justify-between rounded-lg px-3 py-2 text-sm font-medium text-zinc-300 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-amber-400">
              Advanced
              <span aria-hidden="true" className="text-zinc-500 transition-transform group-open:rotate-90">
                ›
              </span>
            </summary>
            <div className="space-y-5 border-t border-zinc-800 px-3 py-4">{renderFields(advanced)}</div>
          </details>
        ) : null}
      </div>
    </CapabilityContext>
  );
}
