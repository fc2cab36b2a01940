import { open, reload } from "./navigation";
import { expect, test, type Page } from "@playwright/test";

/** What a new user does, with no keys anywhere: every host is its sandbox. */

async function historyCount(page: Page): Promise<number> {
  const res = await page.request.get("/api/v1/generations?limit=100");
  return ((await res.json()) as { totals: { generations: number } }).totals.generations;
}

test("generates with Ultra at 21:9 in raw mode, shows the cost, and keeps it across a reload", async ({ page }) => {
  await open(page, "/");
  await expect(page.getByTestId("sandbox-badge")).toBeVisible();
  await page.getByTestId("model-select").selectOption("flux-pro-1.1-ultra");
  const prompt = `A red fox in fresh snow, golden hour ${Date.now()}`;
  await page.getByTestId("field-prompt").fill(prompt);
  await page.getByTestId("aspect-preset-21:9").click();
  await expect(page.getByTestId("field-aspect_ratio")).toHaveValue("21:9");
  await page.getByTestId("field-raw").check();
  await expect(page.getByTestId("run-button")).toContainText("$0.06");
  await page.getByTestId("run-button").click();

  const card = page.getByTestId("generation-card").filter({ hasText: prompt });
  await expect(card).toHaveAttribute("data-status", /queued|running|succeeded/);
  await expect(card).toHaveAttribute("data-status", "succeeded");
  const image = card.getByTestId("generation-image").first();
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(card.getByTestId("generation-cost")).toContainText("$0.00 billed");
  await expect(card.getByTestId("generation-cost")).toContainText("$0.06");
  await expect(card).toContainText("3136×1344");

  // What was stored is what the form said.
  const id = await card.getAttribute("data-generation-id");
  const stored = await (await page.request.get(`/api/v1/generations/${id}`)).json();
  expect(stored.params).toMatchObject({ aspect_ratio: "21:9", raw: true, prompt });
  expect(stored.images[0]).toMatchObject({ width: 3136, height: 1344 });

  await reload(page);
  const again = page.locator(`[data-testid="generation-card"][data-generation-id="${id}"]`);
  await expect(again).toHaveAttribute("data-status", "succeeded");
  await expect(again.getByTestId("generation-image").first()).toBeVisible();
  // The totals bar says what the API says (other tests add runs of their own).
  const { totals } = await (await page.request.get("/api/v1/generations?limit=1")).json();
  await expect(page.getByTestId("history-totals")).toContainText(`$${totals.estimatedUsd.toFixed(2)}`);
});

test("a width of 1000 on FLUX 1.1 [pro] shows an inline error and sends nothing", async ({ page }) => {
  await open(page, "/");
  const before = await historyCount(page);
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") posts.push(r.url());
  });
  await page.getByTestId("model-select").selectOption("flux-pro-1.1");
  await page.getByTestId("field-prompt").fill("A lighthouse");
  await page.getByTestId("field-width").fill("1000");
  await page.getByTestId("run-button").click();
  await expect(page.getByTestId("field-error-width")).toContainText("multiple of 32");
  await page.getByTestId("field-prompt").press("Control+Enter");
  await page.waitForTimeout(500);
  expect(posts).toEqual([]);
  expect(await historyCount(page)).toBe(before);
  // Fixing the value clears the message.
  await page.getByTestId("field-width").fill("1024");
  await expect(page.getByTestId("field-error-width")).toHaveCount(0);
});

test("Ctrl+Enter runs; switching model keeps what applies; the detail view reuses settings", async ({ page }) => {
  await open(page, "/");
  await page.getByTestId("model-select").selectOption("flux-pro-1.1");
  await page.getByTestId("field-prompt").fill("A paper boat on a pond");
  await page.getByTestId("size-preset-768x1024").click();
  await page.getByTestId("field-seed").fill("4242");
  await page.getByTestId("seed-lock").click();
  await expect(page.getByTestId("seed-lock")).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("num-images-2").click();
  await page.getByTestId("field-prompt").press("Control+Enter");

  const card = page.getByTestId("generation-card").first();
  await expect(card).toHaveAttribute("data-status", "succeeded");
  await expect(card.getByTestId("generation-image")).toHaveCount(2);
  const id = await card.getAttribute("data-generation-id");
  const stored = await (await page.request.get(`/api/v1/generations/${id}`)).json();
  expect(stored.images.map((i: { seed: number }) => i.seed)).toEqual([4242, 4243]);
  expect(stored.params).toMatchObject({ width: 768, height: 1024, num_images: 2 });

  // Switching to Ultra keeps the prompt and the seed; width/height do not apply there.
  await page.getByTestId("model-select").selectOption("flux-pro-1.1-ultra");
  await expect(page.getByTestId("field-prompt")).toHaveValue("A paper boat on a pond");
  await expect(page.getByTestId("field-seed")).toHaveValue("4242");
  await expect(page.getByTestId("field-width")).toHaveCount(0);
  await expect(page.getByTestId("field-aspect_ratio")).toBeVisible();

  // Open the second image and reuse its settings: back to 1.1 [pro], 768×1024, its own seed.
  await card.getByTestId("generation-image").nth(1).click();
  const dialog = page.getByTestId("image-detail");
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId("detail-image")).toBeVisible();
  const download = page.getByTestId("detail-download");
  expect(await download.getAttribute("href")).toMatch(/\/api\/images\/[0-9a-f]{64}\.jpeg\?download=1$/);
  await page.getByTestId("detail-reuse").click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("model-select")).toHaveValue("flux-pro-1.1");
  await expect(page.getByTestId("field-width")).toHaveValue("768");
  await expect(page.getByTestId("field-height")).toHaveValue("1024");
  await expect(page.getByTestId("field-seed")).toHaveValue("4243");
  await expect(page.getByTestId("seed-lock")).toHaveAttribute("aria-pressed", "true");
});

test("a failing host ends the run with its reason, and nothing is billed", async ({ page }) => {
  // The sandbox can be told to fail like BFL does; here its moderation blocks the output.
  const res = await page.request.post("/api/v1/generations", {
    data: { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "moderated on purpose", width: 512, height: 512 }, sandbox: { fault: "content_moderated" } },
  });
  expect(res.status()).toBe(202);
  const { id } = await res.json();
  await open(page, "/");
  const card = page.locator(`[data-testid="generation-card"][data-generation-id="${id}"]`);
  await expect(card).toHaveAttribute("data-status", "failed");
  await expect(card.getByTestId("generation-error")).toContainText("Content Moderated");
  await expect(card.getByTestId("generation-error")).toContainText("moderated_output");
  await expect(card.getByTestId("generation-cost")).toContainText("$0.00");
});

test("cancel stops a running generation", async ({ page }) => {
  const res = await page.request.post("/api/v1/generations", {
    data: { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "a slow one", width: 512, height: 512 }, sandbox: { latencyMs: 60000 } },
  });
  const { id } = await res.json();
  await open(page, "/");
  const card = page.locator(`[data-testid="generation-card"][data-generation-id="${id}"]`);
  await expect(card).toHaveAttribute("data-status", "running");
  await expect(card.getByTestId("generation-elapsed")).toBeVisible();
  await card.getByTestId("cancel-generation").click();
  await expect(card).toHaveAttribute("data-status", "canceled");
});
