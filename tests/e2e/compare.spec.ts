import { open } from "./navigation";
import { expect, test, type Page } from "@playwright/test";

/** Compare mode as a user drives it: three hosts × two seeds, blind votes, the leaderboard, the history. */
const HOSTS = ["bfl", "fal", "replicate"];

async function totalVotes(page: Page): Promise<number> {
  return ((await (await page.request.get("/api/v1/leaderboard?model=flux-pro-1.1&source=sandbox")).json()) as { totalVotes: number }).totalVotes;
}

async function waitForAllCells(page: Page, count: number) {
  const cells = page.getByTestId("compare-cell");
  await expect(cells).toHaveCount(count);
  await expect
    .poll(async () => (await cells.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).every((s) => s === "succeeded"), { timeout: 30_000 })
    .toBe(true);
}

test("three hosts × two seeds, three blind votes move the leaderboard, and the comparison reopens from the history", async ({ page }) => {
  test.setTimeout(120_000);
  const votesBefore = await totalVotes(page);
  await open(page, "/compare");
  const prompt = `A paper lantern festival ${Date.now()}`;
  await page.getByTestId("field-prompt").fill(prompt);
  // Only three hosts.
  const boxes = page.locator('[data-testid^="compare-host-"][type="checkbox"]');
  for (const box of await boxes.all()) {
    const id = (await box.getAttribute("data-testid"))!.replace("compare-host-", "");
    if (HOSTS.includes(id)) await box.check();
    else if (await box.isEnabled()) await box.uncheck();
  }
  await page.getByTestId("compare-seeds").fill("3, 4");
  await page.getByTestId("compare-blind").check();
  await expect(page.getByTestId("compare-estimate")).toContainText("$");
  await page.getByTestId("compare-run").click();
  await page.waitForURL(/\/compare\/[A-Za-z0-9_-]+$/);
  const firstUrl = page.url();
  const firstId = firstUrl.split("/").pop()!;
  await waitForAllCells(page, 6);

  // Blind: no host name in unvoted rows, only letters.
  const grid = page.getByTestId("compare-grid");
  for (const name of ["Black Forest Labs", "fal.ai", "Replicate"]) await expect(grid).not.toContainText(name);

  // Vote: best in the first row, a tie in the second.
  await page.getByTestId("vote-best").first().click();
  await expect(page.getByTestId("vote-result")).toHaveCount(1);
  await page.getByTestId("vote-tie").first().click();
  await expect(page.getByTestId("vote-result")).toHaveCount(2);
  await expect(grid).toContainText("Black Forest Labs"); // revealed after the votes

  // A re-run with new seeds is a new comparison; one more vote there.
  await page.getByTestId("compare-rerun").click();
  await page.waitForURL((url) => url.toString() !== firstUrl && /\/compare\/[A-Za-z0-9_-]+$/.test(url.pathname));
  await waitForAllCells(page, 6);
  await page.getByTestId("vote-best").first().click();
  await expect(page.getByTestId("vote-result")).toHaveCount(1);
  expect(await totalVotes(page)).toBe(votesBefore + 3);

  // The leaderboard shows the votes.
  await open(page, "/leaderboard?model=flux-pro-1.1&source=sandbox"); // sandbox votes are kept apart from live ones
  await expect(page.getByTestId("leaderboard-table")).toBeVisible();
  const rated = page.getByTestId("leaderboard-row").filter({ hasText: /\d/ });
  await expect(rated.first()).toBeVisible();
  for (const host of HOSTS) await expect(page.locator(`[data-testid="leaderboard-row"][data-provider="${host}"]`)).toBeVisible();
  const board = await (await page.request.get("/api/v1/leaderboard?model=flux-pro-1.1&source=sandbox")).json();
  for (const host of HOSTS) expect(board.hosts.find((h: { provider: string }) => h.provider === host).votes).toBeGreaterThanOrEqual(3);

  // The first comparison is one entry of the history and opens as its grid, votes kept.
  await open(page, "/");
  const card = page.locator(`[data-testid="comparison-card"][data-comparison-id="${firstId}"]`);
  await expect(card).toBeVisible();
  await expect(card).toContainText(prompt);
  await card.locator(`a[href$="/compare/${firstId}"]`).first().click();
  await page.waitForURL(new RegExp(`/compare/${firstId}$`));
  await expect(page.getByTestId("compare-cell")).toHaveCount(6);
  await expect(page.getByTestId("vote-result")).toHaveCount(2);
});

test("a cell's image can be reused in the playground form", async ({ page }) => {
  const res = await page.request.post("/api/v1/comparisons", {
    data: { model: "flux-pro-1.1", providers: ["bfl", "runware"], seeds: [42], params: { prompt: "reuse me", width: 768, height: 1024 } },
  });
  const { id } = await res.json();
  await open(page, `/compare/${id}`);
  await waitForAllCells(page, 2);
  await page.getByTestId("compare-reuse").first().click();
  await page.waitForURL(/\/\?from=/);
  await expect(page.getByTestId("field-prompt")).toHaveValue("reuse me");
  await expect(page.getByTestId("field-width")).toHaveValue("768");
  await expect(page.getByTestId("field-seed")).toHaveValue("42");
});

test("a cell's image is starred on the comparison's page; the history's favourites show the comparison, starred", async ({ page }) => {
  const prompt = `starred lighthouse ${Date.now()}`;
  const res = await page.request.post("/api/v1/comparisons", {
    data: { model: "flux-pro-1.1", providers: ["bfl", "fal"], seeds: [7], params: { prompt, width: 512, height: 512 } },
  });
  const { id } = await res.json();
  await open(page, `/compare/${id}`);
  await waitForAllCells(page, 2);

  const cell = page.locator('[data-testid="compare-cell"][data-provider="fal"]');
  const cellId = (await cell.getAttribute("data-generation-id"))!;
  const star = cell.getByTestId("favorite-toggle");
  await cell.getByTestId("compare-cell-image").hover();
  await star.click();
  await expect(star).toHaveAttribute("aria-pressed", "true");
  const favoriteOnServer = async () => (await (await page.request.get(`/api/v1/generations/${cellId}`)).json()).images[0].favorite;
  await expect.poll(favoriteOnServer).toBe(true);
  await page.reload();
  await expect(page.locator('[data-testid="compare-cell"][data-provider="fal"]').getByTestId("favorite-toggle")).toHaveAttribute("aria-pressed", "true");

  // Favourites only: the comparison is there, its starred thumbnail marked.
  await open(page, `/history?favorites=1&q=${encodeURIComponent(prompt)}`);
  const card = page.locator(`[data-testid="comparison-card"][data-comparison-id="${id}"]`);
  await expect(card).toBeVisible();
  await expect(card.locator('[data-testid="comparison-thumb"][data-favorite]')).toHaveCount(1);

  // Unstarred, it leaves the favourites.
  await open(page, `/compare/${id}`);
  const again = page.locator('[data-testid="compare-cell"][data-provider="fal"]').getByTestId("favorite-toggle");
  await again.click();
  await expect(again).toHaveAttribute("aria-pressed", "false");
  await expect.poll(favoriteOnServer).toBe(false);
  await open(page, `/history?favorites=1&q=${encodeURIComponent(prompt)}`);
  await expect(page.getByTestId("filter-count")).toContainText("0 runs");
  await expect(card).toHaveCount(0);
});
