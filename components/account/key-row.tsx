"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { deleteKeyAction, setKeyAction } from "@/app/(playground)/keys/actions";
import type { HostKeyStatus } from "@/lib/keys/overview";
import { KeySourceBadge } from "@/components/hosts/key-source";
import { ModeBadge } from "@/components/hosts/mode-badge";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/input-styles";
import { KeyBalance } from "./key-balance";

const FALLBACK = { server: "the server's key", sandbox: "the sandbox", user: "your key" } as const;

/** One host: its key status, a password field to set or replace the key, delete, and the balance. */
export function KeyRow({ host }: { host: HostKeyStatus }) {
  const router = useRouter();
  const inputId = useId();
  const [apiKey, setApiKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const done = (text: string) => {
    setError(null);
    setMessage(text);
    router.refresh();
  };

  function save(event: FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await setKeyAction({ provider: host.id, apiKey });
      if (!result.ok) {
        setMessage(null);
        setError(result.error);
        return;
      }
      // The field is emptied at once: the key is not kept in the page.
      setApiKey("");
      done(`Saved: ••••${result.key.last4}`);
    });
  }

  function remove() {
    startTransition(async () => {
      const result = await deleteKeyAction({ provider: host.id });
      if (result.ok) done("Deleted");
      else setError(result.error);
    });
  }

  const without = host.withoutOwnKey.mode === "misconfigured" ? "nothing (misconfigured)" : FALLBACK[host.withoutOwnKey.keySource];
  return (
    <li data-testid="key-row" data-provider={host.id} data-has-key={host.key ? "true" : "false"} className="space-y-3 rounded-xl border border-zinc-800 bg-zinc-900/60 p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-base font-semibold">{host.name}</h2>
        <code className="font-mono text-xs text-zinc-500">{host.id}</code>
        <ModeBadge mode={host.now.mode} />
        <KeySourceBadge provider={{ ...host.now, userKeyLast4: host.key?.last4 ?? null }} testId="key-source" besideMode />
      </div>

      <p data-testid="key-status" className="text-sm text-zinc-300">
        {host.key ? (
          <>
            Your key <span className="font-mono">••••{host.key.last4}</span>
            <span className="text-zinc-500" title={host.key.updatedAt}>
              {" "}
              · updated {host.key.updatedAt.slice(0, 10)}
            </span>
            <span className="text-zinc-500"> · without it, runs would use {without}</span>
          </>
        ) : (
          <>
            No key of yours <span className="text-zinc-500">· runs use {host.now.mode === "misconfigured" ? "nothing (misconfigured)" : FALLBACK[host.now.keySource]}</span>
          </>
        )}
      </p>
      {host.now.problem ? (
        <p data-testid="key-problem" className="rounded-md border border-red-900 bg-red-950/40 p-2 text-xs text-red-200">
          {host.now.problem}
        </p>
      ) : null}

      <form onSubmit={save} className="flex flex-wrap items-center gap-2">
        <label htmlFor={inputId} className="sr-only">
          {host.key ? `New key for ${host.name}` : `Your key for ${host.name}`}
        </label>
        <input
          id={inputId}
          data-testid="key-input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={apiKey}
          onChange={(event) => setApiKey(event.target.value)}
          placeholder={host.key ? `Paste a new key to replace ••••${host.key.last4}` : `Paste your ${host.name} key`}
          aria-invalid={error ? "true" : undefined}
          className={`${inputClass} min-w-0 flex-1 font-mono`}
        />
        <Button type="submit" variant="primary" data-testid="key-save" disabled={pending || apiKey.trim() === ""}>
          {host.key ? "Replace" : "Save"}
        </Button>
        {host.key ? (
          <Button variant="danger" data-testid="key-delete" disabled={pending} onClick={remove}>
            Delete
          </Button>
        ) : null}
      </form>
      {error ? (
        <p data-testid="key-error" className="text-xs text-red-300">
          {error}
        </p>
      ) : null}
      {message ? (
        <p data-testid="key-message" role="status" className="text-xs text-emerald-300">
          {message}
        </p>
      ) : null}

      {host.key && host.hasBalance ? <KeyBalance key={host.key.updatedAt} provider={host.id} /> : null}
    </li>
  );
}
