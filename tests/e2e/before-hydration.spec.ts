import { expect, test, type Page } from "@playwright/test";
import { PlaygroundPage } from "../pages/playground";
import { hydrated } from "./navigation";

/**
 * The playground before its JavaScript runs (a slow network, a click too early, or none at all):
 * the server-rendered form shows the real defaults, and a submit keeps everything typed.
 */

async function expectDefaults(page: Page) {
  await expect(page.getByTestId("field-width")).toHaveValue("1024");
  await expect(page.getByTestId("field-height")).toHaveValue("768");
  await expect(page.getByTestId("field-safety_tolerance")).toHaveValue("2");
  await expect(page.getByTestId("field-output_format")).toHaveValue("jpeg");
  await expect(page.getByTestId("field-prompt_upsampling")).not.toBeChecked();
}

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("the form shows the real defaults, and Run brings every field back instead of losing it", async ({ page }) => {
    const prompt = `no script ${Date.now()}: a kite over dunes`;
    await page.goto("/");
    await expectDefaults(page);

    await page.getByTestId("field-prompt").fill(prompt);
    await page.getByTestId("field-width").fill("512");
    // Advanced opens without script too (a native <details>).
    await page.locator('form[aria-label="Generation settings"] summary').click();
    await page.getByTestId("field-output_format").selectOption("png");
    await page.getByTestId("run-button").click();
    await page.waitForURL(/[?&]prompt=/);

    const query = new URL(page.url()).searchParams;
    expect(query.get("prompt")).toBe(prompt);
    expect(query.get("width")).toBe("512");
    expect(query.get("height")).toBe("768");
    expect(query.get("safety_tolerance")).toBe("2");
    await expect(page.getByTestId("field-prompt")).toHaveValue(prompt);
    await expect(page.getByTestId("field-width")).toHaveValue("512");
    await expect(page.getByTestId("field-height")).toHaveValue("768");
    await expect(page.getByTestId("field-safety_tolerance")).toHaveValue("2");
    await expect(page.getByTestId("field-output_format")).toHaveValue("png");
  });
});

test("a click on Run before hydration keeps the prompt; once hydrated, Run starts it", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  const prompt = `too early ${Date.now()}: a heron at dawn`;
  // The page's scripts are held back until after the click: until then it is server-rendered HTML.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_next\/static\/chunks\/.*\.js(\?|$)/, async (route) => {
    await released;
    // The click's navigation may have dropped this request meanwhile.
    await route.continue().catch(() => {});
  });
  await page.goto("/", { waitUntil: "domcontentloaded" });
  await expectDefaults(page);
  await page.getByTestId("field-prompt").fill(prompt);
  await playground.runButton.click();
  await page.waitForURL(/[?&]prompt=/, { waitUntil: "domcontentloaded" });
  release();

  await hydrated(page);
  await expect(page.getByTestId("field-prompt")).toHaveValue(prompt);
  await expect(page.getByTestId("field-width")).toHaveValue("1024");
  await expect(page.getByTestId("form-notice")).toContainText("press Run");
  await playground.runButton.click();
  const card = page.getByTestId("generation-card").filter({ hasText: prompt });
  await expect(card).toHaveAttribute("data-status", "succeeded");
});
