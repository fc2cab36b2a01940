import { CARD_META_PX } from "./grid-geometry";

/**
 * Both cards' frame: the grid sets the height, the media takes what the text under it leaves, and the
 * text has a fixed height (clamped lines), so every card of a width has the same height.
 */
export const CARD_CLASS = "flex h-full flex-col gap-2 overflow-hidden rounded-xl border border-zinc-800 bg-zinc-900/60 p-3";
export const MEDIA_CLASS = "relative min-h-0 flex-1";
export const META_CLASS = "flex shrink-0 flex-col gap-2 overflow-hidden";
export const metaStyle = { height: CARD_META_PX };
/** The line of badges on top of a card's text. */
export const BADGE_LINE_CLASS = "flex h-5 shrink-0 items-center gap-1.5 overflow-hidden text-xs whitespace-nowrap";
/**
 * The model and host under the badges, where nothing squeezes them: on one line when they fit, the
 * host on a second one when not (a narrow card, "FLUX 1.1 [pro] Ultra" on "Black Forest Labs").
 */
export const MODEL_LINE_CLASS = "flex h-8 shrink-0 flex-wrap content-start gap-x-1 overflow-hidden text-xs leading-4 [&>span]:max-w-full [&>span]:truncate";
export const PROMPT_CLASS = "line-clamp-2 h-10 shrink-0 text-sm text-zinc-200";
export const FACTS_CLASS = "grid shrink-0 grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs leading-4 [&>dd]:truncate";
