import { createHash } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { open } from "./navigation";
import { PlaygroundPage } from "../pages/playground";

/** FLUX.2 [pro] on BFL (its sandbox) from the playground: reference images through the images control, a custom size. */

const solid = (width: number, height: number, background: string, format: "png" | "jpeg") =>
  sharp({ create: { width, height, channels: 3, background } })[format]().toBuffer();

async function originalSize(page: Page, url: string) {
  const response = await page.request.get(url);
  expect(response.status()).toBe(200);
  const { width, height } = await sharp(await response.body()).metadata();
  return { width, height };
}

test("two references added, reordered and one removed, 1440×1088: the image has that size and costs the per-MP price with its inputs", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await open(page, "/");
  await page.getByTestId("model-select").selectOption("flux-2-pro");
  await playground.chooseHost("bfl");

  const square = await solid(1024, 1024, "#c0392b", "png");
  const wide = await solid(1500, 1000, "#2980b9", "jpeg");
  const extra = await solid(300, 200, "#27ae60", "png");
  const files = page.getByTestId("field-input_images");
  await files.setInputFiles([
    { name: "square.png", mimeType: "image/png", buffer: square },
    { name: "extra.png", mimeType: "image/png", buffer: extra },
  ]);
  await files.setInputFiles([{ name: "wide.jpg", mimeType: "image/jpeg", buffer: wide }]);
  await expect(page.getByTestId("images-count-input_images")).toHaveText("3 of 8");
  await expect(page.getByTestId("images-preview-input_images-2")).toBeVisible();

  // Remove the middle one with the keyboard, then move the wide one up to be image 1.
  await page.getByRole("button", { name: "Remove image 2" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("images-count-input_images")).toHaveText("2 of 8");
  await page.getByRole("button", { name: "Move image 2 up" }).click();

  await page.getByTestId("field-width").fill("1440");
  await page.getByTestId("field-height").fill("1088");
  // Output 1440×1088 is 1.49 MP of 1024²: $0.03 + $0.015. Inputs: 1500×1000 (2 started MP) + 1024² (1): 3 × $0.015.
  await expect(playground.runButton).toContainText("$0.09");
  await expect(page.getByTestId("run-bar")).toContainText("with inputs");

  const prompt = `The red square of image 2 on the blue field of image 1, flux2 ${Date.now()}`;
  await playground.run(prompt);
  const card = playground.cardFor(prompt);
  await expect(card).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  const image = card.getByTestId("generation-image").first();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(card).toContainText("1440×1088");
  await expect(card.getByTestId("generation-cost")).toContainText("$0.09");

  const id = await card.getAttribute("data-generation-id");
  const stored = await (await page.request.get(`/api/v1/generations/${id}`)).json();
  expect(stored).toMatchObject({ model: "flux-2-pro", provider: "bfl" });
  expect(stored.params).toMatchObject({ width: 1440, height: 1088, prompt });
  // Stored once each, content-addressed, in the order the form shows them.
  const sha = (buffer: Buffer) => createHash("sha256").update(buffer).digest("hex");
  expect(stored.params.input_images).toEqual([`/api/images/${sha(wide)}.jpeg`, `/api/images/${sha(square)}.png`]);
  expect(stored.cost).toMatchObject({ estimatedUsd: 0.09, unitPriceUsd: 0.09 });
  expect(stored.images[0]).toMatchObject({ width: 1440, height: 1088 });
  expect(await originalSize(page, stored.images[0].url)).toEqual({ width: 1440, height: 1088 });
});

test("a side past 2048 is refused on its field before anything runs", async ({ page }) => {
  await open(page, "/");
  await page.getByTestId("model-select").selectOption("flux-2-pro");
  await page.getByTestId("field-width").fill("2064");
  await page.getByTestId("field-prompt").fill(`too wide ${Date.now()}`);
  await page.getByTestId("run-button").click();
  await expect(page.getByTestId("field-error-width")).toContainText("between 64 and 2048");
});

test("a reference the server refuses shows its error on that image, with the run bar saying inputs are priced on Run", async ({ page }) => {
  await open(page, "/");
  await page.getByTestId("model-select").selectOption("flux-2-pro");
  await new PlaygroundPage(page).chooseHost("bfl");
  await page.getByTestId("field-input_images").setInputFiles([{ name: "a.png", mimeType: "image/png", buffer: await solid(256, 256, "#8e44ad", "png") }]);
  await page.getByTestId("images-url-input_images").fill("http://127.0.0.1:9/refused.png");
  await page.getByTestId("images-url-input_images").press("Enter");
  await expect(page.getByTestId("images-count-input_images")).toHaveText("2 of 8");
  await expect(page.getByTestId("images-url-value-input_images-1")).toHaveText("http://127.0.0.1:9/refused.png");
  // A web address is measured only when the server fetches it.
  await expect(page.getByTestId("run-button")).toContainText("+ inputs");
  await page.getByTestId("field-prompt").fill(`refused reference ${Date.now()}`);
  await page.getByTestId("run-button").click();
  await expect(page.getByTestId("images-error-input_images-1")).toContainText("Image 2: The image URL points at a loopback address 127.0.0.1");
  await expect(page.getByTestId("images-error-input_images-0")).toHaveCount(0);
});
