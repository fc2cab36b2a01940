"use client";

import { useState } from "react";
import { createTokenAction, revokeTokenAction } from "@/app/(playground)/tokens/actions";
import type { ApiTokenDto, NewApiTokenDto } from "@/lib/auth/tokens";
import type { LimitsStatus } from "@/lib/limits/service";
import { AppHeader } from "@/components/ui/app-header";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { inputClass } from "@/components/ui/input-styles";
import { formatUtc } from "./format";
import { LimitsSummary } from "./limits-summary";

/** The Tokens page: make a token (its secret shown this once), see when each was last used, revoke. */
export function TokensView({ initial, limits, localMode }: { initial: ApiTokenDto[]; limits: LimitsStatus; localMode: boolean }) {
  const [tokens, setTokens] = useState(initial);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<NewApiTokenDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await createTokenAction({ name });
      if (!result.ok) return setError(result.error);
      setCreated(result.token);
      setName("");
      const { token: _secret, ...listed } = result.token;
      setTokens((list) => [{ ...listed, lastUsedAt: null }, ...list]);
    } catch {
      setError("Could not create the token: the server did not answer.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="min-h-screen">
      <AppHeader title="API tokens" />
      <main className="mx-auto max-w-3xl space-y-6 px-4 py-6">
        <LimitsSummary limits={limits} />

        <section aria-labelledby="new-token-title" className="space-y-3">
          <h2 id="new-token-title" className="text-sm font-semibold tracking-wide text-zinc-300 uppercase">
            New token
          </h2>
          <p className="text-sm text-zinc-400">
            Send it as <code className="text-zinc-200">Authorization: Bearer &lt;token&gt;</code> to <code className="text-zinc-200">/api/v1</code>. It acts as you
            (your history, your limits) but cannot make more tokens.
            {localMode ? " Local mode: the API needs no token; tokens take effect once team mode is on." : null}
          </p>
          <form
            className="flex gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              void create();
            }}
          >
            <label htmlFor="token-name" className="sr-only">
              Token name
            </label>
            <input
              id="token-name"
              data-testid="token-name"
              value={name}
              maxLength={100}
              placeholder="What it is for, e.g. CI"
              onChange={(event) => setName(event.target.value)}
              className={inputClass}
            />
            <Button type="submit" variant="primary" data-testid="create-token" className="shrink-0 whitespace-nowrap" disabled={busy || name.trim() === ""}>
              {busy ? "Creating…" : "Create token"}
            </Button>
          </form>
          {error ? (
            <p role="status" data-testid="token-error" className="text-sm text-red-300">
              {error}
            </p>
          ) : null}
          {created ? <NewToken token={created} onDone={() => setCreated(null)} /> : null}
        </section>

        <section aria-labelledby="tokens-title" className="space-y-3">
          <h2 id="tokens-title" className="text-sm font-semibold tracking-wide text-zinc-300 uppercase">
            Your tokens
          </h2>
          {tokens.length === 0 ? (
            <p data-testid="no-tokens" className="rounded-lg border border-dashed border-zinc-800 p-6 text-center text-sm text-zinc-500">
              No tokens yet.
            </p>
          ) : (
            <ul data-testid="token-list" className="divide-y divide-zinc-800 rounded-lg border border-zinc-800">
              {tokens.map((token) => (
                <TokenRow key={token.id} token={token} onRevoked={() => setTokens((list) => list.filter((t) => t.id !== token.id))} />
              ))}
            </ul>
          )}
        </section>
      </main>
    </div>
  );
}

function NewToken({ token, onDone }: { token: NewApiTokenDto; onDone: () => void }) {
  return (
    <div data-testid="new-token" className="space-y-2 rounded-lg border border-amber-400/40 bg-amber-400/5 p-3">
      <p className="text-sm text-amber-200">Copy “{token.name}” now: it is shown only this once (we keep only its hash).</p>
      <div className="flex items-center gap-2">
        <code data-testid="new-token-value" className="min-w-0 flex-1 truncate rounded bg-zinc-950 px-2 py-1 font-mono text-xs text-zinc-100 select-all">
          {token.token}
        </code>
        <CopyButton text={token.token} label="Copy" testId="copy-token" />
        <Button size="sm" variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}

function TokenRow({ token, onRevoked }: { token: ApiTokenDto; onRevoked: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoke = async () => {
    const result = await revokeTokenAction(token.id).catch(() => ({ ok: false, error: "the server did not answer" }));
    if (result.ok) onRevoked();
    else setError(`Could not revoke: ${result.error}`);
  };
  return (
    <li data-testid="token-row" className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm">
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium text-zinc-100">{token.name}</p>
        <p className="text-xs text-zinc-500">
          Created {formatUtc(token.createdAt)} · last used {formatUtc(token.lastUsedAt)}
        </p>
        {error ? <p className="text-xs text-red-300">{error}</p> : null}
      </div>
      {confirming ? (
        <>
          <Button size="sm" variant="danger" data-testid="confirm-revoke" onClick={() => void revoke()}>
            Revoke now
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
            Keep
          </Button>
        </>
      ) : (
        <Button size="sm" data-testid="revoke-token" onClick={() => setConfirming(true)}>
          Revoke
        </Button>
      )}
    </li>
  );
}
