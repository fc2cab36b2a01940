import { createHash } from "node:crypto";
import path from "node:path";
import sharp from "sharp";
import { cardImages, cardImageUrls, TILE_BACKGROUND, type CardTile } from "./card-images";
import { shareSummary } from "./summary";
import type { SharedItem } from "./types";

/**
 * A share link's preview card (1200×630 PNG), drawn by sharp (Pango) with the Inter font shipped in
 * lib/shares/fonts: nothing is fetched, so a prompt's characters never leave the server (next/og
 * fetched fonts and emoji from CDNs with them in the URL). Glyphs Inter lacks (CJK, emoji...) come
 * from the machine's own fonts through fontconfig, or show as boxes.
 */
export const CARD_SIZE = { width: 1200, height: 630 } as const;

const FONTS = path.join(process.cwd(), "lib", "shares", "fonts");
const REGULAR = path.join(FONTS, "Inter-400.ttf");
const BOLD = path.join(FONTS, "Inter-700.ttf");
const PAD = 56;
const IMAGE_COLUMN = 520;
const PROMPT_MAX = 220;
const EMPTY: CardTile = { data: Buffer.alloc(0), width: 0, height: 0 };

export interface CardText {
  prompt: string;
  model: string;
  hosts: string[];
}

/**
 * Text as Pango markup shows it: escaped (markup in a prompt stays text), with control characters
 * that markup cannot hold replaced, inside a bidi isolate (an RTL override cannot reorder what follows).
 */
export function cardMarkupText(text: string): string {
  const printable = text
    // One space between words: a prompt's line breaks, tabs and runs of spaces showed as wide gaps.
    .replace(/\s+/g, " ")
    // C0/C1 controls are invalid markup; lone surrogates are not text.
    .replace(/[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
  const escaped = printable.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
  return `\u2068${escaped}\u2069`;
}

const clip = (text: string, max: number) => (text.length > max ? `${Array.from(text).slice(0, max - 1).join("")}…` : text);

/** One block of text: wrapped to `width`, cut at `maxHeight`. */
export async function textBlock(markup: string, opts: { width: number; size: number; bold?: boolean; maxHeight?: number }): Promise<CardTile> {
  const rendered = await sharp({
    text: { text: markup, font: `Inter ${opts.bold ? "Bold " : ""}${opts.size}`, fontfile: opts.bold ? BOLD : REGULAR, width: opts.width, dpi: 72, rgba: true, wrap: "word-char", spacing: Math.round(opts.size * 0.25) },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  const height = Math.min(rendered.info.height, opts.maxHeight ?? rendered.info.height);
  const data = height < rendered.info.height ? await sharp(rendered.data).extract({ left: 0, top: 0, width: rendered.info.width, height }).png().toBuffer() : rendered.data;
  return { data, width: rendered.info.width, height };
}

export async function renderShareCard(text: CardText, images: CardTile[]): Promise<Buffer> {
  const columnWidth = CARD_SIZE.width - (images.length > 0 ? IMAGE_COLUMN : 0) - 2 * PAD;
  const prompt = text.prompt ? `“${clip(text.prompt, PROMPT_MAX)}”` : "No prompt";
  const hosts = text.hosts.length > 4 ? `${text.hosts.slice(0, 4).join(" · ")} +${text.hosts.length - 4}` : text.hosts.join(" · ");
  const line = async (words: string, color: string) => (words.trim() ? textBlock(`<span foreground="${color}">${cardMarkupText(words)}</span>`, { width: columnWidth, size: 26, maxHeight: 40 }) : EMPTY);
  const [title, promptBlock, model, hostLine] = await Promise.all([
    textBlock('<span foreground="#f4f4f5">FLUX </span><span foreground="#fbbf24">Playground</span>', { width: columnWidth, size: 30, bold: true }),
    textBlock(`<span foreground="#f4f4f5">${cardMarkupText(prompt)}</span>`, { width: columnWidth, size: text.prompt.length > 140 ? 34 : 44, maxHeight: 330 }),
    line(text.model, "#fbbf24"),
    line(hosts, "#a1a1aa"),
  ]);
  const bottom = CARD_SIZE.height - PAD;
  const tiles = images.map((image, i) => ({
    input: image.data,
    left: CARD_SIZE.width - IMAGE_COLUMN + (images.length === 1 ? 0 : (i % 2) * 260),
    top: images.length === 1 ? 0 : Math.floor(i / 2) * 315,
  }));
  return sharp({ create: { ...CARD_SIZE, channels: 4, background: "#09090b" } })
    .composite([
      ...(images.length > 0 ? [{ input: { create: { width: IMAGE_COLUMN, height: CARD_SIZE.height, channels: 4 as const, background: TILE_BACKGROUND } }, left: CARD_SIZE.width - IMAGE_COLUMN, top: 0 }] : []),
      ...tiles,
      { input: title.data, left: PAD, top: PAD },
      { input: promptBlock.data, left: PAD, top: Math.round((CARD_SIZE.height - promptBlock.height) / 2) },
      ...(model.height ? [{ input: model.data, left: PAD, top: bottom - hostLine.height - 8 - model.height }] : []),
      ...(hostLine.height ? [{ input: hostLine.data, left: PAD, top: bottom - hostLine.height }] : []),
    ])
    .png()
    .toBuffer();
}

/** Drawn cards by what they show: a card is drawn once, not per crawler hit. */
const drawn = new Map<string, Buffer>();
const DRAWN_MAX = 64;

/** A share's card and its ETag (the hash of everything it shows: a changed share gets a new one). */
export async function shareCard(shared: SharedItem, hostName: (id: string) => string): Promise<{ png: Buffer; etag: string }> {
  const { prompt, model, hosts } = shareSummary(shared, hostName);
  const text = { prompt, model, hosts };
  const urls = cardImageUrls(shared);
  const etag = `"${createHash("sha256").update(JSON.stringify([text, urls])).digest("base64url").slice(0, 27)}"`;
  let png = drawn.get(etag);
  if (!png) {
    png = await renderShareCard(text, await cardImages(urls));
    if (drawn.size >= DRAWN_MAX) drawn.delete(drawn.keys().next().value!);
    drawn.set(etag, png);
  }
  return { png, etag };
}
