import { open } from "./navigation";
import { expect, test, type Browser, type Page } from "@playwright/test";

/** Share links: the owner shares from the UI, a stranger (no cookies) opens them, the owner revokes. */

async function waitForGeneration(page: Page, id: string) {
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/generations/${id}`)).json()) as { status: string }).status, { timeout: 30_000 })
    .toBe("succeeded");
}

/** A fresh context: no cookies, no storage, nothing of the owner. */
async function stranger(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL });
  return { context, page: await context.newPage() };
}

test("a generation shared from the detail dialog opens for anyone, fills the form, and is gone once revoked", async ({ page, browser, baseURL }) => {
  const prompt = `A shared paper crane ${Date.now()}`;
  const res = await page.request.post("/api/v1/generations", {
    data: { model: "flux-pro-1.1", provider: "runware", params: { prompt, width: 768, height: 1024, seed: 4711 } },
  });
  expect(res.status()).toBe(202);
  const { id } = await res.json();
  await waitForGeneration(page, id);

  await open(page, "/");
  const card = page.locator(`[data-testid="generation-card"][data-generation-id="${id}"]`);
  await expect(card).toHaveAttribute("data-status", "succeeded");
  await card.getByTestId("generation-image").first().click();
  const dialog = page.getByTestId("image-detail");
  await expect(dialog).toBeVisible();
  await dialog.getByTestId("detail-share").click();
  const link = dialog.getByTestId("share-link");
  await expect(link).toHaveValue(/\/s\/[A-Za-z0-9_-]{22}$/);
  const url = await link.inputValue();
  const path = new URL(url).pathname;

  const visitor = await stranger(browser, baseURL);
  try {
    await open(visitor.page, path);
    const image = visitor.page.getByTestId("share-image").first();
    await expect(image).toBeVisible();
    expect(await image.getAttribute("src")).toMatch(/^\/api\/images\/[0-9a-f]{64}\.jpeg$/);
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expect(visitor.page.getByTestId("share-prompt")).toHaveText(prompt);
    await expect(visitor.page.getByTestId("share-host")).toHaveText("Runware");
    const params = visitor.page.getByTestId("share-params");
    await expect(params).toContainText("768");
    await expect(params).toContainText("1024");
    await expect(visitor.page.getByTestId("share-cost")).toContainText("$");
    // Nothing of the owner's tools on a public page.
    await expect(visitor.page.getByTestId("detail-share")).toHaveCount(0);
    await expect(visitor.page.locator("body")).not.toContainText("Inspector");
    const html = await (await visitor.page.request.get(path)).text();
    expect(html).not.toContain(id);
    expect(html).toMatch(/<meta property="og:image" content="[^"]*\/s\/[A-Za-z0-9_-]{22}\/opengraph-image/);
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image"');
    const card = await visitor.page.request.get(`${path}/opengraph-image`);
    expect(card.status()).toBe(200);
    expect(card.headers()["content-type"]).toBe("image/png");

    await visitor.page.getByTestId("share-open-playground").click();
    await visitor.page.waitForURL(/\/\?share=/);
    await expect(visitor.page.getByTestId("field-prompt")).toHaveValue(prompt);
    await expect(visitor.page.getByTestId("field-width")).toHaveValue("768");
    await expect(visitor.page.getByTestId("field-height")).toHaveValue("1024");
    await expect(visitor.page.getByTestId("field-seed")).toHaveValue("4711");

    // The owner revokes from the dialog: the page and its card answer 404 at once.
    await dialog.getByTestId("share-revoke").click();
    await expect(dialog.getByTestId("share-link")).toHaveCount(0);
    await expect(dialog.getByTestId("share-status")).toContainText("revoked");
    expect((await visitor.page.request.get(path)).status()).toBe(404);
    expect((await visitor.page.request.get(`${path}/opengraph-image`)).status()).toBe(404);
    // A revoked link no longer fills the form either.
    await open(visitor.page, `/?share=${path.split("/").pop()}`);
    await expect(visitor.page.getByTestId("field-prompt")).not.toHaveValue(prompt);
  } finally {
    await visitor.context.close();
  }
});

test("a comparison shared from its page shows the grid to anyone, prefills the compare form, and is gone once revoked", async ({ page, browser, baseURL }) => {
  const prompt = `A shared harbour at dusk ${Date.now()}`;
  const res = await page.request.post("/api/v1/comparisons", {
    data: { model: "flux-pro-1.1", providers: ["bfl", "together"], seeds: [11, 12], params: { prompt, width: 512, height: 512 }, blind: true },
  });
  expect(res.status()).toBe(202);
  const { id } = await res.json();
  await open(page, `/compare/${id}`);
  const cells = page.getByTestId("compare-cell");
  await expect(cells).toHaveCount(4);
  await expect
    .poll(async () => (await cells.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).every((s) => s === "succeeded"), { timeout: 30_000 })
    .toBe(true);

  await page.getByTestId("comparison-share").click();
  const link = page.getByTestId("share-link");
  await expect(link).toHaveValue(/\/s\/[A-Za-z0-9_-]{22}$/);
  const path = new URL(await link.inputValue()).pathname;

  const visitor = await stranger(browser, baseURL);
  try {
    await open(visitor.page, path);
    await expect(visitor.page.getByTestId("share-grid")).toBeVisible();
    await expect(visitor.page.getByTestId("share-cell")).toHaveCount(4);
    await expect(visitor.page.getByTestId("share-image")).toHaveCount(4);
    // The comparison was blind for its owner; a share names the hosts.
    await expect(visitor.page.getByTestId("share-grid-host")).toHaveText(["Black Forest Labs", "Together AI"]);
    await expect(visitor.page.getByTestId("share-prompt")).toHaveText(prompt);
    await expect(visitor.page.getByTestId("vote-best")).toHaveCount(0);
    expect((await visitor.page.request.get(`${path}/opengraph-image`)).status()).toBe(200);

    await visitor.page.getByTestId("share-open-playground").click();
    await visitor.page.waitForURL(/\/compare\?share=/);
    await expect(visitor.page.getByTestId("field-prompt")).toHaveValue(prompt);
    await expect(visitor.page.getByTestId("field-width")).toHaveValue("512");
    await expect(visitor.page.getByTestId("compare-seeds")).toHaveValue("11, 12");
    await expect(visitor.page.getByTestId("compare-host-bfl")).toBeChecked();
    await expect(visitor.page.getByTestId("compare-host-together")).toBeChecked();
    await expect(visitor.page.getByTestId("compare-host-replicate")).not.toBeChecked();

    await page.getByTestId("share-revoke").click();
    await expect(page.getByTestId("share-status")).toContainText("revoked");
    expect((await visitor.page.request.get(path)).status()).toBe(404);
    expect((await visitor.page.request.get(`${path}/opengraph-image`)).status()).toBe(404);
  } finally {
    await visitor.context.close();
  }
});
