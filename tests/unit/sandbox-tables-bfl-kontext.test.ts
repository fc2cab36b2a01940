import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { outputSize, parseParams, type ParamsOf } from "@/lib/models";
import { ASPECT_RATIO_PRESETS } from "@/lib/models/fields";
import { bflAdapter } from "@/lib/providers/bfl";
// The adapter's side, imported here and never in lib/sandbox: each side checks the other (as sandbox-tables.test.ts).
import { bflKontextInput, bflKontextOutputSize } from "@/lib/sandbox/bfl/validation";

const prompt = "a lighthouse at dusk";

describe("FLUX.1 Kontext [pro] on BFL: the emulator's rules and the model's", () => {
  const KONTEXT = "flux-kontext-pro";
  const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: "#3a6" } }).png().toBuffer();
  const edit = async (raw: Record<string, unknown>) => {
    const parsed = parseParams(KONTEXT, { prompt, input_image: (await png(40, 30)).toString("base64"), ...raw });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.data;
  };
  const emulated = async (params: ParamsOf<typeof KONTEXT>) => {
    const [request] = bflAdapter.buildRequests(KONTEXT, params, { baseUrl: "http://sandbox.test", apiKey: "k", requestKey: "r" });
    return bflKontextOutputSize(bflKontextInput.parse(request!.body));
  };

  it("every aspect ratio preset, and ratios off the table, make the model's size through the adapter's body", async () => {
    for (const aspect_ratio of [...ASPECT_RATIO_PRESETS.map((p) => p.value), "5:4", "2:1", "1:2", "7:5"]) {
      const params = await edit({ aspect_ratio });
      expect(await emulated(params), aspect_ratio).toEqual(outputSize(KONTEXT, params));
    }
  });

  it("no aspect ratio makes ~1 MP in the input image's shape (a 4:3 input gives the table's 4:3 size)", async () => {
    expect(await emulated(await edit({}))).toEqual(outputSize(KONTEXT, { aspect_ratio: "4:3" }));
    const tall = await edit({ input_image: (await png(30, 50)).toString("base64") });
    const size = (await emulated(tall))!;
    expect(size.width / size.height).toBeCloseTo(30 / 50, 1);
    expect(size.width * size.height).toBeGreaterThan(0.95 * 1024 * 1024);
    expect(size.width * size.height).toBeLessThan(1.05 * 1024 * 1024);
    expect([size.width % 16, size.height % 16]).toEqual([0, 0]);
  });

  it("BFL's emulator refuses what BFL documents as invalid: no input image, a data: URI, tolerance past 6, a ratio past 21:9", async () => {
    const image = (await png(8, 8)).toString("base64");
    const base = { prompt, input_image: image };
    expect(bflKontextInput.safeParse(base).success).toBe(true);
    expect(bflKontextInput.safeParse({ ...base, input_image: "https://example.com/a.png" }).success).toBe(true);
    for (const bad of [{ input_image: undefined }, { input_image: `data:image/png;base64,${image}` }, { safety_tolerance: 7 }, { safety_tolerance: -1 }, { aspect_ratio: "3:1" }, { aspect_ratio: "1:3" }, { image_prompt: image }, { width: 1024 }]) {
      expect(bflKontextInput.safeParse({ ...base, ...bad }).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
    expect(await bflKontextOutputSize(bflKontextInput.parse({ ...base, input_image: "bm90IGFuIGltYWdl" })), "base64 of no image").toBeNull();
  });
});
