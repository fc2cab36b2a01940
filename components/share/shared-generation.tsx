import type { PublicGenerationDto } from "@/lib/shares/types";
import { describeCost, describeSeeds, formatDuration, formatTime, modelName } from "@/components/gallery/format";
import { ParamTable, ReferenceImage } from "@/components/gallery/param-table";
import { WarningList } from "@/components/gallery/warning-list";

const promptOf = (params: Record<string, unknown>) => (typeof params.prompt === "string" ? params.prompt : "");

/** One shared generation: its images, prompt, host, timings, cost and every parameter. */
export function SharedGeneration({ generation: g, hostName }: { generation: PublicGenerationDto; hostName: string }) {
  const prompt = promptOf(g.params);
  return (
    <div data-testid="shared-generation" className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_400px]">
      <section aria-label="Images" className="grid gap-3 sm:grid-cols-2 [&:has(>:only-child)]:grid-cols-1">
        {g.images.length === 0 ? <p className="text-sm text-zinc-400">No image ({g.status}{g.error ? `: ${g.error.message}` : ""}).</p> : null}
        {g.images.map((image) => (
          <a key={image.index} href={image.url} className="flex items-center justify-center rounded-lg bg-black/40 p-2">
            <img
              data-testid="share-image"
              src={image.url}
              width={image.width}
              height={image.height}
              alt={prompt ? `Generated: ${prompt.slice(0, 200)}` : "Generated image"}
              className="max-h-[80vh] w-auto max-w-full object-contain"
            />
          </a>
        ))}
      </section>
      <aside className="space-y-4">
        <h1 className="text-base font-semibold">
          {modelName(g.model)} <span className="font-normal text-zinc-400">on</span> <span data-testid="share-host">{hostName}</span>
          {g.sandbox ? <span className="ml-1.5 rounded bg-amber-950 px-1 text-xs font-semibold text-amber-300">SANDBOX</span> : null}
        </h1>
        {prompt ? (
          <p data-testid="share-prompt" dir="auto" className="text-sm leading-relaxed whitespace-pre-wrap text-zinc-200">
            {prompt}
          </p>
        ) : null}
        {g.editedFrom ? (
          <figure data-testid="share-edited-from" className="flex items-center gap-2 text-xs text-zinc-400">
            <ReferenceImage src={g.editedFrom.url} size="h-20" alt="The image this edit was made from" />
            <figcaption>Edited from this image</figcaption>
          </figure>
        ) : null}
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
          <dt className="text-zinc-500">Seed</dt>
          <dd className="font-mono">{describeSeeds(g)}</dd>
          <dt className="text-zinc-500">Created</dt>
          <dd suppressHydrationWarning>{formatTime(g.timings.createdAt)}</dd>
          <dt className="text-zinc-500">Host latency</dt>
          <dd data-testid="share-latency" className="tabular-nums">{formatDuration(g.timings.hostLatencyMs)}</dd>
          <dt className="text-zinc-500">Total</dt>
          <dd className="tabular-nums">{formatDuration(g.timings.totalMs)}</dd>
          <dt className="text-zinc-500">Cost</dt>
          <dd data-testid="share-cost" className="tabular-nums">{describeCost(g)}</dd>
        </dl>
        <WarningList warnings={g.warnings} testId="share-warnings" />
        <section aria-label="Parameters" data-testid="share-params">
          <h2 className="mb-1 text-xs font-semibold tracking-wide text-zinc-400 uppercase">Parameters</h2>
          <ParamTable model={g.model} params={g.params} notSent={g.notSent} />
        </section>
      </aside>
    </div>
  );
}
