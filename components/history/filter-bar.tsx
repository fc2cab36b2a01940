"use client";

import type { FilterIssue } from "@/lib/history/filters";
import type { SpendBucket } from "@/lib/history/types";
import { GENERATION_STATUSES } from "@/lib/jobs/types";
import { MODEL_IDS, MODEL_NAMES } from "@/lib/models/catalog";
import type { ProviderInfo } from "@/lib/providers/registry";
import { Button, Chip } from "@/components/ui/button";
import { inputClass } from "@/components/ui/input-styles";
import { toggleValue, type FilterDraft } from "./filter-url";
import { FilterIssues } from "./filter-issues";
import { SEARCH_DEBOUNCE_MS } from "./use-history-filter";

type ListKey = "host" | "model" | "status";

const labelClass = "text-xs font-medium text-zinc-400";
const issueFor = (issues: FilterIssue[], path: string) => issues.some((issue) => issue.path === path) || undefined;

function ChipGroup({
  name,
  label,
  options,
  selected,
  onToggle,
}: {
  name: ListKey;
  label: string;
  options: { id: string; label: string }[];
  selected: string[] | undefined;
  onToggle: (id: string, on: boolean) => void;
}) {
  return (
    <div role="group" aria-labelledby={`filter-${name}-label`} className="space-y-1">
      <span id={`filter-${name}-label`} className={labelClass}>
        {label}
      </span>
      <div className="flex flex-wrap gap-1">
        {options.map((option) => {
          const pressed = selected?.includes(option.id) ?? false;
          return (
            <Chip key={option.id} pressed={pressed} data-testid={`filter-${name}-${option.id}`} onClick={() => onToggle(option.id, !pressed)}>
              {option.label}
            </Chip>
          );
        })}
      </div>
    </div>
  );
}

/** Every filter of the history; what it shows is the draft, which the address follows. */
export function FilterBar({
  providers,
  draft,
  issues,
  matching,
  timeZone,
  onChange,
  onClear,
}: {
  providers: ProviderInfo[];
  draft: FilterDraft;
  /** Why the last edit was not applied (e.g. a max below the min). */
  issues: FilterIssue[];
  /** Runs and images matching the applied filter (from the spend totals); undefined while loading, null when no filter applies. */
  matching: SpendBucket | undefined | null;
  /** The zone the dates are days of: the address's, UTC for a range without one, else the viewer's. */
  timeZone: string | null;
  onChange: (patch: Partial<FilterDraft>, delayMs?: number) => void;
  onClear: () => void;
}) {
  const toggle = (key: ListKey) => (id: string, on: boolean) => onChange({ [key]: toggleValue(draft[key], id, on) });
  const typed = (patch: Partial<FilterDraft>) => onChange(patch, SEARCH_DEBOUNCE_MS);

  return (
    <section aria-label="Filters" data-testid="history-filters" className="space-y-3 rounded-xl border border-zinc-800 bg-zinc-900/30 p-4">
      <div className="grid gap-3 md:grid-cols-[minmax(0,2fr)_repeat(2,minmax(0,1fr))]">
        <label className="space-y-1">
          <span className={labelClass}>Search prompts</span>
          <input
            type="search"
            data-testid="filter-q"
            value={draft.q ?? ""}
            placeholder="e.g. red fox"
            aria-invalid={issueFor(issues, "q")}
            onChange={(event) => typed({ q: event.target.value })}
            className={inputClass}
          />
        </label>
        <div className="flex gap-2">
          {(["from", "to"] as const).map((key) => (
            <label key={key} className="min-w-0 flex-1 space-y-1">
              <span className={labelClass}>{key === "from" ? "From" : "To"}</span>
              <input
                type="date"
                data-testid={`filter-${key}`}
                value={draft[key] ?? ""}
                aria-invalid={issueFor(issues, key)}
                // Debounced like the search: typing a year passes through 0002, 0020, 0202…
                onChange={(event) => typed({ [key]: event.target.value || undefined })}
                className={inputClass}
              />
            </label>
          ))}
        </div>
        <div className="flex gap-2">
          {(["minCost", "maxCost"] as const).map((key) => (
            <label key={key} className="min-w-0 flex-1 space-y-1">
              <span className={labelClass}>{key === "minCost" ? "Min cost (USD)" : "Max cost (USD)"}</span>
              <input
                type="number"
                inputMode="decimal"
                min={0}
                step={0.01}
                data-testid={`filter-${key === "minCost" ? "min" : "max"}-cost`}
                value={draft[key]}
                aria-invalid={issueFor(issues, key)}
                onChange={(event) => typed({ [key]: event.target.value })}
                className={inputClass}
              />
            </label>
          ))}
        </div>
      </div>

      <div className="flex flex-wrap gap-x-6 gap-y-3">
        <ChipGroup name="host" label="Hosts" options={providers.map((p) => ({ id: p.id, label: p.name }))} selected={draft.host} onToggle={toggle("host")} />
        <ChipGroup name="model" label="Models" options={MODEL_IDS.map((id) => ({ id, label: MODEL_NAMES[id] }))} selected={draft.model} onToggle={toggle("model")} />
        <ChipGroup name="status" label="Status" options={GENERATION_STATUSES.map((s) => ({ id: s, label: s }))} selected={draft.status} onToggle={toggle("status")} />
        <label className="flex items-center gap-2 self-end pb-1 text-sm text-zinc-200">
          <input
            type="checkbox"
            data-testid="filter-favorites"
            checked={draft.favorites ?? false}
            onChange={(event) => onChange({ favorites: event.target.checked || undefined })}
            className="size-4 accent-amber-400"
          />
          Favourites only
        </label>
      </div>

      <FilterIssues title="Not applied:" issues={issues} testId="filter-edit-issues" />

      <div className="flex flex-wrap items-center gap-3 border-t border-zinc-800 pt-3 text-sm">
        {matching === null ? null : (
          <p data-testid="filter-count" aria-live="polite" className="text-zinc-400">
            {matching
              ? `${matching.generations} run${matching.generations === 1 ? "" : "s"} · ${matching.images} image${matching.images === 1 ? "" : "s"} match`
              : "Counting…"}
          </p>
        )}
        {timeZone ? <p className="text-xs text-zinc-400">Days in {timeZone}</p> : null}
        <Button size="sm" variant="ghost" data-testid="clear-filters" className="ml-auto" onClick={onClear}>
          Clear filters
        </Button>
      </div>
    </section>
  );
}
