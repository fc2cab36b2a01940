"use client";

import Link from "next/link";
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { MODELS, type ModelId } from "@/lib/models";
import type { LeaderboardDto } from "@/lib/compare/types";
import { AppHeader } from "@/components/ui/app-header";
import { Button } from "@/components/ui/button";
import { selectClass } from "@/components/ui/input-styles";
import { fetchLeaderboard, leaderboardKey } from "@/components/compare/comparison-cache";
import { LeaderboardTable } from "./leaderboard-table";

/** Hosts of one model ranked by blind votes, next to what the history measured of each. */
export function LeaderboardView({ model: initialModel, initial }: { model: ModelId; initial: LeaderboardDto }) {
  const [model, setModel] = useState<ModelId>(initialModel);
  const query = useQuery({
    queryKey: leaderboardKey(model),
    queryFn: ({ signal }) => fetchLeaderboard(model, signal),
    initialData: model === initial.model ? initial : undefined,
    placeholderData: keepPreviousData,
  });
  const data = query.data;

  const pick = (next: ModelId) => {
    setModel(next);
    // The address follows the choice, so a reload or a shared link shows the same model.
    window.history.replaceState(null, "", `?${new URLSearchParams({ model: next })}`);
  };

  return (
    <div className="min-h-screen">
      <AppHeader title="Leaderboard" current="leaderboard" />
      <main className="mx-auto max-w-[1400px] space-y-4 px-4 py-6">
        <div className="flex flex-wrap items-end gap-3">
          <div className="space-y-1">
            <label htmlFor="leaderboard-model" className="text-sm font-medium text-zinc-200">
              Model
            </label>
            <select
              id="leaderboard-model"
              data-testid="leaderboard-model-select"
              value={model}
              onChange={(event) => pick(event.target.value as ModelId)}
              className={`${selectClass} w-auto`}
            >
              {MODELS.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <p data-testid="leaderboard-total-votes" className="text-sm text-zinc-400">
            {data ? `${data.totalVotes} blind vote${data.totalVotes === 1 ? "" : "s"}` : "Loading…"}
          </p>
          <Button size="sm" className="ml-auto" disabled={query.isFetching} onClick={() => void query.refetch()}>
            {query.isFetching ? "Refreshing…" : "Refresh"}
          </Button>
        </div>

        <p data-testid="leaderboard-explained" className="max-w-4xl text-sm text-zinc-400">
          The rating is a Bradley–Terry fit of the pairwise outcomes of your blind votes (the chosen image beats every other in its row; a
          tie is a draw between all), on an Elo-like scale where 1500 is the average host and +400 means 10:1 odds; ± is a 95% interval.
          Latency, failures and cost come from every run of the model on each host.
        </p>

        {query.isError && !data ? (
          <div role="alert" className="rounded-lg border border-red-900 bg-red-950/30 p-3 text-sm text-red-200">
            Could not load the leaderboard: {query.error.message}
          </div>
        ) : data ? (
          <>
            <LeaderboardTable hosts={data.hosts} />
            {data.totalVotes === 0 ? (
              <p className="text-sm text-zinc-500">
                No votes yet for this model.{" "}
                <Link href="/compare" className="text-amber-300/90 underline-offset-2 hover:underline">
                  Run a blind comparison
                </Link>{" "}
                and pick the best image of each row.
              </p>
            ) : null}
          </>
        ) : (
          <p className="text-sm text-zinc-500">Loading the leaderboard…</p>
        )}
      </main>
    </div>
  );
}
