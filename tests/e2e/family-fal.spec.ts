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

/** FLUX.1 [dev] and [schnell] run from the playground form on fal and Runflow (their sandboxes). */

test("FLUX.1 [schnell] on fal: 2 steps, 1024×1024, an image of that size billed per started megapixel", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await open(page, "/");
  await page.getByTestId("model-select").selectOption("flux-schnell");
  await playground.chooseHost("fal");
  await page.getByTestId("size-preset-1024x1024").click();
  await playground.advanced.locator("summary").first().click();
  await page.getByTestId("field-steps").fill("2");
  // 1024×1024 is 1.05 MP: two started megapixels at $0.003.
  await expect(playground.runButton).toContainText("$0.006");
  const prompt = `A paper boat on a puddle, schnell ${Date.now()}`;
  await playground.run(prompt);

  const card = playground.cardFor(prompt);
  await expect(card).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  const image = card.getByTestId("generation-image").first();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(card).toContainText("1024×1024");
  await expect(card.getByTestId("generation-cost")).toContainText("$0.006");

  const id = await card.getAttribute("data-generation-id");
  const stored = await (await page.request.get(`/api/v1/generations/${id}`)).json();
  expect(stored).toMatchObject({ model: "flux-schnell", provider: "fal" });
  expect(stored.params).toMatchObject({ steps: 2, width: 1024, height: 1024, prompt });
  expect(stored.images[0]).toMatchObject({ width: 1024, height: 1024 });
  expect(await originalSize(page, stored.images[0].url)).toEqual({ width: 1024, height: 1024 });
});

test("FLUX.1 [dev] on Runflow: steps and guidance from the form, 1344×768 at $0.025 per started megapixel", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await open(page, "/");
  await page.getByTestId("model-select").selectOption("flux-dev");
  await playground.chooseHost("runflow");
  await page.getByTestId("size-preset-1344x768").click();
  await playground.advanced.locator("summary").first().click();
  await page.getByTestId("field-steps").fill("12");
  await page.getByTestId("field-guidance").fill("4.5");
  await expect(playground.runButton).toContainText("$0.05");
  const prompt = `A lighthouse in fog, dev ${Date.now()}`;
  await playground.run(prompt);

  const card = playground.cardFor(prompt);
  await expect(card).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  const image = card.getByTestId("generation-image").first();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(card).toContainText("1344×768");
  await expect(card.getByTestId("generation-cost")).toContainText("$0.05");

  const id = await card.getAttribute("data-generation-id");
  const stored = await (await page.request.get(`/api/v1/generations/${id}`)).json();
  expect(stored).toMatchObject({ model: "flux-dev", provider: "runflow" });
  expect(stored.params).toMatchObject({ steps: 12, guidance: 4.5, width: 1344, height: 768 });
  expect(stored.images[0]).toMatchObject({ width: 1344, height: 768 });
  expect(await originalSize(page, stored.images[0].url)).toEqual({ width: 1344, height: 768 });
});
