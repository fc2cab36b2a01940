"use client";

import { useController, useWatch } from "react-hook-form";
import { Chip } from "@/components/ui/button";
import { selectClass } from "@/components/ui/input-styles";
import { CapabilityBadge } from "./capability-context";
import { FieldShell, fieldId, inputAria, labelId, useFieldError } from "./field-shell";
import { toOptionalNumber } from "./parse-number";
import { useRegistered, useRegisteredCheckbox } from "./registered";
import { numberFrom, type ControlProps, type FormValues } from "./types";

export function SliderField({ field, disabled }: ControlProps) {
  const registered = useRegistered(field.name, { setValueAs: toOptionalNumber });
  const error = useFieldError(field.name);
  const value = useWatch<FormValues>({ name: field.name });
  const min = numberFrom(field.jsonSchema, "minimum") ?? 0;
  const max = numberFrom(field.jsonSchema, "maximum") ?? 1;
  const step = field.ui.step ?? 1;
  const decimals = step < 1 ? Math.min(4, String(step).split(".")[1]?.length ?? 2) : 0;
  const shown = typeof value === "number" && Number.isFinite(value) ? value.toFixed(decimals) : "–";

  return (
    <FieldShell field={field} error={error} aside={<output htmlFor={fieldId(field.name)}>{shown}</output>}>
      <div className="flex items-center gap-3">
        <span className="text-xs tabular-nums text-zinc-500">{min}</span>
        <input
          {...registered}
          {...inputAria(field, error)}
          type="range"
          min={min}
          max={max}
          step={step}
          disabled={disabled}
          className="h-2 w-full cursor-pointer accent-amber-400 disabled:cursor-not-allowed"
        />
        <span className="text-xs tabular-nums text-zinc-500">{max}</span>
      </div>
    </FieldShell>
  );
}

export function SwitchField({ field, disabled }: ControlProps) {
  const registered = useRegisteredCheckbox(field.name);
  const error = useFieldError(field.name);

  return (
    <FieldShell field={field} error={error} labelled="none">
      <div className="flex items-center justify-between gap-3">
        <span className="flex min-w-0 flex-wrap items-baseline gap-1.5">
          <label htmlFor={fieldId(field.name)} className="text-sm font-medium text-zinc-200">
            {field.ui.label}
          </label>
          <CapabilityBadge name={field.name} />
        </span>
        <input
          {...registered}
          {...inputAria(field, error)}
          type="checkbox"
          role="switch"
          disabled={disabled}
          className={
            "relative h-5 w-9 shrink-0 cursor-pointer appearance-none rounded-full bg-zinc-700 transition-colors " +
            "before:absolute before:top-0.5 before:left-0.5 before:h-4 before:w-4 before:rounded-full before:bg-zinc-100 " +
            "before:transition-transform before:content-[''] checked:bg-amber-400 checked:before:translate-x-4 " +
            "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-400 " +
            "disabled:cursor-not-allowed disabled:opacity-50"
          }
        />
      </div>
    </FieldShell>
  );
}

export function SelectField({ field, disabled }: ControlProps) {
  const registered = useRegistered(field.name);
  const error = useFieldError(field.name);
  const options =
    field.ui.options ??
    (Array.isArray(field.jsonSchema.enum) ? field.jsonSchema.enum.map((v) => ({ value: String(v), label: String(v) })) : []);

  return (
    <FieldShell field={field} error={error}>
      <select {...registered} {...inputAria(field, error)} disabled={disabled} className={selectClass}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CountField({ field, disabled }: ControlProps) {
  const { field: control } = useController<FormValues>({ name: field.name });
  const error = useFieldError(field.name);
  const min = numberFrom(field.jsonSchema, "minimum") ?? 1;
  const max = numberFrom(field.jsonSchema, "maximum") ?? 4;
  const counts = Array.from({ length: Math.max(0, max - min + 1) }, (_, i) => min + i);
  const { id: _id, ...aria } = inputAria(field, error);

  return (
    <FieldShell field={field} error={error} labelled="group">
      <div role="group" aria-labelledby={labelId(field.name)} {...aria} className="inline-flex gap-1">
        {/* The chips are buttons: this carries the count in a native submit (before hydration). */}
        <input type="hidden" name={field.name} value={typeof control.value === "number" ? String(control.value) : ""} />
        {counts.map((n, i) => (
          <Chip
            key={n}
            // The first button takes the ref so a validation error can focus the group.
            ref={i === 0 ? control.ref : undefined}
            pressed={control.value === n}
            disabled={disabled}
            data-testid={`num-images-${n}`}
            aria-label={`${n} image${n === 1 ? "" : "s"}`}
            className="min-w-9"
            onClick={() => {
              control.onChange(n);
              control.onBlur();
            }}
          >
            {n}
          </Chip>
        ))}
      </div>
    </FieldShell>
  );
}
