import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { CARD_SIZE, cardMarkupText, renderShareCard } from "@/lib/shares/card";

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
