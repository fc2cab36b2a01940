"use client";

import { Button } from "@/components/ui/button";
import { DiceIcon } from "@/components/ui/icons";
import { inputClass, selectClass } from "@/components/ui/input-styles";
import { MAX_SEEDS, randomSeeds } from "./seeds";

/** The rows of the grid: a list of seeds, typed or drawn at random. */
export function SeedsInput({
  value,
  count,
  error,
  onChange,
  onCountChange,
}: {
  value: string;
  count: number;
  error: string | null;
  onChange: (value: string) => void;
  onCountChange: (count: number) => void;
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor="compare-seeds" className="text-sm font-medium text-zinc-200">
        Seeds
      </label>
      <input
        id="compare-seeds"
        data-testid="compare-seeds"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        inputMode="numeric"
        placeholder="e.g. 42, 1234 (empty: one random seed)"
        aria-invalid={error ? true : undefined}
        aria-describedby={`compare-seeds-help${error ? " compare-seeds-error" : ""}`}
        className={`${inputClass} font-mono`}
      />
      <div className="flex items-center gap-1.5">
        <select
          aria-label="How many random seeds"
          data-testid="compare-random-count"
          value={count}
          onChange={(event) => onCountChange(Number(event.target.value))}
          className={`${selectClass} h-7 w-auto py-0 text-xs`}
        >
          {Array.from({ length: MAX_SEEDS }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <Button size="sm" data-testid="compare-random-seeds" onClick={() => onChange(randomSeeds(count).join(", "))}>
          <DiceIcon width={14} height={14} /> Random {count} seed{count === 1 ? "" : "s"}
        </Button>
      </div>
      <p id="compare-seeds-help" className="text-xs text-zinc-500">
        1 to {MAX_SEEDS} distinct seeds, one row each. A seed does not carry across hosts: the same seed gives each host its own image.
      </p>
      {error ? (
        <p id="compare-seeds-error" data-testid="compare-seeds-error" className="text-xs text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
