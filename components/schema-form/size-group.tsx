"use client";

import { useFormContext, useWatch } from "react-hook-form";
import type { FieldDescriptor } from "@/lib/models";
import { Chip } from "@/components/ui/button";
import { inputClass } from "@/components/ui/input-styles";
import { CapabilityBadge } from "./capability-context";
import { FieldError, FieldHelp, fieldId, inputAria, useFieldError } from "./field-shell";
import { toOptionalNumber } from "./parse-number";
import { useRegistered } from "./registered";
import { numberFrom, type FormValues } from "./types";

/** Width and height as one "Size" group, with the model's size presets ("1024x768") setting both. */
export function SizeGroup({
  fields,
  presets,
  disabled,
}: {
  fields: FieldDescriptor[];
  presets: readonly { value: string; label: string }[];
  disabled: boolean;
}) {
  const { setValue } = useFormContext<FormValues>();
  const names = fields.map((f) => f.name);
  const values = useWatch<FormValues>({ name: names }) as unknown[];
  const current = values.map((v) => (typeof v === "number" ? v : "")).join("x");

  const applyPreset = (preset: string) => {
    preset
      .split("x")
      .map(Number)
      .forEach((n, i) => {
        if (names[i]) setValue(names[i], n, { shouldValidate: true, shouldDirty: true });
      });
  };

  return (
    <fieldset className="space-y-1.5">
      <legend className="mb-1.5 text-sm font-medium text-zinc-200">Size</legend>
      <div className="flex items-end gap-2">
        {fields.map((field, i) => (
          <div key={field.name} className="flex items-end gap-2">
            {i > 0 ? (
              <span aria-hidden="true" className="pb-2 text-zinc-500">
                ×
              </span>
            ) : null}
            <DimensionInput field={field} disabled={disabled} />
          </div>
        ))}
      </div>
      {presets.length ? (
        <div className="flex flex-wrap gap-1.5" role="group" aria-label="Size presets">
          {presets.map((preset) => (
            <Chip
              key={preset.value}
              pressed={current === preset.value}
              disabled={disabled}
              data-testid={`size-preset-${preset.value}`}
              title={preset.label}
              onClick={() => applyPreset(preset.value)}
            >
              {preset.value.replace("x", "×")}
            </Chip>
          ))}
        </div>
      ) : null}
      {fields[0] ? <FieldHelp field={fields[0]} /> : null}
      {fields.map((field) => (
        <DimensionError key={field.name} name={field.name} />
      ))}
    </fieldset>
  );
}

function DimensionInput({ field, disabled }: { field: FieldDescriptor; disabled: boolean }) {
  const registered = useRegistered(field.name, { setValueAs: toOptionalNumber });
  const error = useFieldError(field.name);
  const fallback = numberFrom(field.jsonSchema, "default");

  return (
    <div className="space-y-1">
      <div className="flex items-baseline gap-1.5">
        <label htmlFor={fieldId(field.name)} className="block text-xs text-zinc-400">
          {field.ui.label}
        </label>
        <CapabilityBadge name={field.name} />
      </div>
      <input
        {...registered}
        {...inputAria(field, error)}
        type="number"
        inputMode="numeric"
        step={field.ui.step ?? 1}
        min={numberFrom(field.jsonSchema, "minimum")}
        max={numberFrom(field.jsonSchema, "maximum")}
        // An empty box means "the default": say which.
        placeholder={fallback !== undefined ? String(fallback) : undefined}
        disabled={disabled}
        className={`${inputClass} w-28`}
      />
    </div>
  );
}

function DimensionError({ name }: { name: string }) {
  return <FieldError name={name} message={useFieldError(name)} />;
}
