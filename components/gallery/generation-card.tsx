"use client";

import dynamic from "next/dynamic";
import { outputSize, type ModelId } from "@/lib/models/catalog";
import { isTerminal, type GenerationDto } from "@/lib/jobs/types";
import { BADGE_LINE_CLASS, CARD_CLASS, FACTS_CLASS, MEDIA_CLASS, META_CLASS, metaStyle, MODEL_LINE_CLASS, PROMPT_CLASS } from "./card-frame";
import { CardInspector } from "./card-inspector";
import { describeCost, describeSeeds, formatDuration, modelName, quotePrompt } from "./format";
import { generationTargetKey, imageTargetKey } from "./gallery-targets";
import { EntryTile, ImageTile, type TileControls } from "./tile-controls";

/** Most cards of a history are finished: the live part (progress, clock, cancel, event stream) loads when one is not. */
const GenerationLiveStatus = dynamic(() => import("./generation-live-status").then((m) => m.GenerationLiveStatus), {
  ssr: false,
  loading: () => <div aria-hidden="true" className="h-1.5 rounded-full bg-zinc-800" />,
});

export const STATUS_STYLES: Record<GenerationDto["status"], string> = {
  queued: "bg-zinc-800 text-zinc-300",
  running: "bg-sky-950 text-sky-300",
  succeeded: "bg-emerald-950 text-emerald-300",
  failed: "bg-red-950 text-red-300",
  canceled: "bg-zinc-800 text-zinc-400",
};

/** 1 image fills the square, 2 side by side, 3-4 as 2×2: each letterboxed, never cropped. */
const batchGrid = (count: number) => (count <= 1 ? "grid-cols-1 grid-rows-1" : count === 2 ? "grid-cols-2 grid-rows-1" : "grid-cols-2 grid-rows-2");

function expectedSize(gen: GenerationDto): { width: number; height: number } | null {
  const first = gen.images[0];
  if (first) return { width: first.width, height: first.height };
  try {
    const size = outputSize(gen.model as ModelId, gen.params);
    return Number.isFinite(size.width) && Number.isFinite(size.height) ? size : null;
  } catch {
    return null;
  }
}

export function GenerationCard({
  generation: gen,
  hostName,
  controls,
  eager = false,
}: {
  eager?: boolean;
  generation: GenerationDto;
  hostName: string;
  controls: TileControls;
}) {
  const live = !isTerminal(gen.status);
  const size = expectedSize(gen);
  const prompt = typeof gen.params.prompt === "string" ? gen.params.prompt : "";
  const expected = typeof gen.params.num_images === "number" ? gen.params.num_images : 1;
  const slots = gen.images.length > 0 ? gen.images.length : live ? expected : 0;
  const alt = prompt ? `Generated: ${prompt.slice(0, 120)}` : "Generated image";
  // What a screen reader hears for the card and its buttons: which run this is, not "image 1 of 1".
  const name = `${prompt ? quotePrompt(prompt) : modelName(gen.model)} on ${hostName}`;

  return (
    <article
      data-testid="generation-card"
      data-status={gen.status}
      data-generation-id={gen.id}
      aria-label={`${name}: ${gen.status}`}
      className={CARD_CLASS}
    >
      <div className={MEDIA_CLASS}>
        {gen.images.length > 0 ? (
          <div className={`grid size-full gap-1.5 ${batchGrid(slots)}`}>
            {gen.images.map((image, i) => (
              <ImageTile
                key={image.id}
                image={image}
                targetKey={imageTargetKey(image.id)}
                label={gen.images.length > 1 ? `${name}, image ${i + 1} of ${gen.images.length}` : name}
                alt={alt}
                eager={eager}
                controls={controls}
              />
            ))}
          </div>
        ) : (
          <EntryTile targetKey={generationTargetKey(gen.id)} label={`this ${gen.status} run`} controls={controls} deletable={!live}>
            {({ tabIndex, targetProps }) => (
              <div
                {...targetProps}
                role="group"
                aria-label={live ? "Run in progress" : `Run ${gen.status}, no image`}
                className="size-full overflow-y-auto rounded-md bg-zinc-950/40 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-amber-400"
              >
                {live ? (
                  <div className={`grid size-full gap-1.5 ${batchGrid(slots)}`}>
                    {Array.from({ length: slots }, (_, i) => (
                      <div key={i} aria-hidden="true" className="animate-pulse rounded-md bg-zinc-800" />
                    ))}
                  </div>
                ) : (
                  <div className="space-y-2 p-2 pt-8">
                    {gen.error ? (
                      <p data-testid="generation-error" role="status" className="rounded-md border border-red-900 bg-red-950/40 p-2 text-xs text-red-200">
                        <code className="mr-1 rounded bg-red-900/60 px-1 py-0.5 font-mono">{gen.error.code}</code>
                        {gen.error.message}
                      </p>
                    ) : (
                      <p className="text-xs text-zinc-500">This run ended without an image.</p>
                    )}
                    <CardInspector generation={gen} hostName={hostName} tabIndex={tabIndex} />
                  </div>
                )}
              </div>
            )}
          </EntryTile>
        )}
        {live ? (
          <div className="absolute inset-x-0 bottom-0 rounded-b-md bg-zinc-950/85 p-2">
            <GenerationLiveStatus generation={gen} hostName={hostName} tabIndex={controls.activeKey === generationTargetKey(gen.id) ? 0 : -1} />
          </div>
        ) : null}
      </div>

      <div className={META_CLASS} style={metaStyle}>
        <div className={BADGE_LINE_CLASS}>
          <span className={`rounded px-1.5 py-0.5 font-medium capitalize ${STATUS_STYLES[gen.status]}`}>{gen.status}</span>
          {gen.sandbox ? (
            <span
              className="rounded bg-amber-950 px-1.5 py-0.5 font-semibold tracking-wide text-amber-300"
              title="Made by the local emulator: synthetic image, nothing billed"
            >
              SANDBOX
            </span>
          ) : null}
          {gen.attempts.length ? (
            <span
              data-testid="generation-failover"
              className="rounded bg-sky-950 px-1.5 py-0.5 text-sky-300"
              title={gen.attempts.map((a) => `${a.provider} failed (${a.error.code}): ${a.error.message}`).join("\n")}
            >
              after {gen.attempts.map((a) => a.provider).join(", ")}
            </span>
          ) : null}
        </div>

        <p data-testid="generation-model-host" className={MODEL_LINE_CLASS} title={`${modelName(gen.model)} on ${hostName}`}>
          <span className="text-zinc-300">{modelName(gen.model)}</span>
          <span data-testid="generation-host" className="text-zinc-400">
            on <span className="text-zinc-200">{hostName}</span>
          </span>
        </p>

        <p className={PROMPT_CLASS} title={prompt || undefined}>
          {prompt}
        </p>

        <dl className={FACTS_CLASS}>
          <dt className="text-zinc-500">Seed</dt>
          <dd className="font-mono text-zinc-300">{describeSeeds(gen)}</dd>
          <dt className="text-zinc-500">Size</dt>
          <dd className="tabular-nums text-zinc-300">{size ? `${size.width}×${size.height}` : "–"}</dd>
          <dt className="text-zinc-500">Host latency</dt>
          <dd className="tabular-nums text-zinc-300">{formatDuration(gen.timings.hostLatencyMs)}</dd>
          <dt className="text-zinc-500">Total</dt>
          <dd className="tabular-nums text-zinc-300">{formatDuration(gen.timings.totalMs)}</dd>
          <dt className="text-zinc-500">Cost</dt>
          <dd data-testid="generation-cost" className="tabular-nums text-zinc-300" title={describeCost(gen)}>
            {describeCost(gen)}
          </dd>
        </dl>

        {gen.warnings.length > 0 ? (
          // One line: the first warning, and how many more the detail view lists.
          <p data-testid="generation-warnings" className="truncate text-xs leading-4 text-amber-300/90" title={gen.warnings.join("\n")}>
            <span aria-hidden="true">⚠ </span>
            {gen.warnings[0]}
            {gen.warnings.length > 1 ? ` (+${gen.warnings.length - 1} more)` : null}
          </p>
        ) : null}
      </div>
    </article>
  );
}
