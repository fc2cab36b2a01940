import { expect, test } from "@playwright/test";
import { PlaygroundPage } from "../pages/playground";

/** FLUX.1 [dev] on a host other than its maker's: Replicate, sized by aspect ratio, steps from the form. */
test("runs FLUX.1 [dev] on Replicate from the form at 40 steps, and gets a 1344×768 image with its cost", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open();
  await page.getByTestId("model-select").selectOption("flux-dev");
  await playground.chooseHost("replicate");
  await page.getByTestId("field-width").fill("1344");
  await page.getByTestId("field-height").fill("768");
  if ((await playground.advanced.getAttribute("open")) === null) await playground.advanced.locator("summary").click();
  await page.getByTestId("field-steps").fill("40");
  await expect(page.getByTestId("field-steps")).toHaveValue("40");
  // Replicate's $0.025 per [dev] image, before the run.
  await expect(playground.runButton).toContainText("$0.025");

  const prompt = `A heron over a misty river at dawn ${Date.now()}`;
  await playground.run(prompt);
  const card = playground.cardFor(prompt);
  await expect(card).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  const image = card.getByTestId("generation-image").first();
  // The card shows a thumbnail: the shape of 1344×768 (the stored original is measured below).
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && Math.abs(img.naturalWidth / img.naturalHeight - 1344 / 768) < 0.01)).toBe(true);
  await expect(card).toContainText("1344×768");
  await expect(card.getByTestId("generation-cost")).toContainText("$0.025");

  // What was sent and stored is what the form said.
  const id = await card.getAttribute("data-generation-id");
  const stored = await (await page.request.get(`/api/v1/generations/${id}`)).json();
  expect(stored).toMatchObject({ model: "flux-dev", provider: "replicate", params: { steps: 40, width: 1344, height: 768, prompt } });
  expect(stored.images).toHaveLength(1);
  // Measured from the file the host sent.
  expect(stored.images[0]).toMatchObject({ width: 1344, height: 768 });
  expect(stored.warnings).toEqual([]);
});
