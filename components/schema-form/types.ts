import type { FieldDescriptor, ModelId } from "@/lib/models";

/** Form values are keyed by canonical parameter name; the model's zod schema gives them shape. */
export type FormValues = Record<string, unknown>;

export interface SeedLock {
  locked: boolean;
  onLockedChange: (locked: boolean) => void;
}

export interface ControlProps {
  field: FieldDescriptor;
  model: ModelId;
  disabled: boolean;
}

export const numberFrom = (schema: Record<string, unknown>, key: "minimum" | "maximum" | "default") => {
  const value = schema[key];
  return typeof value === "number" ? value : undefined;
};
