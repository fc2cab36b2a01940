import type { PublicComparisonDto, PublicGenerationDto } from "@/lib/shares/types";
import { describeCost, formatDuration, formatUsd, modelName } from "@/components/gallery/format";
import { ParamTable } from "@/components/gallery/param-table";
import { cellKeys, distinctModels, isSingleModel } from "@/lib/compare/cells";

const seedOf = (cell: PublicGenerationDto) => (typeof cell.params.seed === "number" ? cell.params.seed : null);

function Cell({ cell, hostName }: { cell: PublicGenerationDto | undefined; hostName: string }) {
  const image = cell?.images[0];
  return (
    <figure data-testid="share-cell" data-provider={cell?.provider} data-status={cell?.status ?? "missing"} className="space-y-1 rounded-lg border border-zinc-800 bg-zinc-900/40 p-2">
      <div className="flex aspect-square items-center justify-center overflow-hidden rounded bg-black/40">
        {image ? (
          <a href={image.url}>
            <img data-testid="share-image" src={image.thumbUrl} width={image.width} height={image.height} alt={`${hostName}, seed ${image.seed ?? "–"}`} loading="lazy" className="max-h-full max-w-full object-contain" />
          </a>
        ) : (
          <span className="p-2 text-center text-xs text-zinc-500">{cell ? (cell.error?.message ?? cell.status) : "no cell"}</span>
        )}
      </div>
      {cell ? (
        <figcaption className="flex flex-wrap justify-between gap-x-2 text-[11px] text-zinc-400 tabular-nums">
          <span title="Host latency">{formatDuration(cell.timings.hostLatencyMs)}</span>
          <span>{describeCost(cell)}</span>
        </figcaption>
      ) : null}
    </figure>
  );
}

/** A shared comparison: the prompt and parameters, then the grid of seeds (rows) × hosts (columns), hosts always named. */
export function SharedComparison({ comparison: c, hostName }: { comparison: PublicComparisonDto; hostName: (id: string) => string }) {
  const prompt = typeof c.params.prompt === "string" ? c.params.prompt : "";
  const cellAt = (provider: string, model: string, seed: number) => c.cells.find((g) => g.provider === provider && g.model === model && seedOf(g) === seed);
  const single = isSingleModel(c.columns);
  const keys = cellKeys(c.columns);
  // A column names its host, and its model too when the comparison varies the model.
  const columnName = (column: PublicComparisonDto["columns"][number]) => (single ? hostName(column.provider) : `${hostName(column.provider)} · ${modelName(column.model)}`);
  return (
    <div data-testid="shared-comparison" className="space-y-5">
      <section className="space-y-3 rounded-xl border border-zinc-800 bg-zinc-900/30 p-4">
        <h1 className="text-base font-semibold">
          {distinctModels(c.columns).map(modelName).join(", ")}{" "}
          <span className="font-normal text-zinc-400">
            on {single ? `${c.providers.length} host${c.providers.length === 1 ? "" : "s"}` : `${c.columns.length} host × model cells`} × {c.seeds.length} seed{c.seeds.length === 1 ? "" : "s"}
          </span>
        </h1>
        {prompt ? (
          <p data-testid="share-prompt" dir="auto" className="text-sm leading-relaxed whitespace-pre-wrap text-zinc-100">
            {prompt}
          </p>
        ) : null}
        <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
          <div className="flex items-baseline gap-1.5">
            <dt className="text-xs text-zinc-500">Estimated</dt>
            <dd className="font-medium tabular-nums">{formatUsd(c.cost.estimatedUsd)}</dd>
          </div>
          <div className="flex items-baseline gap-1.5">
            <dt className="text-xs text-zinc-500">Billed</dt>
            <dd data-testid="share-cost" className="font-medium tabular-nums">{formatUsd(c.cost.billedUsd)}</dd>
          </div>
          <div className="flex items-baseline gap-1.5">
            <dt className="text-xs text-zinc-500">Wall time</dt>
            <dd className="font-medium tabular-nums">{formatDuration(c.wallMs)}</dd>
          </div>
        </dl>
        <details className="text-xs" open>
          <summary className="text-zinc-400">{single ? "Parameters sent to every host" : "Shared parameters (each model takes those it has; see each cell)"}</summary>
          <div data-testid="share-params" className="mt-2 max-w-xl">
            <ParamTable model={c.model} params={c.params} />
          </div>
        </details>
      </section>

      {/* Scrolls sideways on a phone: focusable, so a keyboard can scroll it too. */}
      <div tabIndex={0} role="region" aria-label="Images (scrolls sideways)" className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-amber-400">
        <table data-testid="share-grid" className="w-full min-w-max border-separate border-spacing-2">
          <caption className="sr-only">Images by seed (rows) and host (columns)</caption>
          <thead>
            <tr>
              <th scope="col" className="w-20 text-left text-xs font-normal text-zinc-500">Seed</th>
              {c.columns.map((column, i) => (
                <th key={keys[i]} scope="col" data-testid="share-grid-host" className="min-w-40 text-left text-sm font-medium text-zinc-200">
                  {columnName(column)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.seeds.map((seed) => (
              <tr key={seed}>
                <th scope="row" className="align-top font-mono text-xs font-normal text-zinc-400">{seed}</th>
                {c.columns.map((column, i) => (
                  <td key={keys[i]} className="w-64 align-top">
                    <Cell cell={cellAt(column.provider, column.model, seed)} hostName={columnName(column)} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
