import { open } from "./navigation";
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { PlaygroundPage } from "../pages/playground";

/** The pixel size of a run's stored original (the card shows a thumbnail). */
async function originalSize(page: Page, url: string) {
  const response = await page.request.get(url);
  expect(response.status()).toBe(200);
  const { width, height } = await sharp(await response.body()).metadata();
  return { width, height };
}

/** The run's stored record, read through the API as the card names it. */
async function storedRun(page: Page, card: ReturnType<PlaygroundPage["cardFor"]>) {
  const id = await card.getAttribute("data-generation-id");
  return (await (await page.request.get(`/api/v1/generations/${id}`)).json()) as {
    model: string;
    provider: string;
    params: Record<string, unknown>;
    images: { url: string; width: number; height: number }[];
  };
}

async function succeeded(card: ReturnType<PlaygroundPage["cardFor"]>) {
  await expect(card).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  const image = card.getByTestId("generation-image").first();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
}

/** FLUX.1 Kontext [pro] on fal, then Replicate (their sandboxes), from the playground form. */
test("Kontext edits an uploaded image on fal in its own shape at ~1 MP for $0.04, then at 16:9 on Replicate (1392×752)", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await open(page, "/");
  await page.getByTestId("model-select").selectOption("flux-kontext-pro");
  await playground.chooseHost("fal");
  // A 3:2 photo-sized input: with no aspect ratio the edit keeps its shape, about one megapixel.
  const input = await sharp({ create: { width: 600, height: 400, channels: 3, background: "#2874a6" } }).png().toBuffer();
  await page.getByTestId("field-input_image").setInputFiles({ name: "harbour.png", mimeType: "image/png", buffer: input });
  await expect(page.getByTestId("image-prompt-preview")).toBeVisible();
  await expect(playground.runButton).toContainText("$0.04");
  const prompt = `Make it a winter scene, kontext ${Date.now()}`;
  await playground.run(prompt);

  const card = playground.cardFor(prompt);
  await succeeded(card);
  await expect(card.getByTestId("generation-cost")).toContainText("$0.04");
  await expect(card).toContainText("1248×832");
  const stored = await storedRun(page, card);
  expect(stored).toMatchObject({ model: "flux-kontext-pro", provider: "fal" });
  expect(stored.params.aspect_ratio).toBeUndefined();
  expect(stored.images[0]).toMatchObject({ width: 1248, height: 832 });
  const made = await originalSize(page, stored.images[0]!.url);
  expect(made.width! / made.height!).toBeCloseTo(600 / 400, 2);
  expect(made.width! * made.height!).toBeGreaterThan(0.95e6);

  // The same edit at 16:9 on Replicate: Kontext's 16:9 size.
  await playground.chooseHost("replicate");
  await page.getByTestId("aspect-preset-16:9").click();
  await expect(page.getByTestId("field-aspect_ratio")).toHaveValue("16:9");
  const widePrompt = `Make it a winter scene, wide, kontext ${Date.now()}`;
  await playground.run(widePrompt);

  const wide = playground.cardFor(widePrompt);
  await succeeded(wide);
  await expect(wide).toContainText("1392×752");
  await expect(wide.getByTestId("generation-cost")).toContainText("$0.04");
  const storedWide = await storedRun(page, wide);
  expect(storedWide).toMatchObject({ model: "flux-kontext-pro", provider: "replicate" });
  expect(storedWide.params).toMatchObject({ aspect_ratio: "16:9" });
  expect(await originalSize(page, storedWide.images[0]!.url)).toEqual({ width: 1392, height: 752 });
});
