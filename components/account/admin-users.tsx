"use client";

import { useState } from "react";
import { setUserLimitsAction } from "@/app/(playground)/admin/actions";
import type { AdminUserDto } from "@/lib/limits/admin";
import { formatUsd, type Limits } from "@/lib/limits/rules";
import { AppHeader } from "@/components/ui/app-header";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/input-styles";
import { formatUtc } from "./format";

const describe = (limits: Limits) =>
  `${limits.dailyBudgetUsd === null ? "no budget" : `${formatUsd(limits.dailyBudgetUsd)}/day`} · ${limits.rateLimitPerMinute === null ? "no rate limit" : `${limits.rateLimitPerMinute}/min`}`;

/** The admin page: every user's overrides (empty = the server's default), what applies, and today's use. */
export function AdminUsers({ initial, defaults }: { initial: AdminUserDto[]; defaults: Limits }) {
  const [users, setUsers] = useState(initial);
  return (
    <div className="min-h-screen">
      <AppHeader title="Users and limits" />
      <main className="mx-auto max-w-[1400px] space-y-4 px-4 py-6">
        <p className="max-w-3xl text-sm text-zinc-400">
          Server defaults (USER_DAILY_BUDGET_USD, USER_RATE_LIMIT_PER_MINUTE): <span data-testid="limit-defaults" className="text-zinc-200">{describe(defaults)}</span>. The budget
          counts the estimated cost of live runs started per UTC day; the rate limit counts every run started (sandbox too, each cell of a comparison) in the last 60 s. Leave a
          field empty for the default; 0 forbids live runs (budget) or all runs (rate).
        </p>
        <div className="overflow-x-auto rounded-lg border border-zinc-800">
          <table data-testid="admin-users" className="w-full text-left text-sm">
            <thead className="bg-zinc-900 text-xs text-zinc-400">
              <tr>
                <th className="px-3 py-2 font-medium">User</th>
                <th className="px-3 py-2 font-medium">Today (UTC)</th>
                <th className="px-3 py-2 font-medium">Applies</th>
                <th className="px-3 py-2 font-medium">Budget $/day</th>
                <th className="px-3 py-2 font-medium">Runs/min</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-800">
              {users.map((user) => (
                <UserRow key={user.id} user={user} onSaved={(next) => setUsers((list) => list.map((u) => (u.id === next.id ? next : u)))} />
              ))}
            </tbody>
          </table>
        </div>
      </main>
    </div>
  );
}

const toText = (value: number | null) => (value === null ? "" : String(value));

/** Empty is null (the default); anything else must be a number, checked again by the server. */
function parseField(text: string): number | null {
  return text.trim() === "" ? null : Number(text);
}

function UserRow({ user, onSaved }: { user: AdminUserDto; onSaved: (user: AdminUserDto) => void }) {
  const [budget, setBudget] = useState(toText(user.limits.dailyBudgetUsd));
  const [rate, setRate] = useState(toText(user.limits.rateLimitPerMinute));
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const result = await setUserLimitsAction(user.id, { dailyBudgetUsd: parseField(budget), rateLimitPerMinute: parseField(rate) });
      if (result.ok) {
        onSaved(result.user);
        setStatus({ error: false, text: "Saved" });
      } else {
        setStatus({ error: true, text: result.error });
      }
    } catch {
      setStatus({ error: true, text: "The server did not answer" });
    } finally {
      setBusy(false);
    }
  };

  const field = (testId: string, label: string, value: string, set: (v: string) => void, step: string) => (
    <>
      <label htmlFor={`${testId}-${user.id}`} className="sr-only">
        {label}
      </label>
      <div className="w-28">
        <input id={`${testId}-${user.id}`} data-testid={testId} type="number" min={0} step={step} value={value} placeholder="default" onChange={(e) => set(e.target.value)} className={inputClass} />
      </div>
    </>
  );

  return (
    <tr data-testid="admin-user-row" data-user-id={user.id}>
      <td className="px-3 py-2">
        <p className="font-medium text-zinc-100">{user.name ?? user.email ?? user.id}</p>
        <p className="text-xs text-zinc-500">
          {user.email ?? "no e-mail"} · since {formatUtc(user.createdAt)}
        </p>
      </td>
      <td className="px-3 py-2 tabular-nums text-zinc-300" data-testid="user-today">
        {formatUsd(user.today.liveUsd)} live · {user.today.runs} run{user.today.runs === 1 ? "" : "s"}
      </td>
      <td className="px-3 py-2 text-zinc-300" data-testid="user-effective">
        {describe(user.effective)}
      </td>
      <td className="px-3 py-2">{field("budget", `Daily budget of ${user.email ?? user.id} in dollars`, budget, setBudget, "0.01")}</td>
      <td className="px-3 py-2">{field("rate", `Runs per minute of ${user.email ?? user.id}`, rate, setRate, "1")}</td>
      <td className="px-3 py-2">
        <div className="flex items-center gap-2">
          <Button size="sm" data-testid="save-limits" disabled={busy} onClick={() => void save()}>
            {busy ? "Saving…" : "Save"}
          </Button>
          {status ? (
            <span role="status" className={`text-xs ${status.error ? "text-red-300" : "text-emerald-300"}`}>
              {status.text}
            </span>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
