import { open } from "./navigation";
import { expect, test, type Page } from "@playwright/test";

/** What the history says when there is nothing to show, and the app's own 404 pages. */

const ZERO = { generations: 0, images: 0, estimatedUsd: 0, billedUsd: 0 };

/** The history as a brand-new user sees it: the server's answers for an empty account. */
async function emptyAccount(page: Page) {
  await page.route(/\/api\/v1\/history\/spend\?/, (route) => route.fulfill({ json: { totals: ZERO, byDay: [], byHost: [], byModel: [], timeZone: "UTC" } }));
  await page.route(/\/api\/v1\/history\?/, (route) => route.fulfill({ json: { items: [], nextCursor: null, totals: null } }));
}

test("a history with no runs links to the playground and disables both exports, saying why", async ({ page }) => {
  await emptyAccount(page);
  await open(page, "/history");
  const empty = page.getByTestId("history-empty");
  await expect(empty).toHaveAttribute("data-reason", "none");
  await expect(empty).not.toContainText("press Run");
  await expect(page.getByTestId("export-json")).toBeDisabled();
  await expect(page.getByTestId("export-zip")).toBeDisabled();
  await expect(page.getByTestId("export-empty-reason")).toHaveText("No runs yet to export.");
  await expect(page.getByTestId("export-json")).toHaveAttribute("aria-describedby", "export-empty-reason");
  await empty.getByTestId("history-empty-playground").click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("run-button")).toBeVisible();
});

test("a filter that matches nothing says so and clears in one click", async ({ page }) => {
  // A run exists, so the history is not empty: only the filter is.
  await page.request.post("/api/v1/generations", { data: { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "a run to not match", width: 512, height: 512 } } });
  await open(page, `/history?q=${encodeURIComponent(`nothing-matches-${Date.now()}`)}`);
  const empty = page.getByTestId("history-empty");
  await expect(empty).toHaveAttribute("data-reason", "filter");
  await expect(empty).toContainText("No run matches this filter.");
  await expect(empty).not.toContainText("No runs yet");
  await expect(page.getByTestId("export-json")).toBeDisabled();
  await expect(page.getByTestId("export-empty-reason")).toHaveText("Nothing matches this filter to export.");
  await empty.getByTestId("history-empty-clear").click();
  await expect(page).toHaveURL(/\/history$/);
  await expect(page.getByTestId("generation-card").first()).toBeVisible();
  await expect(page.getByTestId("export-json")).toHaveAttribute("href", /format=json/);
});

test("a bad filter address names the filter, quotes the value and says what is allowed, without schema paths", async ({ page }) => {
  await open(page, "/history?host=nowhere&maxCost=-1");
  const issues = page.getByTestId("filter-url-issues");
  await expect(issues).toBeVisible();
  await expect(issues).toContainText("Host");
  await expect(issues).toContainText("host=nowhere");
  await expect(issues).toContainText("bfl");
  await expect(issues).toContainText("Maximum cost");
  await expect(issues).not.toContainText("host.0");
  await expect(issues.locator("code")).toHaveCount(0);
});

test("an unknown or revoked share link shows a branded page with a way into the playground", async ({ page, browser, baseURL }) => {
  const res = await page.request.post("/api/v1/generations", { data: { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "shared, then revoked", width: 512, height: 512 } } });
  const { id } = (await res.json()) as { id: string };
  await expect.poll(async () => ((await (await page.request.get(`/api/v1/generations/${id}`)).json()) as { status: string }).status, { timeout: 30_000 }).toBe("succeeded");
  const share = (await (await page.request.post("/api/v1/shares", { data: { generationId: id } })).json()) as { slug: string };
  expect((await page.request.delete(`/api/v1/shares/${share.slug}`)).ok()).toBe(true);

  const visitor = await browser.newContext({ baseURL });
  try {
    const stranger = await visitor.newPage();
    for (const slug of [share.slug, "AAAAAAAAAAAAAAAAAAAAAA"]) {
      const answer = await stranger.goto(`/s/${slug}`);
      expect(answer?.status()).toBe(404);
      await expect(stranger.getByTestId("share-not-found")).toContainText("revoked");
      await expect(stranger.getByRole("heading", { level: 1 })).toHaveText("This share link no longer works");
      await expect(stranger.locator("body")).not.toContainText("This page could not be found");
    }
    await stranger.getByTestId("not-found-playground").click();
    await expect(stranger).toHaveURL(/\/$/);
  } finally {
    await visitor.close();
  }
});

test("any unknown address shows the app's own not-found page", async ({ page }) => {
  const answer = await page.goto("/no-such-page");
  expect(answer?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This page does not exist");
  await expect(page.getByTestId("not-found-playground")).toHaveAttribute("href", "/");
});
