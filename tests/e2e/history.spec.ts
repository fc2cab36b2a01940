import { readFile } from "node:fs/promises";
import { open as openPage, reload as reloadPage } from "./navigation";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

/**
 * The /history page: a filter in the address, the spend of what it matches, and its export. Other
 * specs share the data directory, so every run here carries this file's own tag in its prompt and
 * each filter includes the tag.
 */

interface Run {
  id: string;
  provider: string;
  model: string;
  params: { prompt: string };
  images: { id: string; seed: number }[];
  cost: { estimatedUsd: number };
  timings: { createdAt: string };
}

const tag = `hist${Date.now().toString(36)}`;
const runs: Record<"fox" | "whale" | "heron", Run> = {} as never;

async function createRun(request: APIRequestContext, model: string, provider: string, params: Record<string, unknown>): Promise<Run> {
  const res = await request.post("/api/v1/generations", { data: { model, provider, params } });
  expect(res.status()).toBe(202);
  const { id } = (await res.json()) as { id: string };
  let run: Run & { status: string } = { id, status: "queued" } as never;
  await expect
    .poll(async () => (run = await (await request.get(`/api/v1/generations/${id}`)).json()).status, { timeout: 30_000 })
    .toBe("succeeded");
  return run;
}

test.beforeAll(async ({ request }) => {
  runs.fox = await createRun(request, "flux-pro-1.1", "bfl", { prompt: `${tag} red fox`, width: 512, height: 512, num_images: 2, seed: 100 });
  runs.whale = await createRun(request, "flux-pro-1.1", "fal", { prompt: `${tag} blue whale`, width: 512, height: 512 });
  runs.heron = await createRun(request, "flux-pro-1.1-ultra", "bfl", { prompt: `${tag} blue heron`, aspect_ratio: "1:1" });
});

const gallery = (page: Page) => page.getByTestId("gallery");

/**
 * Until the spend has come (chart or "nothing matches"): the runs below stay where they are from then
 * on. The panel appears only once the filter is checked, after hydration; an address the filter
 * refuses shows its issues instead, with no panel to wait for.
 */
async function settled(page: Page) {
  // Other pages (the playground) have no spend to wait for.
  if (new URL(page.url()).pathname !== "/history") return;
  const issues = page.getByTestId("filter-url-issues");
  await expect(page.getByTestId("spend-panel").or(issues)).toBeVisible();
  if (await issues.isVisible()) return;
  await expect(page.locator('[data-testid="spend-panel"][aria-busy="false"]')).toBeVisible();
  await expect(page.getByTestId("spend-chart").or(page.getByTestId("spend-empty"))).toBeVisible();
}

async function open(page: Page, path: string) {
  await openPage(page, path);
  await settled(page);
}

async function reload(page: Page) {
  await reloadPage(page);
  await settled(page);
}
const usd = (value: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(value);

/** The ids of the runs the gallery shows, once it shows exactly `expected`. */
async function expectRuns(page: Page, expected: Run[]) {
  const cards = gallery(page).getByTestId("generation-card");
  await expect(cards).toHaveCount(expected.length);
  const ids = await cards.evaluateAll((els) => els.map((el) => el.getAttribute("data-generation-id")));
  expect(ids.sort()).toEqual(expected.map((r) => r.id).sort());
}

test("filters set in the bar go to the address; a reload and a bookmark show the same runs", async ({ page }) => {
  await open(page, "/history");
  await page.getByTestId("filter-q").fill(tag);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${tag}$`));
  await expectRuns(page, [runs.fox, runs.whale, runs.heron]);

  await page.getByTestId("filter-host-bfl").click();
  await expect(page.getByTestId("filter-host-bfl")).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(new RegExp(`\\?host=bfl&q=${tag}$`));
  // A host filter shows that host only.
  await expectRuns(page, [runs.fox, runs.heron]);

  await page.getByTestId("filter-model-flux-pro-1.1").click();
  await page.getByTestId("filter-status-succeeded").click();
  await expect(page).toHaveURL(new RegExp(`\\?host=bfl&model=flux-pro-1\\.1&status=succeeded&q=${tag}$`));
  await expectRuns(page, [runs.fox]);
  const url = page.url();

  await reload(page);
  expect(page.url()).toBe(url);
  await expect(page.getByTestId("filter-q")).toHaveValue(tag);
  await expect(page.getByTestId("filter-host-bfl")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("filter-host-fal")).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByTestId("filter-model-flux-pro-1.1")).toHaveAttribute("aria-pressed", "true");
  await expectRuns(page, [runs.fox]);

  // The same address in a new tab (a bookmark) is the same view.
  const tab = await page.context().newPage();
  await open(tab, url.replace(/^https?:\/\/[^/]+/, ""));
  await expectRuns(tab, [runs.fox]);
  await tab.close();

  await page.getByTestId("clear-filters").click();
  await expect(page).toHaveURL(/\/history$/);
  await expect(page.getByTestId("filter-q")).toHaveValue("");
  await expect(page.getByTestId("filter-host-bfl")).toHaveAttribute("aria-pressed", "false");
});

test("a prompt search finds only the runs whose prompt matches, ignoring case", async ({ page }) => {
  await open(page, `/history?q=${tag}%20BLUE`);
  await expectRuns(page, [runs.whale, runs.heron]);
  for (const prompt of await gallery(page).getByTestId("generation-card").allTextContents()) expect(prompt.toLowerCase()).toContain("blue");

  // Typing narrows it once the user pauses (the address follows the debounced text).
  await page.getByTestId("filter-q").fill(`${tag} blue whale`);
  await expect(page).toHaveURL(/q=.*whale/);
  await expectRuns(page, [runs.whale]);
});

test("cost and date bounds narrow the runs; a range that ends before it starts is refused, not applied", async ({ page }) => {
  const costs = Object.values(runs).map((r) => r.cost.estimatedUsd);
  const threshold = Math.max(...costs);
  await open(page, `/history?q=${tag}`);
  await page.getByTestId("filter-min-cost").fill(String(threshold));
  await expect(page).toHaveURL(new RegExp(`minCost=${threshold}`));
  await expectRuns(page, Object.values(runs).filter((r) => r.cost.estimatedUsd >= threshold));

  await page.getByTestId("filter-min-cost").fill("");
  await expect(page).not.toHaveURL(/minCost/);
  // A day in the future: nothing matches, the spend says so, and the day range carries its zone.
  await page.getByTestId("filter-from").fill("2099-01-01");
  await expect(page).toHaveURL(/from=2099-01-01.*tz=/);
  await expect(gallery(page).getByTestId("generation-card")).toHaveCount(0);
  await expect(page.getByTestId("spend-empty")).toBeVisible();
  await expect(page.getByTestId("filter-count")).toHaveText("0 runs · 0 images match");

  const before = page.url();
  await page.getByTestId("filter-to").fill("2098-12-31");
  await expect(page.getByTestId("filter-edit-issues")).toContainText("before");
  await expect(page.getByTestId("filter-to")).toHaveAttribute("aria-invalid", "true");
  expect(page.url()).toBe(before);

  // The runs' own days (in the page's zone) hold them again: taken from when they were made, not
  // from now, so a run made just before midnight still counts.
  const days = await page.evaluate((isos) => isos.map((iso) => new Date(iso).toLocaleDateString("en-CA")).sort(), Object.values(runs).map((r) => r.timings.createdAt));
  await page.getByTestId("filter-from").fill(days[0]);
  await page.getByTestId("filter-to").fill(days[days.length - 1]);
  await expect(page.getByTestId("filter-edit-issues")).toHaveCount(0);
  await expectRuns(page, Object.values(runs));
});

test("the spend panel adds up exactly the filtered runs, per host and model", async ({ page }) => {
  const matching = [runs.fox, runs.heron];
  await open(page, `/history?host=bfl&q=${tag}`);
  const totals = page.getByTestId("spend-totals");
  const images = matching.reduce((n, r) => n + r.images.length, 0);
  const estimated = matching.reduce((sum, r) => sum + r.cost.estimatedUsd, 0);
  await expect(totals).toContainText(`Generations${matching.length}`);
  await expect(totals).toContainText(`Images${images}`);
  await expect(totals).toContainText(`Estimated${usd(estimated)}`);
  // Sandbox hosts bill nothing.
  await expect(totals).toContainText(`Billed${usd(0)}`);
  await expect(page.getByTestId("filter-count")).toHaveText(`2 runs · ${images} images match`);

  const byHost = page.getByTestId("spend-by-host");
  await expect(byHost.locator("tbody tr")).toHaveCount(1);
  await expect(byHost.locator('tr[data-key="bfl"]')).toContainText(usd(estimated));
  const byModel = page.getByTestId("spend-by-model");
  await expect(byModel.locator('tr[data-key="flux-pro-1.1"]')).toContainText(usd(runs.fox.cost.estimatedUsd));
  await expect(byModel.locator('tr[data-key="flux-pro-1.1-ultra"]')).toContainText(usd(runs.heron.cost.estimatedUsd));

  const chart = page.getByTestId("spend-chart");
  await expect(chart).toBeVisible();
  await expect(chart.getByRole("img")).toHaveAttribute("aria-label", /Spend per day/);
  await chart.getByTestId("spend-bar").last().hover();
  await expect(page.getByTestId("spend-chart-readout")).toContainText("estimated");
});

test("Export JSON downloads the filtered runs with every parameter", async ({ page }) => {
  await open(page, `/history?host=bfl&q=${tag}`);
  const link = page.getByTestId("export-json");
  await expect(link).toHaveAttribute("href", `/api/v1/history/export?host=bfl&q=${tag}&format=json`);
  await expect(page.getByTestId("export-zip")).toHaveAttribute("href", `/api/v1/history/export?host=bfl&q=${tag}&format=zip`);
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  const doc = JSON.parse(await readFile((await download.path())!, "utf8")) as { filter: unknown; generations: Run[]; count: number };
  expect(doc.filter).toEqual({ host: ["bfl"], q: tag });
  expect(doc.generations.map((g) => g.id).sort()).toEqual([runs.fox.id, runs.heron.id].sort());
  expect(doc.count).toBe(2);
  const fox = doc.generations.find((g) => g.id === runs.fox.id)!;
  expect(fox.params).toMatchObject({ prompt: `${tag} red fox`, width: 512, height: 512, num_images: 2, seed: 100 });
  expect(fox.images.map((i) => i.seed)).toEqual([100, 101]);
});

test("favourites only shows the runs with a favourite image", async ({ page }) => {
  const res = await page.request.patch(`/api/v1/images/${runs.whale.images[0].id}`, { data: { favorite: true } });
  expect(res.status()).toBe(200);
  await open(page, `/history?q=${tag}`);
  await page.getByTestId("filter-favorites").check();
  await expect(page).toHaveURL(/favorites=1/);
  await expectRuns(page, [runs.whale]);
});

test("a filter the history cannot apply says what is wrong instead of failing; Clear filters recovers", async ({ page }) => {
  await open(page, "/history?host=nope&from=2026-02-30&maxCost=-1");
  const issues = page.getByTestId("filter-url-issues");
  await expect(issues).toBeVisible();
  await expect(issues).toContainText("host");
  await expect(issues).toContainText("from");
  await expect(issues).toContainText("maxCost");
  await expect(gallery(page)).toHaveCount(0);
  await expect(page.getByTestId("export-json")).toHaveCount(0);
  await expect(page.getByTestId("filter-count")).toHaveCount(0);
  await page.getByTestId("url-issues-clear").click();
  await expect(page).toHaveURL(/\/history$/);
  await expect(gallery(page)).toBeVisible();
});

test("Reuse settings opens the playground with the run's settings and that image's seed", async ({ page }) => {
  await open(page, `/history?q=${encodeURIComponent(`${tag} red fox`)}`);
  const card = gallery(page).locator(`[data-testid="generation-card"][data-generation-id="${runs.fox.id}"]`);
  await card.getByTestId("generation-image").nth(1).click();
  await page.getByTestId("detail-reuse").click();
  await expect(page).toHaveURL(`/?from=${runs.fox.id}&image=${runs.fox.images[1].id}`);
  await expect(page.getByTestId("field-prompt")).toHaveValue(`${tag} red fox`);
  await expect(page.getByTestId("field-width")).toHaveValue("512");
  await expect(page.getByTestId("field-seed")).toHaveValue(String(runs.fox.images[1].seed));
  await expect(page.getByTestId("seed-lock")).toHaveAttribute("aria-pressed", "true");
});

test("the headers and the playground's gallery link to the history", async ({ page }) => {
  await open(page, "/");
  await page.getByTestId("open-history").click();
  await expect(page).toHaveURL(/\/history$/);
  await expect(page.getByTestId("history-link")).toHaveAttribute("aria-current", "page");
  await page.getByTestId("compare-link").click();
  await expect(page).toHaveURL(/\/compare$/);
  await page.getByTestId("history-link").click();
  await expect(page).toHaveURL(/\/history$/);
});
