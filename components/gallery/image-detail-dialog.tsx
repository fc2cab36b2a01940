"use client";

import { useRef, type ReactNode } from "react";
import type { GenerationDto, ImageDto } from "@/lib/jobs/types";
import type { ProviderInfo } from "@/lib/providers/registry";
import { Button, buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ShareControl } from "@/components/share/share-control";
import { ChevronLeftIcon, ChevronRightIcon, CloseIcon, DownloadIcon, PencilIcon, TrashIcon } from "@/components/ui/icons";
import { useModalDialog } from "@/components/ui/use-modal-dialog";
import { FavoriteToggle } from "./favorite-toggle";
import { seedOf, type ImageEntry } from "./image-entry";
import { describeCost, formatBytes, formatDuration, formatTime, modelName } from "./format";
import { commandOf, isTyping } from "./gallery-keys";
import { InspectorPanel } from "./inspector-panel";
import { LineageLinks } from "./lineage-links";
import { isStoredImage, ParamTable, ReferenceImage } from "./param-table";
import { RerunMenu } from "./rerun-menu";
import { useWindowKeys } from "./use-window-keys";
import { WarningList } from "./warning-list";


const downloadUrl = (url: string) => `${url}${url.includes("?") ? "&" : "?"}download=1`;

export function ImageDetailDialog({
  entry,
  position,
  total,
  hostName,
  providers,
  toast,
  onPrevious,
  onNext,
  onClose,
  onReuse,
  onEdit,
  onOpenLinked,
  onToggleFavorite,
  onDelete,
  onCopySeed,
}: {
  entry: ImageEntry;
  position: number;
  total: number;
  hostName: string;
  /** Every host: the re-run menu offers the others. */
  providers: ProviderInfo[];
  /** The gallery's toast: inside the modal, else the page under it (inert) would hold it. */
  toast: ReactNode;
  onPrevious: (() => void) | null;
  onNext: (() => void) | null;
  onClose: () => void;
  onReuse: (generation: GenerationDto, image: ImageDto) => void;
  /** "Edit with Kontext" (null where no host can edit). */
  onEdit: ((image: ImageDto) => void) | null;
  /** Opens another image of the history: an edit's parent or child. */
  onOpenLinked: (imageId: string) => void;
  onToggleFavorite: () => void;
  onDelete: () => void;
  onCopySeed: () => void;
}) {
  // The dialog opens on its image (screen readers read the prompt), not on its first button.
  const imageRef = useRef<HTMLImageElement>(null);
  const { ref, requestClose } = useModalDialog(onClose, imageRef);
  const { generation: gen, image } = entry;
  const prompt = typeof gen.params.prompt === "string" ? gen.params.prompt : "";
  const seed = seedOf(entry);
  const titleId = `detail-title-${image.id}`;
  // One image and nothing more to load: no arrows, no "1 of 1".
  const paged = total > 1 || Boolean(onNext) || Boolean(onPrevious);

  useWindowKeys((event) => {
    // Keys in this view, or fallen to the body; not those of a dialog over it (the shortcuts).
    const target = event.target instanceof Node ? event.target : null;
    if (!target || !(ref.current?.contains(target) || target === document.body)) return false;
    const command = commandOf(event, isTyping(event.target));
    // Arrows scroll a focused snippet or body (inspector) instead of changing the image.
    if ((command === "previous" || command === "next") && event.target instanceof Element && event.target.closest("pre")) return false;
    if (command === "previous" && onPrevious) onPrevious();
    else if (command === "next" && onNext) onNext();
    else if (command === "favorite") onToggleFavorite();
    else if (command === "reuse") onReuse(gen, image);
    else if (command === "copySeed") onCopySeed();
    else if (command === "delete") onDelete();
    // Enter, Space and the rest keep their usual meaning (the focused button, Esc closes).
    else return false;
    return true;
  });

  return (
    <dialog
      ref={ref}
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      data-testid="image-detail"
      onClose={onClose}
      onClick={(event) => {
        if (event.target === event.currentTarget) requestClose();
      }}
      className="m-auto h-[min(92vh,960px)] w-[min(96vw,1400px)] max-w-none overflow-hidden rounded-xl border border-zinc-800 bg-zinc-950 p-0 text-zinc-100 backdrop:bg-black/80"
    >
      <div className="grid h-full grid-rows-[minmax(0,1fr)_minmax(0,45%)] md:grid-cols-[minmax(0,1fr)_360px] md:grid-rows-1 xl:grid-cols-[minmax(0,1fr)_440px]">
        <div className="relative flex min-h-0 items-center justify-center bg-black/40 p-3">
          <img
            key={image.id}
            ref={imageRef}
            tabIndex={-1}
            data-testid="detail-image"
            src={image.url}
            width={image.width}
            height={image.height}
            alt={prompt ? `Generated: ${prompt.slice(0, 200)}` : "Generated image"}
            className="max-h-full max-w-full object-contain focus-visible:outline-2 focus-visible:outline-amber-400"
          />
          {paged ? (
            <>
              <Button aria-label="Previous image (←)" variant="ghost" data-testid="detail-previous" className="absolute left-2 top-1/2 -translate-y-1/2 bg-zinc-950/60" disabled={!onPrevious} onClick={() => onPrevious?.()}>
                <ChevronLeftIcon />
              </Button>
              <Button aria-label="Next image (→)" variant="ghost" data-testid="detail-next" className="absolute right-2 top-1/2 -translate-y-1/2 bg-zinc-950/60" disabled={!onNext} onClick={() => onNext?.()}>
                <ChevronRightIcon />
              </Button>
            </>
          ) : null}
        </div>

        <aside className="flex min-h-0 flex-col gap-4 overflow-y-auto border-t border-zinc-800 p-4 md:border-t-0 md:border-l">
          <div className="flex items-start justify-between gap-2">
            <div>
              <h2 id={titleId} className="text-base font-semibold">
                {modelName(gen.model)} <span className="font-normal text-zinc-400">on {hostName}</span>
              </h2>
              <p data-testid="detail-position" className="text-xs text-zinc-400">
                {[gen.images.length > 1 ? `Image ${image.index + 1} of ${gen.images.length}` : null, paged ? `${position} / ${total} loaded` : null].filter(Boolean).join(" · ")}
                {gen.sandbox ? <span className="ml-1.5 rounded bg-amber-950 px-1 font-semibold text-amber-300">SANDBOX</span> : null}
              </p>
            </div>
            <Button aria-label="Close" variant="ghost" data-testid="detail-close" onClick={requestClose}>
              <CloseIcon />
            </Button>
          </div>

          <div className="flex flex-wrap gap-2">
            <FavoriteToggle favorite={image.favorite} onToggle={onToggleFavorite} labelled />
            <Button variant="primary" size="sm" data-testid="detail-reuse" title="Reuse settings (R)" onClick={() => onReuse(gen, image)}>
              Reuse settings
            </Button>
            {onEdit ? (
              <Button size="sm" data-testid="detail-edit" title="Open the form with this image as the input of an edit" onClick={() => onEdit(image)}>
                <PencilIcon width={14} height={14} /> Edit with Kontext
              </Button>
            ) : null}
            <a href={downloadUrl(image.url)} download data-testid="detail-download" className={buttonClass("secondary", "sm")}>
              <DownloadIcon width={14} height={14} /> Download original
            </a>
            <CopyButton text={seed === null ? "" : String(seed)} label="Copy seed" disabled={seed === null} testId="detail-copy-seed" />
            <CopyButton text={prompt} label="Copy prompt" disabled={!prompt} testId="detail-copy-prompt" />
            <Button size="sm" variant="danger" data-testid="detail-delete" title="Delete (Delete key), with undo" onClick={onDelete}>
              <TrashIcon width={14} height={14} /> Delete
            </Button>
          </div>

          <RerunMenu key={`rerun:${image.id}`} generation={gen} image={image} providers={providers} />

          <ShareControl key={`share:${gen.id}`} target={{ generationId: gen.id }} testId="detail-share" />

          {prompt ? <p className="text-sm leading-relaxed whitespace-pre-wrap text-zinc-200">{prompt}</p> : null}
          {isStoredImage(gen.params.image_prompt) ? (
            <figure data-testid="detail-image-prompt" className="flex items-center gap-2 text-xs text-zinc-400">
              <ReferenceImage src={gen.params.image_prompt} size="h-24" />
              <figcaption>Image prompt{gen.notSent.includes("image_prompt") ? " (not sent to this host)" : ""}</figcaption>
            </figure>
          ) : null}
          {isStoredImage(gen.params.input_image) ? (
            <figure data-testid="detail-input-image" className="flex items-center gap-2 text-xs text-zinc-400">
              <ReferenceImage src={gen.params.input_image} size="h-24" alt="Input image (the image edited)" />
              <figcaption>Input image</figcaption>
            </figure>
          ) : null}

          <LineageLinks key={`lineage:${image.id}`} generation={gen} image={image} onOpen={onOpenLinked} />

          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
            <dt className="text-zinc-500">Seed</dt>
            <dd className="font-mono">{seed ?? "–"}</dd>
            <dt className="text-zinc-500">Size</dt>
            <dd className="tabular-nums">
              {image.width}×{image.height} · {image.contentType} · {formatBytes(image.bytes)}
            </dd>
            <dt className="text-zinc-500">Created</dt>
            <dd>{formatTime(gen.timings.createdAt)}</dd>
            <dt className="text-zinc-500">Host latency</dt>
            <dd className="tabular-nums">{formatDuration(gen.timings.hostLatencyMs)}</dd>
            <dt className="text-zinc-500">Total</dt>
            <dd className="tabular-nums">{formatDuration(gen.timings.totalMs)}</dd>
            <dt className="text-zinc-500">Cost</dt>
            <dd className="tabular-nums">{describeCost(gen)}</dd>
          </dl>

          <WarningList warnings={gen.warnings} testId="detail-warnings" />

          <section aria-label="Parameters">
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-zinc-400 uppercase">Parameters</h3>
            <ParamTable model={gen.model} params={gen.params} notSent={gen.notSent} />
          </section>

          <InspectorPanel key={`inspector:${gen.id}`} generation={gen} imageIndex={image.index} hostName={hostName} />
        </aside>
      </div>
      {toast}
    </dialog>
  );
}
