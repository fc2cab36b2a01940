"use client";

import { outputSize, type CanonicalParams, type ModelId } from "@/lib/models";
import { isTerminal, type GenerationDto } from "@/lib/jobs/types";
import { CardInspector } from "./card-inspector";
import { describeCost, describeSeeds, formatDuration, modelName } from "./format";
import { GenerationLiveStatus } from "./generation-live-status";
import { WarningList } from "./warning-list";

export const STATUS_STYLES: Record<GenerationDto["status"], string> = {
  queued: "bg-zinc-800 text-zinc-300",
  running: "bg-sky-950 text-sky-300",
  succeeded: "bg-emerald-950 text-emerald-300",
  failed: "bg-red-950 text-red-300",
  canceled: "bg-zinc-800 text-zinc-400",
};

function expectedSize(gen: GenerationDto): { width: number; height: number } | null {
  const first = gen.images[0];
  if (first) return { width: first.width, height: first.height };
  try {
    const size = outputSize(gen.model as ModelId, gen.params as unknown as CanonicalParams);
    return Number.isFinite(size.width) && Number.isFinite(size.height) ? size : null;
  } catch {
    return null;
  }
}

export function GenerationCard({
  generation: gen,
  hostName,
  onOpenImage,
  eager = false,
}: {
  eager?: boolean;
  generation: GenerationDto;
  hostName: string;
  onOpenImage: (imageId: string) => void;
}) {
  const live = !isTerminal(gen.status);
  const size = expectedSize(gen);
  const prompt = typeof gen.params.prompt === "string" ? gen.params.prompt : "";
  const expected = typeof gen.params.num_images === "number" ? gen.params.num_images : 1;
  const slots = gen.images.length > 0 ? gen.images.length : live ? expected : 0;
  const gridCols = slots > 1 ? "grid-cols-2" : "grid-cols-1";

  return (
    <article
      data-testid="generation-card"
      data-status={gen.status}
      data-generation-id={gen.id}
      aria-label={`${modelName(gen.model)} on ${hostName}: ${gen.status}`}
      className="flex flex-col gap-3 rounded-xl border border-zinc-800 bg-zinc-900/60 p-3"
    >
      {slots > 0 ? (
        <div className={`grid gap-1.5 ${gridCols}`}>
          {gen.images.length > 0
            ? gen.images.map((image, i) => (
                <button
                  key={image.id}
                  type="button"
                  onClick={() => onOpenImage(image.id)}
                  aria-label={`Open image ${i + 1} of ${gen.images.length}`}
                  className="overflow-hidden rounded-md bg-zinc-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-400"
                >
                  <img
                    data-testid="generation-image"
                    src={image.thumbUrl}
                    width={image.width}
                    height={image.height}
                    loading={eager ? "eager" : "lazy"}
                    decoding="async"
                    alt={prompt ? `Generated: ${prompt.slice(0, 120)}` : "Generated image"}
                    className="h-auto w-full transition-transform hover:scale-[1.02]"
                  />
                </button>
              ))
            : Array.from({ length: slots }, (_, i) => (
                <div
                  key={i}
                  aria-hidden="true"
                  className="animate-pulse rounded-md bg-zinc-800"
                  style={{ aspectRatio: size ? `${size.width} / ${size.height}` : "1 / 1" }}
                />
              ))}
        </div>
      ) : null}

      {live ? <GenerationLiveStatus generation={gen} /> : null}

      <div className="flex flex-wrap items-center gap-1.5 text-xs">
        <span className={`rounded px-1.5 py-0.5 font-medium capitalize ${STATUS_STYLES[gen.status]}`}>{gen.status}</span>
        {gen.sandbox ? (
          <span
            className="rounded bg-amber-950 px-1.5 py-0.5 font-semibold tracking-wide text-amber-300"
            title="Made by the local emulator: synthetic image, nothing billed"
          >
            SANDBOX
          </span>
        ) : null}
        <span className="text-zinc-300">{modelName(gen.model)}</span>
        <span className="text-zinc-500">on</span>
        <span className="text-zinc-300">{hostName}</span>
      </div>

      {prompt ? <p className="line-clamp-2 text-sm text-zinc-200" title={prompt}>{prompt}</p> : null}

      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
        <dt className="text-zinc-500">Seed</dt>
        <dd className="font-mono text-zinc-300">{describeSeeds(gen)}</dd>
        <dt className="text-zinc-500">Size</dt>
        <dd className="tabular-nums text-zinc-300">{size ? `${size.width}×${size.height}` : "–"}</dd>
        <dt className="text-zinc-500">Host latency</dt>
        <dd className="tabular-nums text-zinc-300">{formatDuration(gen.timings.hostLatencyMs)}</dd>
        <dt className="text-zinc-500">Total</dt>
        <dd className="tabular-nums text-zinc-300">{formatDuration(gen.timings.totalMs)}</dd>
        <dt className="text-zinc-500">Cost</dt>
        <dd data-testid="generation-cost" className="tabular-nums text-zinc-300">
          {describeCost(gen)}
        </dd>
      </dl>

      <WarningList warnings={gen.warnings} testId="generation-warnings" compact />

      {gen.error ? (
        <p data-testid="generation-error" role="status" className="rounded-md border border-red-900 bg-red-950/40 p-2 text-xs text-red-200">
          <code className="mr-1 rounded bg-red-900/60 px-1 py-0.5 font-mono">{gen.error.code}</code>
          {gen.error.message}
        </p>
      ) : null}

      {!live && gen.images.length === 0 ? <CardInspector generation={gen} hostName={hostName} /> : null}
    </article>
  );
}
