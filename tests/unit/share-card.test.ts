import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { CARD_SIZE, cardMarkupText, renderShareCard, textBlock } from "@/lib/shares/card";
import { fitTile } from "@/lib/shares/card-images";

/** Hostile prompts: markup, bidi overrides, zero-width and control characters, emoji, CJK and RTL scripts. */
const HOSTILE = '<b>bold</b> <span foreground="red">x</span> &amp; </span> \u202Egnp.exe\u202C \u200Bzero\u200Dwidth\uFEFF 🦊 你好 שלום مرحبا \u0000nul \u0007bell \uD800lone';

describe("a share card's text", () => {
  it("is escaped markup inside a bidi isolate: markup stays text, controls are replaced", () => {
    const markup = cardMarkupText(HOSTILE);
    expect(markup.startsWith("\u2068")).toBe(true);
    expect(markup.endsWith("\u2069")).toBe(true);
    expect(markup).not.toMatch(/<|>/);
    expect(markup).toContain("&lt;b&gt;bold&lt;/b&gt;");
    expect(markup).toContain("&amp;amp;");
    expect(markup).toContain("&quot;red&quot;");
    expect(markup).not.toMatch(/[\u0000-\u0008\uD800-\uDFFF]/u);
    // What the user wrote is kept (only isolated), zero-width characters included.
    expect(markup).toContain("\u202Egnp.exe\u202C");
    expect(markup).toContain("\u200Bzero\u200Dwidth");
  });

  it("renders a 1200x630 PNG from hostile text, with and without images", async () => {
    const tile = { data: await sharp({ create: { width: 260, height: 315, channels: 3, background: "#336699" } }).png().toBuffer(), width: 260, height: 315 };
    for (const images of [[], [tile, tile, tile]]) {
      const png = await renderShareCard({ prompt: HOSTILE.repeat(3), model: "FLUX1.1 [pro] <i>", hosts: ["Black Forest Labs", "fal.ai", "<script>", "Replicate", "Runware"] }, images);
      const meta = await sharp(png).metadata();
      expect(meta).toMatchObject({ format: "png", width: CARD_SIZE.width, height: CARD_SIZE.height });
    }
  });

  it("draws the prompt: a card with text differs from one without", async () => {
    const stats = async (prompt: string) => (await sharp(await renderShareCard({ prompt, model: "m", hosts: [] }, [])).stats()).channels[0].mean;
    expect(await stats("A lighthouse at dusk, long exposure, very long prompt to cover area")).not.toBe(await stats(""));
  });
});

/** The widest run of blank columns between inked ones in a rendered line of text: the biggest word gap. */
async function widestGap(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const inked = Array.from({ length: info.width }, (_, x) => {
    for (let y = 0; y < info.height; y++) if (data[(y * info.width + x) * info.channels + 3] > 40) return true;
    return false;
  });
  let widest = 0;
  let run = 0;
  const first = inked.indexOf(true);
  const last = inked.lastIndexOf(true);
  for (let x = first; x <= last; x++) {
    run = inked[x] ? 0 : run + 1;
    widest = Math.max(widest, run);
  }
  return widest;
}

describe("a share card's text layout", () => {
  const SIZE = 44;
  const line = (text: string) => textBlock(cardMarkupText(text), { width: 1000, size: SIZE });

  it("spaces words by one space of Inter, whatever whitespace the prompt had", async () => {
    const typed = await line("lighthouse  at\n\n  dusk\t\tfog");
    const plain = await line("lighthouse at dusk fog");
    expect(typed.width).toBe(plain.width);
    expect(typed.height).toBe(plain.height);
    expect(Buffer.compare(typed.data, plain.data)).toBe(0);
    // A space of Inter is about a quarter em: a word gap wider than half an em is a doubled one.
    const gap = await widestGap(plain.data);
    expect(gap).toBeGreaterThan(SIZE * 0.15);
    expect(gap).toBeLessThan(SIZE * 0.5);
  });

  it("keeps a line on one line when it fits, in Inter's own width", async () => {
    const block = await line("FLUX1.1 [pro]");
    // One line of a 44 px font, not wrapped, and narrower than DejaVu Sans (the fallback) would draw it.
    expect(block.height).toBeLessThan(SIZE * 1.6);
    const { info } = await sharp(block.data).trim().toBuffer({ resolveWithObject: true });
    expect(info.width).toBeLessThan(SIZE * 7);
  });
});

describe("a share card's image tile", () => {
  it("shows a square image whole in the tall column: its edges (and the sandbox caption on them) are not cropped", async () => {
    // A blue square with a red stripe along its left and right edges.
    const stripe = await sharp({ create: { width: 64, height: 1024, channels: 3, background: "#ff0000" } }).png().toBuffer();
    const square = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: "#0000ff" } })
      .composite([
        { input: stripe, left: 0, top: 0 },
        { input: stripe, left: 960, top: 0 },
      ])
      .png()
      .toBuffer();
    const tile = await fitTile(square, 520, 630);
    const { data, info } = await sharp(tile.data).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([520, 630]);
    const pixel = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3));
    const isRed = ([r, g, b]: number[]) => r > 200 && g < 60 && b < 60;
    expect(isRed(pixel(5, 315))).toBe(true);
    expect(isRed(pixel(514, 315))).toBe(true);
    // Letterboxed above and below, in the column's grey.
    expect(pixel(260, 5)).toEqual([0x18, 0x18, 0x1b]);
  });
});
