import { open } from "./navigation";
import { expect, test, type Page } from "@playwright/test";
import { HostsPage } from "../pages/hosts";

/** /hosts is written for a user: the app's navigation, no internal notes, honest "lowest", no hidden columns. */
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Every text node of `selector` sits on one line: a line may break between them, never inside one. */
async function textNodesOnOneLine(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements.flatMap((element) => {
      const broken: string[] = [];
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(node.textContent ?? "");
      }
      return broken;
    }),
  );
}

test.describe("desktop", () => {
  test.use({ viewport: DESKTOP });

  test("has the app's navigation, shows no internal notes, and marks a price lowest only when prices differ", async ({ page }) => {
    const hosts = new HostsPage(page);
    await hosts.open();
    const nav = page.getByRole("navigation", { name: "Sections" });
    await expect(nav).toBeVisible();
    await expect(nav.getByTestId("hosts-link")).toHaveAttribute("aria-current", "page");
    await expect(nav.getByTestId("compare-link")).toBeVisible();

    const text = await page.locator("body").innerText();
    for (const internal of ["UNVERIFIED", "PROVIDERS.md", "B.7"]) expect(text, internal).not.toContain(internal);
    // Hidden text too (the disclosures hold the full tables).
    expect(await page.content()).not.toMatch(/UNVERIFIED|PROVIDERS\.md/);

    for (const model of ["flux-pro-1.1", "flux-pro-1.1-ultra"]) {
      const prices = [...(await hosts.pricesFor(model)).values()].filter((p) => p.usd !== null);
      expect(prices.length).toBeGreaterThan(1);
      const min = Math.min(...prices.map((p) => p.usd!));
      const allEqual = prices.every((p) => p.usd === min);
      for (const price of prices) expect(price.lowest, `${model} ${price.usd}`).toBe(!allEqual && price.usd === min);
    }
    // Ultra is $0.06 everywhere: no host is "lowest".
    expect([...(await hosts.pricesFor("flux-pro-1.1-ultra")).values()].some((p) => p.lowest)).toBe(false);
  });

  test("shows every host column of the settings matrices without sideways scrolling, and stays a readable length", async ({ page }) => {
    const hosts = new HostsPage(page);
    await hosts.open();
    // One matrix per model some host serves (the registry grows with each model a host adds); the first open.
    const { providers } = (await (await page.request.get("/api/v1/providers")).json()) as { providers: { models: string[] }[] };
    const served = new Set(providers.flatMap((p) => p.models));
    expect(served.size).toBeGreaterThanOrEqual(4);
    await expect(hosts.paramMatrices).toHaveCount(served.size);
    const perModel = page.getByTestId("param-matrix-model");
    await expect(perModel.first()).toHaveAttribute("open", "");
    // On a wide screen every card is whole.
    for (const body of await page.getByTestId("host-card-body").all()) await expect(body).toHaveAttribute("open", "");
    // It was 6,000 px of repeated tables; the full per-host tables and the other models wait behind a disclosure.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(4000);
    for (const model of await perModel.all()) {
      if ((await model.getAttribute("open")) === null) await model.locator("summary").click();
      await expect(model.getByTestId("param-matrix")).toBeVisible();
    }
    for (const region of await page.getByTestId("scroll-region").all()) {
      expect(await region.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    }
    await expect(page.getByTestId("scroll-cue")).toHaveCount(0);
  });

  test("the playground's Compare hosts link opens compare mode", async ({ page }) => {
    await open(page, "/");
    await expect(page.getByTestId("compare-hosts-link")).toHaveAttribute("href", "/compare");
  });
});

test.describe("phone", () => {
  test.use({ viewport: PHONE });

  test("folds the host cards to their headers, and opens the one a link points to", async ({ page }) => {
    const hosts = new HostsPage(page);
    await hosts.open();
    const replicate = hosts.card("replicate");
    // Eight whole cards in one column made the page 8,000 px on a phone.
    await expect(page.getByTestId("host-card-body").first()).not.toHaveAttribute("open");
    await expect(replicate.getByTestId("price-rule").first()).toBeHidden();
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(4000);

    await page.getByTestId("hosts-matrix").locator('a[href="#host-replicate"]').click();
    await expect(replicate.getByTestId("host-card-body")).toHaveAttribute("open", "");
    await expect(replicate.getByTestId("price-rule").first()).toBeVisible();
    // Opened from another page's link, the card it names is open on arrival.
    await page.goto("/");
    await page.goto("/hosts#host-fal");
    await expect(hosts.card("fal").getByTestId("price-rule").first()).toBeVisible();
    await expect(replicate.getByTestId("price-rule").first()).toBeHidden();
  });

  test("wide tables scroll inside a focusable region with a visible cue, and field names never break mid-word", async ({ page }) => {
    const hosts = new HostsPage(page);
    await hosts.open();
    const region = page.getByTestId("scroll-region").filter({ has: page.getByTestId("param-matrix") }).first();
    await expect(region).toHaveAttribute("tabindex", "0");
    await expect(region).toHaveAttribute("aria-label", /settings by host/);
    await expect(page.getByTestId("scroll-cue").first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // Scrolled to its end, the cue goes: nothing is left hidden.
    const cues = await page.getByTestId("scroll-cue").count();
    await region.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await expect(page.getByTestId("scroll-cue")).toHaveCount(cues - 1);

    const card = hosts.card("apiframe");
    for (const summary of await card.locator("details summary").all()) await summary.click();
    await expect(card.getByTestId("capability-table").first()).toBeVisible();
    await expect(card.locator("code", { hasText: "safety" }).first()).toBeVisible();
    expect(await textNodesOnOneLine(page, '[data-testid="capability-table"] code')).toEqual([]);
  });
});
