"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { GenerationDto, ImageDto } from "@/lib/jobs/types";
import type { ProviderInfo } from "@/lib/providers/registry";
import { Button } from "@/components/ui/button";
import { ModeBadge } from "@/components/hosts/mode-badge";
import { startRun } from "./start-run";

/**
 * "Re-run on another host": the same model and parameters, this image's seed, on a host of the
 * user's choice; the new run lands on top of the gallery.
 */
export function RerunMenu({ generation: gen, image, providers }: { generation: GenerationDto; image: ImageDto; providers: ProviderInfo[] }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);
  const hosts = providers.filter((p) => p.id !== gen.provider && p.models.includes(gen.model));
  const seed = image.seed ?? gen.params.seed;

  const rerun = async (host: ProviderInfo) => {
    setBusy(host.id);
    setStatus(null);
    try {
      const params = { ...gen.params, ...(typeof seed === "number" ? { seed } : {}) };
      const result = await startRun(client, gen.model, host, params);
      setStatus(
        result.ok
          ? { ok: true, message: `Started on ${host.name} (${host.mode}): it is on top of the gallery.` }
          : { ok: false, message: `${host.name} did not take it: ${result.error}` },
      );
      if (result.ok) setOpen(false);
    } catch {
      setStatus({ ok: false, message: "Could not reach the server to start the run." });
    } finally {
      setBusy(null);
    }
  };

  if (hosts.length === 0) return null;
  return (
    <div className="space-y-2">
      <Button size="sm" data-testid="detail-rerun" aria-expanded={open} aria-controls={`rerun-hosts-${image.id}`} onClick={() => setOpen((v) => !v)}>
        Re-run on another host {open ? "▴" : "▾"}
      </Button>
      {open ? (
        <ul id={`rerun-hosts-${image.id}`} aria-label="Hosts to re-run on" className="space-y-1 rounded-md border border-zinc-800 bg-zinc-900/60 p-1.5">
          {hosts.map((host) => (
            <li key={host.id}>
              <button
                type="button"
                data-testid={`rerun-host-${host.id}`}
                disabled={busy !== null || host.mode === "misconfigured"}
                title={host.problem ?? undefined}
                onClick={() => void rerun(host)}
                className="flex w-full items-center justify-between gap-2 rounded px-2 py-1 text-left text-sm hover:bg-zinc-800 focus-visible:outline-2 focus-visible:outline-amber-400 disabled:cursor-not-allowed disabled:opacity-50"
              >
                <span>{busy === host.id ? `Starting on ${host.name}…` : host.name}</span>
                <ModeBadge mode={host.mode} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {status ? (
        <p data-testid="rerun-status" role="status" className={`text-xs ${status.ok ? "text-emerald-300" : "text-red-300"}`}>
          {status.message}
        </p>
      ) : null}
    </div>
  );
}
