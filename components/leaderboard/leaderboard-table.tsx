import type { LeaderboardHost } from "@/lib/compare/types";
import { modelName } from "@/lib/models/catalog";
import { formatDuration, formatUsd } from "@/components/gallery/format";

const num = (v: number | null, digits = 0) => (v === null ? "–" : v.toFixed(digits));
const percent = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(v > 0 && v < 0.1 ? 1 : 0)}%`);

function Rating({ host }: { host: LeaderboardHost }) {
  if (host.rating === null) return <span className="text-zinc-400">no votes</span>;
  const spread = host.low !== null && host.high !== null ? (host.high - host.low) / 2 : null;
  return (
    <span className="whitespace-nowrap">
      <span data-testid="leaderboard-rating" className="font-semibold text-zinc-100">
        {Math.round(host.rating)}
      </span>
      {spread !== null && spread > 0 ? (
        <>
          <span className="text-zinc-400"> ± {Math.round(spread)}</span>
          <span className="block text-[11px] text-zinc-400">
            {Math.round(host.low!)}–{Math.round(host.high!)}
          </span>
        </>
      ) : null}
    </span>
  );
}

const th = "px-2 py-1.5 text-left font-medium text-zinc-400";
const td = "px-2 py-1.5 tabular-nums text-zinc-300";

/** Hosts in the server's order: rated ones by rating, the rest by name; sandbox ratings say so. */
export function LeaderboardTable({ hosts, sandbox, across = false }: { hosts: LeaderboardHost[]; sandbox: boolean; across?: boolean }) {
  return (
    // Scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
    <div tabIndex={0} role="region" aria-label="Leaderboard (scrolls sideways)" className={`overflow-x-auto rounded-lg border ${sandbox ? "border-amber-700/60" : "border-zinc-800"} focus-visible:outline-2 focus-visible:outline-amber-400`}>
      <table data-testid="leaderboard-table" data-source={sandbox ? "sandbox" : "live"} className="w-full min-w-[56rem] text-sm">
        <caption className="sr-only">{sandbox ? "Sandbox emulators ranked by rating from blind votes (not the real hosts)" : "Live hosts ranked by rating from blind votes"}</caption>
        <thead className="border-b border-zinc-800 bg-zinc-900/60 text-xs">
          <tr>
            <th scope="col" className={th}>#</th>
            <th scope="col" className={th}>{across ? "Host · model" : "Host"}</th>
            <th scope="col" className={th} title="Bradley–Terry, 95% interval">Rating</th>
            <th scope="col" className={th} title="Wins / losses / draws">Votes (W/L/D)</th>
            <th scope="col" className={th} title="Sequential Elo, for reference">Elo</th>
            <th scope="col" className={th}>Runs</th>
            <th scope="col" className={th} title="Failed / (succeeded + failed)">Failures</th>
            <th scope="col" className={th} title="Host latency of succeeded runs: from when the host took the request to the images ready">Latency median</th>
            <th scope="col" className={th}>p95</th>
            <th scope="col" className={th} title="Billed where known, else the estimate">Cost / image</th>
          </tr>
        </thead>
        <tbody>
          {hosts.map((host) => (
            <tr key={host.key} data-testid="leaderboard-row" data-provider={host.provider} data-model={host.model} className="border-b border-zinc-800/70 last:border-0">
              <td data-testid="leaderboard-rank" className={`${td} text-zinc-400`}>{host.rank ?? "–"}</td>
              <th scope="row" className="px-2 py-1.5 text-left font-medium text-zinc-100">
                {host.name}
                {across ? <span className="block text-xs font-normal text-zinc-400">{modelName(host.model)}</span> : null}
                {sandbox ? (
                  <span data-testid="leaderboard-sandbox-badge" className="ml-2 rounded bg-amber-900/60 px-1.5 py-0.5 text-[11px] font-normal text-amber-200">
                    sandbox
                  </span>
                ) : null}
              </th>
              <td className={td}>
                <Rating host={host} />
              </td>
              <td className={td}>
                <span data-testid="leaderboard-votes">{host.votes}</span>
                <span className="text-zinc-400">
                  {" "}
                  ({host.wins}/{host.losses}/{host.draws})
                </span>
              </td>
              <td className={td}>{num(host.elo)}</td>
              <td className={td}>{host.runs}</td>
              <td className={`${td} ${host.failureRate ? "text-red-300" : ""}`}>{percent(host.failureRate)}</td>
              <td className={td}>{formatDuration(host.latencyMedianMs)}</td>
              <td className={td}>{formatDuration(host.latencyP95Ms)}</td>
              <td className={td}>{host.meanCostPerImageUsd === null ? "–" : formatUsd(host.meanCostPerImageUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
