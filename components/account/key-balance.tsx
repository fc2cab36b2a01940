"use client";

import { useCallback, useEffect, useState, useTransition } from "react";
import { keyBalanceAction } from "@/app/(playground)/keys/actions";
import type { KeyBalance as Balance } from "@/lib/keys/balance";
import { formatUsd } from "@/components/gallery/format";
import { Button } from "@/components/ui/button";

const credits = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** The host's own answer for the user's key, asked when shown and on demand. */
export function KeyBalance({ provider }: { provider: string }) {
  const [state, setState] = useState<{ balance: Balance } | { error: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const check = useCallback(() => {
    startTransition(async () => {
      const result = await keyBalanceAction({ provider });
      setState(result.ok ? { balance: result.balance } : { error: result.error });
    });
  }, [provider]);

  useEffect(check, [check]);

  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-zinc-400">Balance:</span>
      {state === null || (pending && !("balance" in state)) ? (
        <span className="text-zinc-500">Checking…</span>
      ) : "balance" in state ? (
        <span data-testid="key-balance" className="font-medium text-zinc-100 tabular-nums" title={`Checked ${state.balance.checkedAt}`}>
          {formatUsd(state.balance.usd)}
          {state.balance.credits !== null ? <span className="text-zinc-400"> ({credits.format(state.balance.credits)} credits)</span> : null}
        </span>
      ) : (
        <span data-testid="key-balance-error" className="text-xs text-red-300">
          {state.error}
        </span>
      )}
      <Button size="sm" variant="ghost" data-testid="key-balance-refresh" disabled={pending} onClick={check}>
        {pending ? "Checking…" : "Refresh"}
      </Button>
    </div>
  );
}
