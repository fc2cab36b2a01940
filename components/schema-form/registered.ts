"use client";

import { useState } from "react";
import { useFormContext, type RegisterOptions } from "react-hook-form";
import type { FormValues } from "./types";

/**
 * `register(name)` plus the field's starting value as the element's own HTML value, so the
 * server-rendered form (before hydration, or without JavaScript) shows the real defaults and a
 * native submit sends them. Read once: afterwards react-hook-form owns the value.
 */
export function useRegistered(name: string, options?: RegisterOptions<FormValues, string>) {
  const { register, getValues } = useFormContext<FormValues>();
  const [initial] = useState(() => getValues(name) as unknown);
  return { ...register(name, options), defaultValue: initial === undefined || initial === null ? undefined : String(initial) };
}

/** The same for a checkbox: its starting state as `defaultChecked`. */
export function useRegisteredCheckbox(name: string) {
  const { register, getValues } = useFormContext<FormValues>();
  const [initial] = useState(() => getValues(name) === true);
  return { ...register(name), defaultChecked: initial };
}
