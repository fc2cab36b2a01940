"use client";

import { useFormContext, useWatch } from "react-hook-form";
import { outputSize, type CanonicalParams } from "@/lib/models";
import { isAspectRatioInRange } from "@/lib/models/fields";
import { Chip } from "@/components/ui/button";
import { inputClass } from "@/components/ui/input-styles";
import { FieldShell, inputAria, useFieldError } from "./field-shell";
import { useRegistered } from "./registered";
import type { ControlProps, FormValues } from "./types";

export function PromptField({ field, disabled }: ControlProps) {
  const registered = useRegistered(field.name);
  const error = useFieldError(field.name);
  const value = useWatch<FormValues>({ name: field.name });
  const max = typeof field.jsonSchema.maxLength === "number" ? field.jsonSchema.maxLength : undefined;
  const length = typeof value === "string" ? value.length : 0;

  return (
    <FieldShell field={field} error={error} aside={max && length > max * 0.8 ? `${length} / ${max}` : null}>
      <textarea
        {...registered}
        {...inputAria(field, error)}
        // The prompt is what people come to type: focus it on load.
        autoFocus
        rows={4}
        disabled={disabled}
        placeholder="A lighthouse on a basalt cliff at dawn, long exposure, 35mm film"
        className={`${inputClass} min-h-24 resize-y leading-relaxed`}
      />
    </FieldShell>
  );
}

/** An empty box is "no value" where the field may be unset (Kontext: keep the input's shape), not "". */
const emptyAsUnset = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export function AspectRatioField({ field, model, disabled }: ControlProps) {
  const { setValue } = useFormContext<FormValues>();
  // A field with a default (Ultra's 16:9) keeps refusing an empty box, as before.
  const unsettable = !field.required && field.jsonSchema.default === undefined;
  const registered = useRegistered(field.name, unsettable ? { setValueAs: emptyAsUnset } : undefined);
  const error = useFieldError(field.name);
  const value = useWatch<FormValues>({ name: field.name });
  const current = typeof value === "string" ? value.trim() : "";
  const size = current && isAspectRatioInRange(current) ? outputSize(model, { aspect_ratio: current } as CanonicalParams) : null;

  return (
    <FieldShell field={field} error={error} aside={size ? `≈ ${size.width}×${size.height} px` : null}>
      <input
        {...registered}
        {...inputAria(field, error)}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder="W:H"
        disabled={disabled}
        className={`${inputClass} max-w-32 font-mono`}
      />
      {field.ui.presets?.length ? (
        <div className="flex flex-wrap gap-1.5" role="group" aria-label={`${field.ui.label} presets`}>
          {field.ui.presets.map((preset) => (
            <Chip
              key={preset.value}
              pressed={current === preset.value}
              disabled={disabled}
              data-testid={`aspect-preset-${preset.value}`}
              onClick={() => setValue(field.name, preset.value, { shouldValidate: true, shouldDirty: true })}
            >
              {preset.label}
            </Chip>
          ))}
        </div>
      ) : null}
    </FieldShell>
  );
}
