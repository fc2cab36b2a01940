"use client";

import { Button } from "@/components/ui/button";
import { DiceIcon } from "@/components/ui/icons";
import { inputClass } from "@/components/ui/input-styles";
import { MAX_SEEDS, parseSeeds, withRandomSeed } from "./seeds";

/** The rows of the grid: one list of seeds, typed or drawn at random one at a time; the row count follows it. */
export function SeedsInput({ value, error, onChange }: { value: string; error: string | null; onChange: (value: string) => void }) {
  const parsed = parseSeeds(value);
  const count = parsed.ok ? (parsed.seeds?.length ?? 0) : null;
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
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" data-testid="compare-random-seeds" disabled={count === null || count >= MAX_SEEDS} onClick={() => onChange(withRandomSeed(value))}>
          <DiceIcon width={14} height={14} /> Add a random seed
        </Button>
        <span data-testid="compare-seed-count" className="text-xs text-zinc-400">
          {count === null ? "Fix the list to count the rows" : count === 0 ? "1 row, seed drawn at random" : `${count} row${count === 1 ? "" : "s"}`}
        </span>
      </div>
      <p id="compare-seeds-help" className="text-xs text-zinc-400">
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
