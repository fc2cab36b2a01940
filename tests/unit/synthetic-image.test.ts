import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { renderSyntheticImage, syntheticImageSvg, type SyntheticImageSpec } from "@/lib/sandbox/synthetic-image";

const base: SyntheticImageSpec = {
  width: 1024,
  height: 768,
  format: "jpeg",
  prompt: "A red fox in a snowy birch forest at golden hour",
  seed: 42,
  provider: "bfl",
  model: "flux-pro-1.1-ultra",
  params: { aspect_ratio: "16:9", raw: false, safety_tolerance: 2 },
};

describe("renderSyntheticImage", () => {
  const formats = ["jpeg", "png", "webp"] as const;
  const sizes = [
    [256, 256],
    [1440, 608],
    [3136, 1344],
  ] as const;

  for (const format of formats) {
    for (const [width, height] of sizes) {
      it(`renders exactly ${width}x${height} as ${format}`, async () => {
        const buffer = await renderSyntheticImage({ ...base, width, height, format });
        const meta = await sharp(buffer).metadata();
        expect(meta.format).toBe(format);
        expect([meta.width, meta.height]).toEqual([width, height]);
      });
    }
  }

  it("is byte-identical for an identical spec", async () => {
    for (const format of formats) {
      const spec = { ...base, format, params: { ...base.params } };
      const [first, second] = [await renderSyntheticImage(spec), await renderSyntheticImage(structuredClone(spec))];
      expect(first.equals(second)).toBe(true);
    }
  });

  it("changes with the seed, the prompt and the parameters", async () => {
    const reference = await renderSyntheticImage(base);
    for (const variant of [
      { ...base, seed: 43 },
      { ...base, prompt: `${base.prompt}!` },
      { ...base, params: { ...base.params, raw: true } },
    ]) {
      expect((await renderSyntheticImage(variant)).equals(reference)).toBe(false);
    }
  });

  it("renders markup, quotes and control characters in the prompt as text", async () => {
    const buffer = await renderSyntheticImage({
      ...base,
      prompt: `<script>alert("x")</script> & 'quotes' ]]> \u0000\u0007 \ud83e\udd8a ${"long ".repeat(200)}`,
      params: { note: "</text><svg onload=alert(1)>", "<key>": "&amp;" },
    });
    expect((await sharp(buffer).metadata()).width).toBe(base.width);
  });

  it("summarises base64 images, plain or nested, instead of printing them", async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#08f" } }).png().toBuffer();
    const image = Buffer.concat([png, Buffer.alloc(30_000 - png.length)]).toString("base64");
    const spec = {
      ...base,
      width: 256,
      height: 256,
      format: "png" as const,
      params: { image_prompt: image, input_images: [`data:image/png;base64,${image}`], mask: null },
    };
    const buffer = await renderSyntheticImage(spec);
    expect((await sharp(buffer).metadata()).height).toBe(256);
    const svg = syntheticImageSvg({ ...spec, width: 1440, height: 1440 });
    expect(svg).toContain("image_prompt: (image, 29 KB)");
    expect(svg).toContain("input_images: [&quot;(image, 29 KB)&quot;]");
    expect(svg).toContain("mask: null");
    expect(svg).not.toContain(image.slice(0, 64));
  });

  it("escapes the prompt and parameters, and lists what arrived", () => {
    const svg = syntheticImageSvg({
      ...base,
      width: 1440,
      height: 1440,
      prompt: `<script>&"'`,
      params: { ...base.params, negative_prompt: "blurry ".repeat(80), "<b>": "</text>" },
    });
    expect(svg).toContain("&lt;script&gt;&amp;&quot;&apos;");
    expect(svg).not.toContain("<script>");
    expect(svg).not.toContain("<b>");
    expect(svg).toContain("&lt;b&gt;: &lt;/text&gt;");
    expect(svg).toContain("negative_prompt: blurry blurry");
    expect(svg).toContain("safety_tolerance: 2");
    expect(svg).toContain("SANDBOX · bfl · flux-pro-1.1-ultra");
    expect(svg).toContain("seed 42 · 1440x1440 · jpeg");
  });

  it("rejects a size that is not a positive integer", async () => {
    await expect(renderSyntheticImage({ ...base, width: 0 })).rejects.toThrow(/Invalid synthetic image size/);
    await expect(renderSyntheticImage({ ...base, height: 10.5 })).rejects.toThrow(/Invalid synthetic image size/);
  });
});

describe("an edit's picture", () => {
  it("is drawn over its input image, resized to the output, so the edit visibly comes from it", async () => {
    const input = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#e01010" } }).png().toBuffer();
    const spec = { ...base, width: 400, height: 300, format: "png" as const, inputImage: input };
    const pixel = async (buffer: Buffer) => {
      const { data } = await sharp(buffer).extract({ left: 2, top: 2, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
      return [...data.subarray(0, 3)];
    };
    const edited = await renderSyntheticImage(spec);
    expect((await sharp(edited).metadata()).width).toBe(400);
    // The corner is the input's red under a light wash: red still leads.
    const [r, g, b] = await pixel(edited);
    expect(r).toBeGreaterThan(g! + 60);
    expect(r).toBeGreaterThan(b! + 60);
    expect(await pixel(await renderSyntheticImage({ ...spec, inputImage: undefined }))).not.toEqual([r, g, b]);
    expect(syntheticImageSvg(spec)).toContain("edit of the input image");
    expect(syntheticImageSvg({ ...spec, inputImage: undefined })).not.toContain("edit of the input image");
  });
});
