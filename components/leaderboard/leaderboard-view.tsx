"use client";

import Link from "next/link";
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { MODELS, type ModelId } from "@/lib/models";
import type { LeaderboardDto, LeaderboardSource } from "@/lib/compare/types";
import { AppHeader } from "@/components/ui/app-header";
import { Button } from "@/components/ui/button";
import { selectClass } from "@/components/ui/input-styles";
import { fetchLeaderboard, leaderboardKey } from "@/components/compare/comparison-cache";
import { LeaderboardTable } from "./leaderboard-table";

/** Hosts of one model (or host × model pairs across models) ranked by blind votes, next to what the history measured of each. */
export function LeaderboardView({ model: initialModel, initial }: { model: ModelId; initial: LeaderboardDto }) {
  const [model, setModel] = useState<ModelId>(initialModel);
  const [across, setAcross] = useState(initial.scope === "all");
  const [source, setSource] = useState<LeaderboardSource>(initial.source);
  const board = across ? "all" : model;
  const query = useQuery({
    queryKey: leaderboardKey(board, source),
    queryFn: ({ signal }) => fetchLeaderboard(board, source, signal),
    initialData: board === initial.model && source === initial.source ? initial : undefined,
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const sandbox = source === "sandbox";

  // The address follows the choices, so a reload or a shared link shows the same table.
  const show = (next: { model?: ModelId; source?: LeaderboardSource; across?: boolean }) => {
    const m = next.model ?? model;
    const s = next.source ?? source;
    const a = next.across ?? across;
    setModel(m);
    setSource(s);
    setAcross(a);
    const shown = a ? "all" : m;
    window.history.replaceState(null, "", `?${new URLSearchParams(s === "sandbox" ? { model: shown, source: s } : { model: shown })}`);
  };

  return (
    <div className="min-h-screen">
      <AppHeader title="Leaderboard" current="leaderboard" />
      <main className="mx-auto max-w-[1400px] space-y-4 px-4 py-6">
        <div className="flex flex-wrap items-end gap-3">
          <ScopeToggle across={across} onChange={(next) => show({ across: next })} />
          <div className={`space-y-1 ${across ? "hidden" : ""}`}>
            <label htmlFor="leaderboard-model" className="text-sm font-medium text-zinc-200">
              Model
            </label>
            <select
              id="leaderboard-model"
              data-testid="leaderboard-model-select"
              value={model}
              onChange={(event) => show({ model: event.target.value as ModelId })}
              className={`${selectClass} w-auto`}
            >
              {MODELS.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <SourceToggle source={source} data={data} onChange={(next) => show({ source: next })} />
          <p data-testid="leaderboard-total-votes" className="text-sm text-zinc-400">
            {data ? `${data.totalVotes} blind ${sandbox ? "sandbox " : ""}vote${data.totalVotes === 1 ? "" : "s"}` : "Loading…"}
          </p>
          <Button size="sm" className="ml-auto" disabled={query.isFetching} onClick={() => void query.refetch()}>
            {query.isFetching ? "Refreshing…" : "Refresh"}
          </Button>
        </div>

        {sandbox ? (
          <p data-testid="leaderboard-sandbox-notice" className="max-w-4xl rounded-lg border border-amber-700/60 bg-amber-950/30 p-3 text-sm text-amber-200">
            Sandbox ratings: these votes compared the sandbox emulators, which draw the same picture for every host and answer after a set
            delay. They rate nothing about the real hosts; latency and failures below are the emulators&apos; too.
          </p>
        ) : null}

        <p data-testid="leaderboard-explained" className="max-w-4xl text-sm text-zinc-400">
          The rating is a Bradley–Terry fit of the pairwise outcomes of your blind votes (the chosen image beats every other in its row; a
          tie is a draw between all), on an Elo-like scale where 1500 is the average host and +400 means 10:1 odds; ± is a 95% interval.
          Hosts with equal ratings share a rank. Latency is the host&apos;s own time, from when it took the request to when it reported
          the images ready; latency, failures and cost come from every {sandbox ? "sandbox" : "live"} run of the model on each host.
          {across
            ? " Across models, each host × model pair is rated from every vote, comparisons across models included."
            : " A vote from a comparison across models counts here when its winner is of this model, or it was a tie, as a vote among this model's hosts."}
        </p>

        {query.isError && !data ? (
          <div role="alert" className="rounded-lg border border-red-900 bg-red-950/30 p-3 text-sm text-red-200">
            Could not load the leaderboard: {query.error.message}
          </div>
        ) : data ? (
          <>
            <LeaderboardTable hosts={data.hosts} sandbox={data.source === "sandbox"} across={data.scope === "all"} />
            {data.totalVotes === 0 ? (
              <p className="text-sm text-zinc-400">
                No {sandbox ? "sandbox" : "live"} votes yet {across ? "on any model" : "for this model"}.{" "}
                <Link href="/compare" className="text-amber-300/90 underline-offset-2 hover:underline">
                  Run a blind comparison
                </Link>{" "}
                {sandbox ? "on hosts in sandbox mode" : "on hosts with an API key"} and pick the best image of each row.
              </p>
            ) : null}
          </>
        ) : (
          <p className="text-sm text-zinc-400">Loading the leaderboard…</p>
        )}
      </main>
    </div>
  );
}

/** A row of buttons of which one is pressed: a board's scope, its votes' source. */
function Segmented<T extends string>({
  legend,
  testId,
  value,
  options,
  onChange,
}: {
  legend: string;
  testId: string;
  value: T;
  options: { value: T; label: string; count?: number; pressedClass?: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium text-zinc-200">{legend}</legend>
      <div className="flex rounded-md border border-zinc-700" data-testid={testId}>
        {options.map((o) => (
          <button
            key={o.value}
            type="button"
            aria-pressed={value === o.value}
            data-testid={`${testId}-${o.value}`}
            onClick={() => onChange(o.value)}
            className={`px-3 py-1.5 text-sm first:rounded-l-md last:rounded-r-md ${
              value === o.value ? (o.pressedClass ?? "bg-zinc-700 text-zinc-50") : "text-zinc-300 hover:bg-zinc-800"
            }`}
          >
            {o.label}
            {o.count !== undefined ? <span className="ml-1 text-xs opacity-80">({o.count})</span> : null}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * One model's hosts, or every host × model pair ranked together. On a model's board a vote across
 * models counts when its winner is of that model (or it was a tie), restricted to that model's cells.
 */
function ScopeToggle({ across, onChange }: { across: boolean; onChange: (across: boolean) => void }) {
  return (
    <Segmented
      legend="Board"
      testId="leaderboard-scope"
      value={across ? "all" : "model"}
      options={[
        { value: "model", label: "Per model" },
        { value: "all", label: "Across models" },
      ]}
      onChange={(value) => onChange(value === "all")}
    />
  );
}

/** Live votes by default; sandbox ratings one click away, always labelled as such. */
function SourceToggle({ source, data, onChange }: { source: LeaderboardSource; data: LeaderboardDto | undefined; onChange: (source: LeaderboardSource) => void }) {
  return (
    <Segmented
      legend="Votes"
      testId="leaderboard-source"
      value={source}
      options={[
        { value: "live", label: "Live hosts", count: data?.liveVotes },
        { value: "sandbox", label: "Sandbox", count: data?.sandboxVotes, pressedClass: "bg-amber-900/60 text-amber-100" },
      ]}
      onChange={onChange}
    />
  );
}
