"use client";

import type { GenerationDto, ImageDto, LineageLink } from "@/lib/jobs/types";
import { modelName } from "./format";

/**
 * An edit chain around one image (FLUX.1 Kontext): "Edited from" its run's parent and "Edits" made
 * of this image, each a button that opens that image, so the chain can be walked both ways.
 */
export function LineageLinks({ generation: gen, image, onOpen }: { generation: GenerationDto; image: ImageDto; onOpen: (imageId: string) => void }) {
  const edits = gen.children.filter((child) => child.fromImageId === image.id);
  if (!gen.parent && edits.length === 0) return null;
  return (
    <section aria-label="Edit lineage" data-testid="detail-lineage" className="space-y-2">
      {gen.parent ? (
        <div>
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-zinc-400 uppercase">Edited from</h3>
          <LinkButton link={gen.parent} testId="lineage-parent" onOpen={onOpen} />
        </div>
      ) : null}
      {edits.length > 0 ? (
        <div>
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-zinc-400 uppercase">Edits ({edits.length})</h3>
          <ul className="space-y-1">
            {edits.map((child) => (
              <li key={child.generationId}>
                <LinkButton link={child} testId="lineage-child" onOpen={onOpen} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function LinkButton({ link, testId, onOpen }: { link: LineageLink; testId: string; onOpen: (imageId: string) => void }) {
  const text = link.prompt || modelName(link.model);
  const { imageId } = link;
  return (
    <button
      type="button"
      data-testid={testId}
      data-generation-id={link.generationId}
      data-image-id={imageId ?? undefined}
      disabled={!imageId}
      onClick={() => imageId && onOpen(imageId)}
      aria-label={imageId ? `Open “${text}”` : `“${text}” (no image)`}
      className="flex w-full items-center gap-2 rounded-md border border-zinc-800 bg-zinc-900/60 p-1.5 text-left text-xs hover:bg-zinc-800 focus-visible:outline-2 focus-visible:outline-amber-400 disabled:cursor-default disabled:opacity-60"
    >
      {link.thumbUrl ? (
        <img src={link.thumbUrl} alt="" className="size-10 shrink-0 rounded object-cover" />
      ) : (
        <span aria-hidden="true" className="size-10 shrink-0 rounded bg-zinc-800" />
      )}
      <span className="min-w-0">
        <span className="block truncate text-zinc-200">{text}</span>
        <span className="block truncate text-zinc-500">
          {modelName(link.model)}
          {imageId ? "" : " · no image"}
        </span>
      </span>
    </button>
  );
}
