import { open } from "./navigation";
import { expect, test, type Page } from "@playwright/test";

/** Every page on a 390 px phone: nothing scrolls sideways, and a blind row's vote stays on screen. */
const PHONE = { width: 390, height: 844 };

test.use({ viewport: PHONE });

async function ended(page: Page, path: string) {
  await expect
    .poll(async () => {
      const body = (await (await page.request.get(path)).json()) as { status?: string; generations?: { status: string }[] };
      return body.generations ? body.generations.every((g) => ["succeeded", "failed", "canceled"].includes(g.status)) : body.status === "succeeded";
    }, { timeout: 30_000 })
    .toBe(true);
}

async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

test("no page scrolls sideways at 390 px", async ({ page }) => {
  test.setTimeout(120_000);
  const generation = await (
    await page.request.post("/api/v1/generations", {
      data: { model: "flux-pro-1.1", provider: "bfl", params: { prompt: `A narrow lighthouse ${Date.now()}`, width: 512, height: 768 } },
    })
  ).json();
  const comparison = await (
    await page.request.post("/api/v1/comparisons", {
      data: { model: "flux-pro-1.1", providers: ["bfl", "fal", "replicate", "runware", "together"], seeds: [5, 6], params: { prompt: `A narrow harbour ${Date.now()}`, width: 512, height: 512 } },
    })
  ).json();
  await ended(page, `/api/v1/generations/${generation.id}`);
  await ended(page, `/api/v1/comparisons/${comparison.id}`);
  const imageShare = await (await page.request.post("/api/v1/shares", { data: { generationId: generation.id } })).json();
  const comparisonShare = await (await page.request.post("/api/v1/shares", { data: { comparisonId: comparison.id } })).json();

  const paths = [
    "/",
    "/compare",
    `/compare/${comparison.id}`,
    "/history",
    "/history?host=nowhere",
    "/leaderboard",
    "/hosts",
    `/s/${imageShare.slug}`,
    `/s/${comparisonShare.slug}`,
    "/s/AAAAAAAAAAAAAAAAAAAAAA",
    "/no-such-page",
    "/keys",
    "/tokens",
    "/admin",
  ];
  for (const path of paths) {
    await page.goto(path);
    await page.waitForLoadState("load");
    expect.soft(await pageWidth(page), `${path} is wider than the phone`).toBeLessThanOrEqual(PHONE.width);
  }
});

test("a blind row's vote controls are on screen at 390 px without scrolling sideways", async ({ page }) => {
  const res = await page.request.post("/api/v1/comparisons", {
    data: { model: "flux-pro-1.1", providers: ["bfl", "fal", "replicate", "runware"], seeds: [9], blind: true, params: { prompt: `A blind phone ${Date.now()}`, width: 512, height: 512 } },
  });
  const { id } = await res.json();
  await ended(page, `/api/v1/comparisons/${id}`);
  await open(page, `/compare/${id}`);
  const tie = page.getByTestId("vote-tie");
  const grid = page.getByTestId("compare-grid");
  await tie.evaluate((el) => el.scrollIntoView({ block: "center" }));
  // Wherever the grid is scrolled sideways (its start, its end), Tie is on screen.
  for (const edge of ["start", "end"] as const) {
    await grid.evaluate((el, at) => el.scrollTo({ left: at === "start" ? 0 : el.scrollWidth, behavior: "instant" }), edge);
    await expect(tie, edge).toBeInViewport({ ratio: 1 });
  }
  expect(await grid.evaluate((el) => el.scrollWidth > el.clientWidth), "four hosts are wider than a phone").toBe(true);
  expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
  await tie.click();
  await expect(page.getByTestId("vote-result")).toBeVisible();
});
