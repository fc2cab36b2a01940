"use client";

import type { ProviderInfo } from "@/lib/providers/registry";
import { Button } from "@/components/ui/button";
import { ModeBadge } from "@/components/hosts/mode-badge";

/** The hosts serving the model; a misconfigured one is shown with its problem and cannot be chosen. */
export function HostChecklist({
  hosts,
  selected,
  errors,
  onToggle,
  onAll,
}: {
  hosts: ProviderInfo[];
  selected: ReadonlySet<string>;
  errors: Record<string, string>;
  onToggle: (id: string, checked: boolean) => void;
  onAll: (checked: boolean) => void;
}) {
  const usable = hosts.filter((h) => h.mode !== "misconfigured");
  return (
    <fieldset data-testid="compare-hosts" className="space-y-1.5">
      <div className="flex items-baseline justify-between gap-2">
        <legend className="text-sm font-medium text-zinc-200">
          Hosts <span className="font-normal text-zinc-500">({selected.size} of {usable.length})</span>
        </legend>
        <span className="flex gap-1">
          <Button size="sm" variant="ghost" data-testid="compare-hosts-all" onClick={() => onAll(true)}>
            All
          </Button>
          <Button size="sm" variant="ghost" data-testid="compare-hosts-none" onClick={() => onAll(false)}>
            None
          </Button>
        </span>
      </div>
      {hosts.length === 0 ? <p className="text-xs text-zinc-500">No host serves this model.</p> : null}
      <ul className="space-y-1">
        {hosts.map((host) => {
          const disabled = host.mode === "misconfigured";
          const problemId = `compare-host-${host.id}-problem`;
          const error = errors[host.id];
          return (
            <li key={host.id} className="rounded-md border border-zinc-800 bg-zinc-900/40 px-2 py-1.5">
              <label className={`flex items-center gap-2 text-sm ${disabled ? "cursor-not-allowed text-zinc-500" : "cursor-pointer text-zinc-200"}`}>
                <input
                  type="checkbox"
                  data-testid={`compare-host-${host.id}`}
                  checked={selected.has(host.id)}
                  disabled={disabled}
                  aria-describedby={disabled || error ? problemId : undefined}
                  aria-invalid={error ? true : undefined}
                  onChange={(event) => onToggle(host.id, event.target.checked)}
                  className="size-4 accent-amber-400"
                />
                <span className="min-w-0 flex-1 truncate">{host.name}</span>
                <ModeBadge mode={host.mode} />
              </label>
              {disabled || error ? (
                <p id={problemId} className="mt-1 text-xs text-red-300">
                  {error ?? `Misconfigured: ${host.problem ?? "its configuration is inconsistent"}`}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
