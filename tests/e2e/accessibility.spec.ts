import { expect, test, type APIRequestContext } from "@playwright/test";
import { PlaygroundPage } from "../pages/playground";
import { audit, SIZES } from "../support/axe";
import { open, reload } from "./navigation";

/**
 * axe-core on every page and state of local mode, dark and light, desktop and phone (team mode's
 * sign-in and account pages: team-accessibility.spec.ts). One set of runs, made once through the
 * API, serves every page.
 */
interface Runs {
  prompt: string;
  generationId: string;
  comparisonId: string;
  blindComparisonId: string;
  sharePath: string;
}
let runs: Runs;

// Each audit test runs axe 4-12 times: room for a slow machine.
test.describe.configure({ timeout: 120_000 });

async function ended(api: APIRequestContext, path: string) {
  await expect
    .poll(async () => ((await (await api.get(path)).json()) as { status: string }).status, { timeout: 30_000 })
    .toMatch(/^(succeeded|partial|failed|canceled)$/);
}

async function post<T>(api: APIRequestContext, path: string, data: object): Promise<T> {
  const res = await api.post(path, { data });
  expect(res.ok(), `${path}: ${res.status()}`).toBe(true);
  return (await res.json()) as T;
}

test.beforeAll(async ({ playwright }, info) => {
  const api = await playwright.request.newContext({ baseURL: info.project.use.baseURL });
  const prompt = `a11y lighthouse at dusk ${Date.now()}`;
  const params = { prompt, width: 512, height: 512, seed: 5 };
  const { id: generationId } = await post<{ id: string }>(api, "/api/v1/generations", { model: "flux-pro-1.1", provider: "bfl", params });
  const comparison = { model: "flux-pro-1.1", providers: ["bfl", "fal"], seeds: [5], params };
  const { id: comparisonId } = await post<{ id: string }>(api, "/api/v1/comparisons", comparison);
  const { id: blindComparisonId } = await post<{ id: string }>(api, "/api/v1/comparisons", { ...comparison, blind: true });
  await ended(api, `/api/v1/generations/${generationId}`);
  await ended(api, `/api/v1/comparisons/${comparisonId}`);
  await ended(api, `/api/v1/comparisons/${blindComparisonId}`);
  const { url } = await post<{ url: string }>(api, "/api/v1/shares", { generationId });
  runs = { prompt, generationId, comparisonId, blindComparisonId, sharePath: new URL(url).pathname };
  await api.dispose();
});

test("the playground with a finished run, its detail dialog and the shortcuts dialog", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open();
  const card = playground.card(runs.generationId);
  await expect(card).toHaveAttribute("data-status", "succeeded");
  await audit(page, "playground");

  await page.setViewportSize(SIZES.desktop);
  await card.getByTestId("generation-image").click();
  await expect(page.getByTestId("image-detail")).toBeVisible();
  await audit(page, "image detail");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("image-detail")).toBeHidden();

  await page.getByTestId("show-shortcuts").click();
  await expect(page.getByTestId("shortcuts-dialog")).toBeVisible();
  await audit(page, "shortcuts");
});

test("the compare form, and a finished comparison open and blind", async ({ page }) => {
  await open(page, "/compare");
  await expect(page.getByTestId("compare-run")).toBeVisible();
  await audit(page, "compare form");

  for (const [name, id] of [["open comparison", runs.comparisonId], ["blind comparison", runs.blindComparisonId]]) {
    await open(page, `/compare/${id}`);
    await expect(page.getByTestId("compare-cell")).toHaveCount(2);
    await expect(page.getByTestId("compare-cell").first()).not.toHaveAttribute("data-status", "running");
    await audit(page, name);
  }
});

test("the history with runs and a filter set, and with no run matching", async ({ page }) => {
  await open(page, `/history?q=${encodeURIComponent(runs.prompt)}`);
  await page.getByTestId("filter-host-bfl").click();
  await expect(page.getByTestId("filter-host-bfl")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator(`[data-testid="generation-card"][data-generation-id="${runs.generationId}"]`)).toBeVisible();
  await audit(page, "history, filtered");

  await open(page, `/history?q=${encodeURIComponent(`nothing matches ${Date.now()}`)}`);
  await expect(page.getByTestId("filter-count")).toContainText("0 runs");
  await audit(page, "history, no match");
});

test("the leaderboard and a share page", async ({ page }) => {
  await open(page, "/leaderboard");
  await expect(page.getByTestId("leaderboard-table")).toBeVisible();
  await audit(page, "leaderboard");

  await open(page, runs.sharePath);
  await expect(page.getByTestId("share-image").first()).toBeVisible();
  await audit(page, "share");
});

test("the hosts page", async ({ page }) => {
  await open(page, "/hosts");
  await expect(page.locator("main")).toBeVisible();
  await audit(page, "hosts");
});

test("the tokens page with a new token shown, and the admin page", async ({ page }) => {
  await open(page, "/tokens");
  await page.getByTestId("token-name").fill(`a11y ${Date.now()}`);
  await page.getByTestId("create-token").click();
  await expect(page.getByTestId("new-token-value")).toBeVisible();
  await audit(page, "tokens");

  await open(page, "/admin");
  await expect(page.locator('[data-testid="admin-user-row"][data-user-id="local"]')).toBeVisible();
  await audit(page, "admin");
});

test("the theme follows the system until one is chosen; the choice lasts, and applies before the first paint", async ({ page }) => {
  const html = page.locator("html");
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: "dark" });
  await open(page, "/history");
  await expect(html).toHaveAttribute("data-theme", "dark");
  const dark = await background();
  await page.emulateMedia({ colorScheme: "light" });
  await expect(html).toHaveAttribute("data-theme", "light");
  await expect(html).toHaveCSS("color-scheme", "light");
  expect(await background()).not.toBe(dark);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(html).toHaveAttribute("data-theme", "dark");

  const toggle = page.getByLabel("Theme");
  await expect(toggle).toHaveValue("system");
  await toggle.selectOption("light");
  await expect(html).toHaveAttribute("data-theme", "light");

  // With the app's own scripts blocked, only the inline one in <head> runs: it alone sets the theme,
  // before the body is drawn.
  await page.route("**/_next/static/**/*.js", (route) => route.abort());
  await page.goto("/");
  await expect(html).toHaveAttribute("data-theme", "light");
  await page.unroute("**/_next/static/**/*.js");

  await reload(page);
  await expect(page.getByLabel("Theme")).toHaveValue("light");
  await page.getByLabel("Theme").selectOption("system");
  await expect(html).toHaveAttribute("data-theme", "dark");
  await reload(page);
  await expect(html).toHaveAttribute("data-theme", "dark");
});

test("the skip link is the first tab stop and moves focus to the page's main content", async ({ page }) => {
  await open(page, "/leaderboard");
  await page.keyboard.press("Tab");
  const skip = page.getByTestId("skip-link");
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  // Its fragment names a real target (axe's skip-link and region rules, and no-script jumps).
  await expect(page.locator("main")).toHaveAttribute("id", ((await skip.getAttribute("href")) ?? "").slice(1));
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  // The next tab stop is inside main, past the navigation.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
});

test("a run is named by its prompt and host, announced when it ends, and opens with focus on its image", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open();
  const prompt = `announced harbour ${Date.now()}`;
  await playground.run(prompt);
  const announcement = page.getByTestId("run-announcement");
  await expect(announcement).toHaveText(new RegExp(`^Run “${prompt}” on .+ done, 1 image\\.$`));

  const card = page.locator('[data-testid="generation-card"]', { hasText: prompt });
  await expect(card).toHaveAttribute("aria-label", new RegExp(`^“${prompt}” on .+: succeeded$`));
  const openButton = card.getByRole("button", { name: new RegExp(`^Open “${prompt}” on `) });
  await expect(openButton).toBeVisible();
  await openButton.click();
  await expect(page.getByTestId("detail-image")).toBeFocused();
});
