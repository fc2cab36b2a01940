import { open } from "./navigation";
import { expect, test, type Page } from "@playwright/test";

/** The comparison viewer's toolbar keeps each label on one line; history cards show whole images. */
async function comparison(page: Page, providers: string[], seeds: number[]) {
  const res = await page.request.post("/api/v1/comparisons", {
    data: { model: "flux-pro-1.1", providers, seeds, params: { prompt: `A tall narrow tower ${Date.now()}`, width: 512, height: 1024 } },
  });
  expect(res.status()).toBe(202);
  const { id } = (await res.json()) as { id: string };
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/comparisons/${id}`)).json()) as { status: string }).status, { timeout: 30_000 })
    .not.toBe("running");
  return id;
}

/** Toolbar controls whose text runs over more than one line. */
async function wrappedControls(page: Page): Promise<string[]> {
  return page
    .getByTestId("viewer-toolbar")
    .locator("button, label")
    .evaluateAll((elements) =>
      elements.flatMap((element) => {
        const range = document.createRange();
        const broken: string[] = [];
        for (const node of element.childNodes) {
          if (node.nodeType !== Node.TEXT_NODE || !node.textContent?.trim()) continue;
          range.selectNodeContents(node);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(node.textContent.trim());
        }
        return broken;
      }),
    );
}

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`the viewer's toolbar labels stay on one line at ${viewport.width} px`, async ({ page }) => {
    await page.setViewportSize(viewport);
    const id = await comparison(page, ["bfl", "fal", "replicate"], [1, 2]);
    await open(page, `/compare/${id}`);
    await page.getByTestId("compare-cell-image").first().click();
    await expect(page.getByTestId("viewer-toolbar")).toBeVisible();
    await page.getByTestId("viewer-compare-with").selectOption({ index: 1 });
    expect(await wrappedControls(page)).toEqual([]);
    for (const testId of ["viewer-mode-side", "viewer-fullscreen", "viewer-close", "viewer-swap"]) {
      await expect(page.getByTestId(testId)).toBeInViewport();
    }
  });
}

test("a comparison's card in the history shows whole images, not centre-cropped slivers", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const id = await comparison(page, ["bfl", "fal", "replicate", "runware", "together"], [7, 8]);
  await open(page, "/history");
  const card = page.locator(`[data-testid="comparison-card"][data-comparison-id="${id}"]`);
  const thumbs = card.getByTestId("comparison-thumb");
  await expect(thumbs.first()).toBeVisible();
  expect(await thumbs.count()).toBeLessThanOrEqual(4);
  await expect(card).toContainText("more images");
  for (const thumb of await thumbs.all()) {
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const fit = await thumb.evaluate((img: HTMLImageElement) => {
      const box = img.getBoundingClientRect();
      // The drawn image's size inside the box under object-fit: contain vs. cover.
      const scale = getComputedStyle(img).objectFit === "contain" ? Math.min(box.width / img.naturalWidth, box.height / img.naturalHeight) : Math.max(box.width / img.naturalWidth, box.height / img.naturalHeight);
      return { drawnWidth: img.naturalWidth * scale, drawnHeight: img.naturalHeight * scale, box: { width: box.width, height: box.height } };
    });
    // Whole image: nothing drawn outside the box.
    expect(fit.drawnWidth).toBeLessThanOrEqual(fit.box.width + 0.5);
    expect(fit.drawnHeight).toBeLessThanOrEqual(fit.box.height + 0.5);
    // And a thumbnail, not a sliver: at least a fifth of the card's picture each way.
    expect(fit.box.width).toBeGreaterThan(40);
  }
});
