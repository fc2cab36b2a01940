"use client";

import type { ReactNode } from "react";
import { useFormState } from "react-hook-form";
import type { FieldDescriptor } from "@/lib/models";
import { CapabilityBadge } from "./capability-context";
import type { FormValues } from "./types";

export const fieldId = (name: string) => `param-${name}`;
export const labelId = (name: string) => `param-${name}-label`;
const helpId = (name: string) => `param-${name}-help`;
const errorId = (name: string) => `param-${name}-error`;

/** The error message of one field, client (zod) or server (setError). */
export function useFieldError(name: string): string | undefined {
  const { errors } = useFormState<FormValues>({ name });
  const message = errors[name]?.message;
  return typeof message === "string" && message ? message : undefined;
}

/** id, aria-invalid and aria-describedby for a field's main input. */
export function inputAria(field: FieldDescriptor, error: string | undefined) {
  const describedBy = [field.ui.help ? helpId(field.name) : null, error ? errorId(field.name) : null]
    .filter(Boolean)
    .join(" ");
  return {
    id: fieldId(field.name),
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy || undefined,
    "data-testid": `field-${field.name}`,
  } as const;
}

export function FieldError({ name, message }: { name: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={errorId(name)} data-testid={`field-error-${name}`} className="mt-1 text-xs text-red-400">
      {message}
    </p>
  );
}

export function FieldHelp({ field }: { field: FieldDescriptor }) {
  if (!field.ui.help) return null;
  return (
    <p id={helpId(field.name)} className="mt-1 text-xs text-zinc-500">
      {field.ui.help}
    </p>
  );
}

/**
 * Label, control, help and error of one field. `labelled="for"` binds the label to the main
 * input; `labelled="group"` gives the label an id for a role="group" wrapper to reference.
 */
export function FieldShell({
  field,
  error,
  labelled = "for",
  aside,
  note,
  children,
}: {
  field: FieldDescriptor;
  error: string | undefined;
  labelled?: "for" | "group" | "none";
  aside?: ReactNode;
  note?: ReactNode;
  children: ReactNode;
}) {
  const labelClass = "text-sm font-medium text-zinc-200";
  return (
    <div className="space-y-1.5">
      {labelled !== "none" && (
        <div className="flex items-baseline justify-between gap-2">
          <span className="flex min-w-0 flex-wrap items-baseline gap-1.5">
            {labelled === "for" ? (
              <label htmlFor={fieldId(field.name)} className={labelClass}>
                {field.ui.label}
              </label>
            ) : (
              <span id={labelId(field.name)} className={labelClass}>
                {field.ui.label}
              </span>
            )}
            <CapabilityBadge name={field.name} />
          </span>
          {aside ? <span className="text-xs tabular-nums text-zinc-400">{aside}</span> : null}
        </div>
      )}
      {children}
      {note ? <p className="text-xs text-amber-300/80">{note}</p> : null}
      <FieldHelp field={field} />
      <FieldError name={field.name} message={error} />
    </div>
  );
}
