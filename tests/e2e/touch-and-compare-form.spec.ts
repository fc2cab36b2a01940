import { open } from "./navigation";
import { expect, test, type Page } from "@playwright/test";

/** Touch screens get no keyboard hints and a host select that fits; compare mode has one seed control. */
const PHONE = { width: 390, height: 844 };

/** How much of the select's chosen label is cut off: its text width beyond the room inside the select. */
async function selectOverflow(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((select: HTMLSelectElement) => {
    const style = getComputedStyle(select);
    const canvas = document.createElement("canvas").getContext("2d")!;
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const text = select.options[select.selectedIndex]?.text ?? "";
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return canvas.measureText(text).width - room;
  });
}

test.describe("touch phone", () => {
  test.use({ viewport: PHONE, hasTouch: true, isMobile: true });

  test("hides the Ctrl/⌘ + Enter hints and shows the whole host label", async ({ page }) => {
    await open(page, "/");
    await expect(page.getByTestId("run-button")).toBeVisible();
    await expect(page.getByTestId("run-key-hint")).toBeHidden();
    const hosts = await page.getByTestId("provider-select").locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    for (const host of hosts) {
      await page.getByTestId("provider-select").selectOption(host);
      expect(await selectOverflow(page, "provider-select"), host).toBeLessThanOrEqual(0);
    }
    await open(page, "/compare");
    await expect(page.getByTestId("compare-run")).toBeVisible();
    await expect(page.getByTestId("run-key-hint")).toBeHidden();
  });
});

test.describe("desktop with a mouse", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("shows the Ctrl/⌘ + Enter hint beside Run", async ({ page }) => {
    await open(page, "/");
    await expect(page.getByTestId("run-key-hint")).toBeVisible();
    await expect(page.getByTestId("run-key-hint")).toHaveText(/Ctrl\/⌘ \+ Enter/);
  });

  test("compare mode has one seed list: adding a random seed extends it and the row count follows", async ({ page }) => {
    await open(page, "/compare");
    await expect(page.getByTestId("compare-random-count")).toHaveCount(0);
    const seeds = page.getByTestId("compare-seeds");
    const count = page.getByTestId("compare-seed-count");
    await expect(count).toHaveText("1 row, seed drawn at random");
    await seeds.fill("3, 4");
    await expect(count).toHaveText("2 rows");
    await page.getByTestId("compare-random-seeds").click();
    await expect(seeds).toHaveValue(/^3, 4, \d+$/);
    await expect(count).toHaveText("3 rows");
    await expect(page.getByTestId("compare-run")).toContainText(/Run \d+ images/);
    // Up to the limit, then the button stops.
    await seeds.fill("1, 2, 3, 4, 5, 6, 7");
    await page.getByTestId("compare-random-seeds").click();
    await expect(count).toHaveText("8 rows");
    await expect(page.getByTestId("compare-random-seeds")).toBeDisabled();
    await seeds.fill("1, x");
    await expect(count).toHaveText("Fix the list to count the rows");
    await expect(page.getByTestId("compare-random-seeds")).toBeDisabled();
  });
});
