import { open, reload } from "./navigation";
import { expect, test, type Page } from "@playwright/test";

/**
 * The history gallery: keys, favourites, delete with undo, bulk delete. Other specs share the data
 * directory, so every run here has a prompt of its own and nothing assumes an empty history.
 */

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

interface Run {
  id: string;
  prompt: string;
  imageId: string;
  seed: number;
}

/** Starts the runs in order (newest last, so first in the gallery) and waits for all of them. */
async function makeRuns(page: Page, prompts: string[]): Promise<Run[]> {
  const ids: string[] = [];
  for (const [i, prompt] of prompts.entries()) {
    const res = await page.request.post("/api/v1/generations", {
      data: { model: "flux-pro-1.1", provider: "bfl", params: { prompt, width: 512, height: 512, seed: 1000 + i } },
    });
    expect(res.status()).toBe(202);
    ids.push(((await res.json()) as { id: string }).id);
  }
  const runs: Run[] = [];
  for (const [i, id] of ids.entries()) {
    let dto: { status: string; images: { id: string; seed: number }[] } = { status: "queued", images: [] };
    await expect
      .poll(async () => (dto = await (await page.request.get(`/api/v1/generations/${id}`)).json()).status, { timeout: 30_000 })
      .toBe("succeeded");
    runs.push({ id, prompt: prompts[i], imageId: dto.images[0].id, seed: dto.images[0].seed });
  }
  return runs;
}

const card = (page: Page, run: Run) => page.locator(`[data-testid="generation-card"][data-generation-id="${run.id}"]`);
const tile = (page: Page, run: Run) => page.locator(`[data-testid="image-tile"][data-image-id="${run.imageId}"]`);
const tileButton = (page: Page, run: Run) => page.locator(`[data-target-key="image:${run.imageId}"]`);
const focusedKey = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.targetKey ?? null);

/**
 * Holds back the answers to the page's server actions (a POST with a Next-Action header) until
 * `release`; from then on they pass straight through. The server acts at once, only its answer waits.
 */
async function holdServerActions(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/*", async (route) => {
    if (route.request().method() !== "POST" || !route.request().headers()["next-action"]) return route.fallback();
    const response = await route.fetch();
    await released;
    await route.fulfill({ response });
  });
  return { release };
}

async function inHistory(page: Page, tag: string): Promise<string[]> {
  const res = await page.request.get(`/api/v1/history?q=${encodeURIComponent(tag)}&limit=100`);
  const page1 = (await res.json()) as { items: { kind: string; generation?: { id: string } }[] };
  return page1.items.flatMap((item) => (item.generation ? [item.generation.id] : []));
}

test("arrows move between images, Enter opens the detail view, arrows page there, Esc closes, ? lists the shortcuts", async ({ page }) => {
  const tag = `keys-${Date.now()}`;
  const [older, middle, newest] = await makeRuns(page, [`${tag} a lighthouse`, `${tag} a harbour`, `${tag} a gull`]);
  await open(page, "/");
  await expect(tile(page, newest)).toBeVisible();
  const columns = Number(await page.getByTestId("gallery-grid").getAttribute("data-columns"));

  // One tab stop: the first tile; the others are reached with arrows.
  await tileButton(page, newest).focus();
  expect(await focusedKey(page)).toBe(`image:${newest.imageId}`);
  await page.keyboard.press("ArrowRight");
  expect(await focusedKey(page)).toBe(`image:${middle.imageId}`);
  await page.keyboard.press("ArrowRight");
  expect(await focusedKey(page)).toBe(`image:${older.imageId}`);
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  expect(await focusedKey(page)).toBe(`image:${newest.imageId}`);
  // Down one row is `columns` cards further; up comes back.
  await page.keyboard.press("ArrowDown");
  if (columns === 1) expect(await focusedKey(page)).toBe(`image:${middle.imageId}`);
  else if (columns === 2) expect(await focusedKey(page)).toBe(`image:${older.imageId}`);
  else expect(await focusedKey(page)).not.toBe(`image:${newest.imageId}`);
  await page.keyboard.press("ArrowUp");
  expect(await focusedKey(page)).toBe(`image:${newest.imageId}`);

  // Enter opens the image; arrows page through the images there.
  await page.keyboard.press("Enter");
  const dialog = page.getByTestId("image-detail");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(newest.prompt);
  await page.keyboard.press("ArrowRight");
  await expect(dialog).toContainText(middle.prompt);
  await page.keyboard.press("ArrowRight");
  await expect(dialog).toContainText(older.prompt);
  await page.keyboard.press("ArrowLeft");
  await expect(dialog).toContainText(middle.prompt);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  // Focus returns to the grid, on the image last seen.
  await expect.poll(() => focusedKey(page)).toBe(`image:${middle.imageId}`);

  // ? lists the shortcuts; Esc closes that too.
  await page.keyboard.press("?");
  const shortcuts = page.getByTestId("shortcuts-dialog");
  await expect(shortcuts).toBeVisible();
  await expect(shortcuts).toContainText("Copy the seed");
  await expect(shortcuts).toContainText("Delete (with undo)");
  await page.keyboard.press("Escape");
  await expect(shortcuts).toBeHidden();

  // Keys typed in the form are the form's.
  await page.getByTestId("field-prompt").fill("");
  await page.getByTestId("field-prompt").press("?");
  await expect(page.getByTestId("field-prompt")).toHaveValue("?");
  await expect(shortcuts).toBeHidden();
});

test("F marks a favourite, S copies the seed, R reuses the settings, Delete removes with undo; all of it survives a reload", async ({ page }) => {
  const tag = `fav-${Date.now()}`;
  const [kept, doomed] = await makeRuns(page, [`${tag} a red kite`, `${tag} a blue kite`]);
  await open(page, "/");

  // F: a favourite, on the thumbnail and on the server.
  await tileButton(page, kept).focus();
  const star = tile(page, kept).getByTestId("favorite-toggle");
  await expect(star).toHaveAttribute("aria-pressed", "false");
  await page.keyboard.press("f");
  await expect(star).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => (await (await page.request.get(`/api/v1/generations/${kept.id}`)).json()).images[0].favorite).toBe(true);
  await reload(page);
  await expect(tile(page, kept).getByTestId("favorite-toggle")).toHaveAttribute("aria-pressed", "true");

  // S: the seed on the clipboard.
  await tileButton(page, kept).focus();
  await page.keyboard.press("s");
  await expect(page.getByTestId("gallery-notice")).toContainText("Seed copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(String(kept.seed));

  // R: the form takes the run's settings.
  await page.getByTestId("field-prompt").fill("something else");
  await tileButton(page, kept).focus();
  await page.keyboard.press("r");
  await expect(page.getByTestId("field-prompt")).toHaveValue(kept.prompt);
  await expect(page.getByTestId("field-seed")).toHaveValue(String(kept.seed));

  // Delete, then Undo: back, and still there after a reload.
  await tileButton(page, doomed).focus();
  await page.keyboard.press("Delete");
  await expect(page.getByTestId("undo-toast")).toContainText("Deleted 1 image");
  await expect(card(page, doomed)).toHaveCount(0);
  // The focus moved on to the next image instead of getting lost.
  expect(await focusedKey(page)).toMatch(/^(image|generation|comparison):/);
  await page.getByTestId("undo-delete").click();
  await expect(card(page, doomed)).toBeVisible();
  await reload(page);
  await expect(card(page, doomed)).toBeVisible();

  // Ctrl+Z undoes too, even pressed before the server has answered the delete (held back here):
  // the card left at once, so the undo cannot wait for the toast.
  const answer = await holdServerActions(page);
  await tileButton(page, doomed).focus();
  await page.keyboard.press("Backspace");
  await expect(card(page, doomed)).toHaveCount(0);
  await expect(page.getByTestId("undo-toast")).toContainText("Deleting");
  await page.keyboard.press("Control+z");
  answer.release();
  await expect(card(page, doomed)).toBeVisible();
  await expect(page.getByTestId("gallery-notice")).toContainText("Restored");
  await reload(page);
  await expect(card(page, doomed)).toBeVisible();

  // Deleted from the thumbnail's button, without undo: gone for good, the favourite stays. The
  // loaded pages already show it gone: only the sums are asked again, not every page.
  const pagesAsked: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname === "/api/v1/history") pagesAsked.push(url.search);
  });
  const totalsAsked = page.waitForRequest((request) => new URL(request.url()).pathname === "/api/v1/history/totals");
  await tile(page, doomed).hover();
  await tile(page, doomed).getByTestId("delete-target").click();
  await expect(page.getByTestId("undo-toast")).toContainText("Deleted 1 image");
  await expect(card(page, doomed)).toHaveCount(0);
  await totalsAsked;
  expect(pagesAsked).toEqual([]);
  await reload(page);
  await expect(card(page, kept)).toBeVisible();
  await expect(card(page, doomed)).toHaveCount(0);
  expect(await inHistory(page, tag)).toEqual([kept.id]);
});

test("the detail view favourites, deletes (moving on) and re-runs on another host", async ({ page }) => {
  const tag = `detail-${Date.now()}`;
  const [first, second] = await makeRuns(page, [`${tag} a fern`, `${tag} a moss`]);
  await open(page, "/");
  await tileButton(page, second).click();
  const dialog = page.getByTestId("image-detail");
  await expect(dialog).toContainText(second.prompt);

  await page.keyboard.press("f");
  await expect(dialog.getByTestId("favorite-toggle")).toHaveAttribute("aria-pressed", "true");
  await expect(tile(page, second).getByTestId("favorite-toggle")).toHaveAttribute("aria-pressed", "true");

  // Re-run on another host: same model, parameters and seed; on top of the gallery.
  await dialog.getByTestId("detail-rerun").click();
  await dialog.getByTestId("rerun-host-fal").click();
  await expect(dialog.getByTestId("rerun-status")).toContainText("Started on");
  await expect
    .poll(async () => (await (await page.request.get(`/api/v1/history?q=${encodeURIComponent(second.prompt)}&limit=10`)).json()).items.length)
    .toBe(2);
  const rerun = (await (await page.request.get(`/api/v1/history?q=${encodeURIComponent(second.prompt)}&limit=10`)).json()).items[0].generation;
  expect(rerun).toMatchObject({ provider: "fal", model: "flux-pro-1.1", params: { prompt: second.prompt, seed: second.seed, width: 512, height: 512 } });

  // Delete in the view: it moves on to the next image, with undo.
  await dialog.getByTestId("detail-close").click();
  await tileButton(page, first).click();
  await expect(dialog).toContainText(first.prompt);
  await page.keyboard.press("Delete");
  await expect(dialog.getByTestId("undo-toast")).toContainText("Deleted 1 image");
  await expect(dialog).toBeVisible();
  await expect(dialog).not.toContainText(first.prompt);
  await dialog.getByTestId("undo-delete").click();
  await page.keyboard.press("Escape");
  await expect(card(page, first)).toBeVisible();
});

test("a bulk delete of a selection spares favourites, unless they are included", async ({ page }) => {
  const tag = `bulk-${Date.now()}`;
  const runs = await makeRuns(page, [`${tag} one`, `${tag} two`, `${tag} three`]);
  const [favourite, ...plain] = runs;
  const res = await page.request.patch(`/api/v1/images/${favourite.imageId}`, { data: { favorite: true } });
  expect(res.ok()).toBe(true);

  await open(page, "/");
  // Newest first: three, two, one. A click, then a shift-click selects the range.
  await tile(page, runs[2]).getByTestId("select-toggle").click();
  await tile(page, runs[0]).getByTestId("select-toggle").click({ modifiers: ["Shift"] });
  const bar = page.getByTestId("selection-bar");
  await expect(bar).toContainText("3 selected");
  await page.getByTestId("bulk-delete").click();
  await expect(page.getByTestId("undo-toast")).toContainText("Deleted 2 images");
  await expect(page.getByTestId("undo-toast")).toContainText("1 favourite kept");
  await expect(bar).toBeHidden();
  for (const run of plain) await expect(card(page, run)).toHaveCount(0);
  await expect(card(page, favourite)).toBeVisible();
  await reload(page);
  await expect(card(page, favourite)).toBeVisible();
  expect(await inHistory(page, tag)).toEqual([favourite.id]);

  // Esc clears a selection.
  await tile(page, favourite).getByTestId("select-toggle").click();
  await expect(bar).toContainText("1 selected");
  await page.keyboard.press("Escape");
  await expect(bar).toBeHidden();

  // Ticked "Include favourites": the favourite goes too.
  await tile(page, favourite).getByTestId("select-toggle").click();
  await page.getByTestId("include-favorites").check();
  await page.getByTestId("bulk-delete").click();
  await expect(page.getByTestId("undo-toast")).toContainText("Deleted 1 image");
  await expect(card(page, favourite)).toHaveCount(0);
  await reload(page);
  await expect(card(page, favourite)).toHaveCount(0);
  expect(await inHistory(page, tag)).toEqual([]);
});

test("a thousand entries: only the rows near the viewport are in the DOM, and scrolling fetches the next pages", async ({ page }) => {
  const total = 1000;
  const pageSize = 100;
  const thumb = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#555"/></svg>')}`;
  const entry = (i: number) => ({
    kind: "generation",
    generation: {
      id: `mock-${i}`,
      model: "flux-pro-1.1",
      provider: "bfl",
      comparisonId: null,
      params: { prompt: `mock entry ${i}`, width: 512, height: 512, seed: i },
      status: "succeeded",
      sandbox: true,
      progress: null,
      queue: null,
      failover: [],
      servedBy: "bfl",
      attempts: [],
      images: [{ id: `mock-image-${i}`, index: 0, url: thumb, thumbUrl: thumb, width: 512, height: 512, contentType: "image/png", bytes: 100, seed: i, favorite: false }],
      cost: { estimatedUsd: 0.04, billedUsd: 0, billedSource: "sandbox", unitPriceUsd: 0.04 },
      timings: { createdAt: new Date(Date.UTC(2025, 0, 1) - i * 1000).toISOString(), submittedAt: null, hostReadyAt: null, finishedAt: null, hostLatencyMs: 900, totalMs: 1000 },
      error: null,
      warnings: [],
    },
  });
  // The history as served: a thousand entries in pages of a hundred.
  await page.route(
    (url) => url.pathname === "/api/v1/history",
    (route) => {
      const from = Number(new URL(route.request().url()).searchParams.get("cursor") ?? 0);
      const to = Math.min(total, from + pageSize);
      const items = Array.from({ length: to - from }, (_, k) => entry(from + k));
      return route.fulfill({
        json: { items, nextCursor: to < total ? String(to) : null, totals: { generations: total, images: total, estimatedUsd: 40, billedUsd: 0 } },
      });
    },
  );
  await open(page, "/");
  const cards = page.getByTestId("generation-card");
  await expect(cards.first()).toBeVisible();
  const firstCount = await cards.count();
  expect(firstCount).toBeLessThan(30);

  // Scrolling down loads page after page without a click.
  const loadMore = page.getByTestId("load-more");
  await expect(async () => {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(loadMore).toHaveCount(0, { timeout: 500 });
  }).toPass({ timeout: 30_000 });
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(page.locator('[data-generation-id="mock-999"]')).toBeVisible();

  const rendered = await cards.count();
  const domNodes = await page.evaluate(() => document.querySelectorAll("*").length);
  test.info().annotations.push({ type: "measure", description: `${total} entries loaded: ${rendered} cards and ${domNodes} DOM elements in the page` });
  console.log(`gallery: ${total} entries loaded, ${rendered} cards, ${domNodes} DOM elements`);
  expect(rendered).toBeLessThan(30);

  // The grid's height is known from its width alone: the last row sits where the arithmetic says.
  const { gridHeight, lastBottom } = await page.evaluate(() => {
    const grid = document.querySelector<HTMLElement>('[data-testid="gallery-grid"]')!;
    const last = grid.querySelector<HTMLElement>('[aria-posinset="1000"]')!;
    return { gridHeight: grid.getBoundingClientRect().height, lastBottom: last.offsetTop + last.offsetHeight };
  });
  expect(Math.abs(gridHeight - lastBottom)).toBeLessThan(1);
});
