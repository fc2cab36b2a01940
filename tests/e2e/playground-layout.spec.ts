import { expect, test } from "@playwright/test";
import { PlaygroundPage } from "../pages/playground";
import { open } from "./navigation";

/** What a first visit sees, on a laptop and on a phone: the Run button, the cards, the detail view's header. */

const SIZES = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
];

for (const size of SIZES) {
  test.describe(`at ${size.width}x${size.height} (${size.name})`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("the Run button is in view on arrival, Advanced is collapsed, and it stays in view with Advanced open", async ({ page }) => {
      const playground = new PlaygroundPage(page);
      await playground.open();
      await expect(playground.advanced).not.toHaveAttribute("open", "");
      await expect(playground.runButton).toBeInViewport({ ratio: 1 });
      await expect(playground.runButton).toBeEnabled();

      await playground.advanced.locator("summary").click();
      await expect(page.getByTestId("field-safety_tolerance")).toBeVisible();
      await expect(playground.runButton).toBeInViewport({ ratio: 1 });
      // Scrolled to the bottom of the form: the bar sits over its end, still in view.
      await page.getByTestId("field-output_format").scrollIntoViewIfNeeded();
      await expect(playground.runButton).toBeInViewport({ ratio: 1 });
    });

    test("a card shows its model and its host whole, the longest pair included", async ({ page }) => {
      const playground = new PlaygroundPage(page);
      const run = await playground.finishedRun({ prompt: `layout ${size.name} ${Date.now()}`, aspect_ratio: "1:1" }, "flux-pro-1.1-ultra", "bfl");
      await playground.open();
      const line = playground.card(run.id).getByTestId("generation-model-host");
      await expect(line).toContainText("FLUX 1.1 [pro] Ultra");
      await expect(line).toContainText("on Black Forest Labs");
      // Nothing cut: no part overflows its own box, and every part lies inside the line's.
      const cut = await line.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return [...el.querySelectorAll<HTMLElement>(":scope > span")]
          .filter((part) => {
            const r = part.getBoundingClientRect();
            return part.scrollWidth > part.clientWidth || r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5;
          })
          .map((part) => part.textContent);
      });
      expect(cut).toEqual([]);
    });
  });
}

test("the detail view of a single image has no arrows and no '1 of 1'; with more, it counts them right", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  const tag = `single-${Date.now()}`;
  const one = await playground.finishedRun({ prompt: `${tag} a lone pine`, width: 512, height: 512 });
  // The history filtered on this run: the only image loaded.
  await open(page, `/history?q=${tag}`);
  await playground.imageTarget(one.imageIds[0]).click();
  const dialog = page.getByTestId("image-detail");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("detail-previous")).toHaveCount(0);
  await expect(dialog.getByTestId("detail-next")).toHaveCount(0);
  await expect(dialog.getByTestId("detail-position")).not.toContainText(/of|loaded/);
  await dialog.getByTestId("detail-close").click();

  // A second run of two images: three loaded, the newest run's first image is 1 of 2, and 1 of the 3.
  const two = await playground.finishedRun({ prompt: `${tag} two pines`, width: 512, height: 512, num_images: 2 });
  await open(page, `/history?q=${tag}`);
  await playground.imageTarget(two.imageIds[0]).click();
  await expect(dialog.getByTestId("detail-position")).toHaveText(/^Image 1 of 2 · 1 \/ 3 loaded/);
  await expect(dialog.getByTestId("detail-previous")).toBeDisabled();
  await dialog.getByTestId("detail-next").click();
  await expect(dialog.getByTestId("detail-position")).toHaveText(/^Image 2 of 2 · 2 \/ 3 loaded/);
  await dialog.getByTestId("detail-next").click();
  // The single run's image: no "Image 1 of 1", the gallery count stays.
  await expect(dialog.getByTestId("detail-position")).toHaveText(/^3 \/ 3 loaded/);
  await expect(dialog.getByTestId("detail-next")).toBeDisabled();
});
