import { open } from "./navigation";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { PlaygroundPage } from "../pages/playground";

/** Issue 11: a Kontext edit of a gallery image shows the lineage, and an edit chain can be walked both ways. */

interface Stored {
  id: string;
  model: string;
  params: Record<string, unknown>;
  images: { id: string; url: string; width: number; height: number }[];
  parent: { generationId: string; imageId: string } | null;
}

async function stored(page: Page, card: Locator): Promise<Stored> {
  const id = await card.getAttribute("data-generation-id");
  return (await page.request.get(`/api/v1/generations/${id}`)).json();
}

/** Types the edit's prompt into the form "Edit with Kontext" opened, and runs it; its card once it has succeeded. */
async function runEdit(playground: PlaygroundPage, from: Stored, prompt: string): Promise<Locator> {
  const page = playground.page;
  await expect(page.getByTestId("model-select")).toHaveValue("flux-kontext-pro");
  await expect(page.getByTestId("provider-select")).toHaveValue("bfl");
  // The prompt is empty and focused; the image to edit is the input image, previewed from our storage.
  const prompt$ = page.getByTestId("field-prompt");
  await expect(prompt$).toBeFocused();
  await expect(prompt$).toHaveValue("");
  await expect(page.getByTestId("image-prompt-preview")).toHaveAttribute("src", from.images[0]!.url);
  await page.keyboard.type(prompt);
  await playground.runButton.click();
  const card = playground.cardFor(prompt);
  await expect(card).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  return card;
}

test("Edit with Kontext from the gallery: the edit shows what it was edited from, the parent lists it, and a chain walks both ways", async ({ page }) => {
  test.setTimeout(180_000);
  const playground = new PlaygroundPage(page);
  const detail = page.getByTestId("image-detail");
  const stamp = Date.now();
  const prompts = [`A red lighthouse on a cliff, lineage ${stamp}`, `Make it night, edit ${stamp}`, `Add falling snow, edit ${stamp}`];

  // 1. An image: FLUX 1.1 [pro] on BFL's sandbox (1024×768 by default).
  await open(page, "/");
  await page.getByTestId("model-select").selectOption("flux-pro-1.1");
  await playground.chooseHost("bfl");
  await playground.run(prompts[0]!);
  const firstCard = playground.cardFor(prompts[0]!);
  await expect(firstCard).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  const first = await stored(page, firstCard);

  // 2. "Edit with Kontext" on the gallery card's image, an edit prompt, Run.
  const tile = firstCard.getByTestId("image-tile").first();
  await tile.hover();
  await tile.getByTestId("edit-image").click();
  const editCard = await runEdit(playground, first, prompts[1]!);
  const edit = await stored(page, editCard);
  expect(edit).toMatchObject({ model: "flux-kontext-pro", params: { input_image: first.images[0]!.url }, parent: { generationId: first.id, imageId: first.images[0]!.id } });
  // No aspect ratio: the edit keeps the input's 4:3 shape at about one megapixel.
  expect(edit.images[0]).toMatchObject({ width: 1184, height: 880 });
  await expect(editCard).toContainText("1184×880");

  // 3. The edit's detail view: "Edited from" the first image, and the input image shown.
  await playground.imageTarget(edit.images[0]!.id).click();
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId("detail-input-image").locator("img")).toHaveAttribute("src", first.images[0]!.url);
  const parentLink = detail.getByTestId("lineage-parent");
  await expect(parentLink).toContainText(prompts[0]!);
  await expect(detail.getByTestId("lineage-child")).toHaveCount(0);

  // 4. Open the parent: it lists the edit.
  await parentLink.click();
  await expect(detail.getByTestId("detail-image")).toHaveAttribute("src", first.images[0]!.url);
  await expect(detail.getByTestId("lineage-parent")).toHaveCount(0);
  await expect(detail.getByTestId("lineage-child")).toHaveCount(1);
  await expect(detail.getByTestId("lineage-child")).toContainText(prompts[1]!);

  // 5. Back to the edit through its link, and edit it once more from the detail view.
  await detail.getByTestId("lineage-child").click();
  await expect(detail.getByTestId("detail-image")).toHaveAttribute("src", edit.images[0]!.url);
  await detail.getByTestId("detail-edit").click();
  await expect(detail).toHaveCount(0);
  const lastCard = await runEdit(playground, edit, prompts[2]!);
  const last = await stored(page, lastCard);
  expect(last.parent).toMatchObject({ generationId: edit.id, imageId: edit.images[0]!.id });

  // 6. Walk the chain from the last edit to the first image, and back down again.
  await playground.imageTarget(last.images[0]!.id).click();
  await expect(detail.getByTestId("detail-image")).toHaveAttribute("src", last.images[0]!.url);
  await expect(detail.getByTestId("lineage-parent")).toContainText(prompts[1]!);
  await detail.getByTestId("lineage-parent").click();
  await expect(detail.getByTestId("detail-image")).toHaveAttribute("src", edit.images[0]!.url);
  await expect(detail.getByTestId("lineage-child")).toContainText(prompts[2]!);
  await expect(detail.getByTestId("lineage-parent")).toContainText(prompts[0]!);
  await detail.getByTestId("lineage-parent").click();
  await expect(detail.getByTestId("detail-image")).toHaveAttribute("src", first.images[0]!.url);
  await expect(detail.getByTestId("lineage-parent")).toHaveCount(0);
  await detail.getByTestId("lineage-child").click();
  await expect(detail.getByTestId("lineage-child")).toContainText(prompts[2]!);
  await detail.getByTestId("lineage-child").click();
  await expect(detail.getByTestId("detail-image")).toHaveAttribute("src", last.images[0]!.url);
});

test("Edit with Kontext from the full history opens the playground's form on that image", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  const prompt = `A blue rowing boat, history edit ${Date.now()}`;
  const { id, imageIds } = await playground.finishedRun({ prompt, width: 512, height: 512 });
  const run = (await (await page.request.get(`/api/v1/generations/${id}`)).json()) as Stored;
  await open(page, "/history");
  const tile = page.locator(`[data-testid="image-tile"][data-image-id="${imageIds[0]}"]`);
  await tile.hover();
  await tile.getByTestId("edit-image").click();
  await page.waitForURL(/\/\?edit=/);
  await expect(page.getByTestId("model-select")).toHaveValue("flux-kontext-pro");
  await expect(page.getByTestId("field-prompt")).toBeFocused();
  await expect(page.getByTestId("image-prompt-preview")).toHaveAttribute("src", run.images[0]!.url);
});
