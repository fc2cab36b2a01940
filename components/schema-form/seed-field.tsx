"use client";

import { useFormContext } from "react-hook-form";
import { SEED_MAX } from "@/lib/models/fields";
import { Button } from "@/components/ui/button";
import { DiceIcon, LockIcon, UnlockIcon } from "@/components/ui/icons";
import { inputClass } from "@/components/ui/input-styles";
import { FieldShell, inputAria, useFieldError } from "./field-shell";
import { toOptionalNumber } from "./parse-number";
import { useRegistered } from "./registered";
import type { ControlProps, FormValues, SeedLock } from "./types";

/** A uniform integer in 0..SEED_MAX (SEED_MAX is 2^32 - 1, exactly one Uint32). */
export function randomSeed(): number {
  const [value] = crypto.getRandomValues(new Uint32Array(1));
  return Math.min(value, SEED_MAX);
}

export function SeedField({ field, disabled, seedLock }: ControlProps & { seedLock: SeedLock }) {
  const { setValue } = useFormContext<FormValues>();
  const registered = useRegistered(field.name, { setValueAs: toOptionalNumber });
  const error = useFieldError(field.name);
  const { locked, onLockedChange } = seedLock;

  return (
    <FieldShell
      field={field}
      error={error}
      note={locked ? "Locked: every run uses this seed." : "Unlocked: each run draws a new random seed."}
    >
      <div className="flex gap-1.5">
        <input
          {...registered}
          {...inputAria(field, error)}
          type="number"
          inputMode="numeric"
          min={0}
          max={SEED_MAX}
          step={1}
          placeholder="random"
          disabled={disabled}
          className={`${inputClass} font-mono`}
        />
        <Button
          data-testid="seed-lock"
          aria-pressed={locked}
          aria-label={locked ? "Seed locked (click to unlock)" : "Seed unlocked (click to lock)"}
          title={locked ? "Unlock: draw a new seed for each run" : "Lock: keep this seed for every run"}
          disabled={disabled}
          className={locked ? "border-amber-400 text-amber-200" : ""}
          onClick={() => onLockedChange(!locked)}
        >
          {locked ? <LockIcon /> : <UnlockIcon />}
        </Button>
        <Button
          data-testid="seed-randomise"
          aria-label="Randomise seed"
          title="Randomise seed"
          disabled={disabled}
          onClick={() => setValue(field.name, randomSeed(), { shouldValidate: true, shouldDirty: true })}
        >
          <DiceIcon />
        </Button>
      </div>
    </FieldShell>
  );
}
