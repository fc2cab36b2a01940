import { expect, test, type Page } from "@playwright/test";
import { PlaygroundPage } from "../pages/playground";
import { startDevServer, type DevServer } from "../support/dev-server";
import { open, reload } from "./navigation";

/**
 * What must hold in the dev server as in the build. The dev server compiles each chunk and route
 * on first use, so a gap a build hides (the undo's code still loading) shows there. The "dev"
 * project runs this file against `npm run dev`, started here on its own port and data directory;
 * the other projects against the production build.
 */

let dev: DevServer | null = null;
test.beforeAll(async ({}, testInfo) => {
  if (testInfo.project.name !== "dev") return;
  testInfo.setTimeout(300_000);
  dev = await startDevServer(Number(new URL(String(testInfo.project.use.baseURL)).port));
});
test.afterAll(async () => {
  await dev?.stop();
});

/** Every console error of the page, as React reports them (in development) and the page's own. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

async function expectEachCardOnce(page: Page) {
  const ids = await page.getByTestId("generation-card").evaluateAll((cards) => cards.map((card) => card.getAttribute("data-generation-id")));
  expect(ids.length).toBeGreaterThan(0);
  expect(new Set(ids).size).toBe(ids.length);
}

/**
 * Holds back every script the page asks for from now on (what it loads on first use: the undo's
 * verbs, the detail view), as the dev server does while it compiles them; `release` lets them through.
 */
async function holdLazyScripts(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_next\/static\/chunks\/.*\.js(\?|$)/, async (route) => {
    await released;
    await route.continue().catch(() => {});
  });
  return { release };
}

test("Undo 150 ms after Delete brings the card back, by the toast's button and by key, code still loading", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  const run = await playground.finishedRun({ prompt: `undo at once ${Date.now()}`, width: 512, height: 512 });
  const card = playground.card(run.id);

  /** Delete by key, then undo 150 ms later while the code loaded on first use is still on its way. */
  async function deleteThenUndo(undo: () => Promise<void>) {
    await expect(card).toBeVisible();
    const scripts = await holdLazyScripts(page);
    await playground.imageTarget(run.imageIds[0]).focus();
    await page.keyboard.press("Delete");
    await expect(card).toHaveCount(0);
    await page.waitForTimeout(150);
    await undo();
    scripts.release();
    // The card comes back and the notice says so; both may wait for the code the dev server is still
    // compiling, and the notice leaves after a few seconds, so both are watched at once.
    await Promise.all([
      expect(card).toBeVisible({ timeout: 60_000 }),
      expect(page.getByTestId("gallery-notice")).toContainText("Restored", { timeout: 60_000 }),
    ]);
    await page.unrouteAll({ behavior: "ignoreErrors" });
  }

  await playground.open();
  await deleteThenUndo(() => page.getByTestId("undo-delete").click());
  // Ctrl+Z too, on a fresh page.
  await reload(page);
  await deleteThenUndo(() => page.keyboard.press("Control+z"));

  // The server agrees: still there after a reload.
  await reload(page);
  await expect(card).toBeVisible();
});

test("no run is listed twice and React reports no duplicate key: a run, its detail view, a share link", async ({ page }) => {
  const errors = consoleErrors(page);
  const playground = new PlaygroundPage(page);
  const prompt = `keys ${Date.now()}: a paper boat`;
  await playground.open();
  await playground.run(prompt);
  const card = page.getByTestId("generation-card").filter({ hasText: prompt });
  await expect(card).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expectEachCardOnce(page);

  await card.locator("[data-target-key^='image:']").first().click();
  const dialog = page.getByTestId("image-detail");
  await expect(dialog.getByTestId("detail-share")).toBeVisible({ timeout: 60_000 });
  await dialog.getByTestId("detail-close").click();

  const id = await card.getAttribute("data-generation-id");
  const share = await page.request.post("/api/v1/shares", { data: { generationId: id } });
  expect(share.status()).toBe(201);
  const { slug } = (await share.json()) as { slug: string };
  await open(page, `/?share=${slug}`);
  await expect(page.getByTestId("field-prompt")).toHaveValue(prompt);
  await expect(page.getByTestId("generation-card").first()).toBeVisible();
  await expectEachCardOnce(page);

  expect(errors.filter((text) => /same key/i.test(text))).toEqual([]);
});
