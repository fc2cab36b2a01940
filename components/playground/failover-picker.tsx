"use client";

import type { ProviderInfo } from "@/lib/providers/registry";
import { selectClass } from "@/components/ui/input-styles";

/** Opt-in failover: the host a run moves to if its own fails with 429, 5xx or a timeout (never on 4xx or moderation). */
export function FailoverPicker({
  hosts,
  value,
  onChange,
  label = "If this host fails (429, 5xx, timeout), run on",
}: {
  hosts: ProviderInfo[];
  value: string;
  onChange: (id: string) => void;
  label?: string;
}) {
  if (hosts.length === 0) return null;
  return (
    <label className="block space-y-1 text-sm">
      <span className="text-zinc-300">{label}</span>
      <select name="failover" data-testid="failover-host" className={selectClass} value={hosts.some((h) => h.id === value) ? value : ""} onChange={(e) => onChange(e.target.value)}>
        <option value="">No failover</option>
        {hosts.map((host) => (
          <option key={host.id} value={host.id}>
            {host.name}
            {host.mode === "sandbox" ? " (sandbox)" : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
