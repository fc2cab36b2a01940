import { createHash } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { ImagePromptField } from "../pages/image-prompt";
import { startImageServer, type ImageServer } from "../support/image-server";
import { imageSitePort } from "../support/image-site";
import { open } from "./navigation";

/**
 * An image prompt given by its web address: the server fetches it once on Run, keeps its own copy
 * and sends the host that copy; an address the guard refuses is said at the field, and nothing runs.
 */
let site: ImageServer;
let elsewhere: ImageServer;

test.beforeAll(async () => {
  // The site the app servers exempt (IMAGE_FETCH_ALLOW_HOSTS), and a loopback server nobody exempts.
  site = await startImageServer(imageSitePort());
  elsewhere = await startImageServer();
});
test.afterAll(async () => {
  await Promise.all([site?.close(), elsewhere?.close()]);
});

async function historyCount(page: Page): Promise<number> {
  const res = await page.request.get("/api/v1/generations?limit=1");
  return ((await res.json()) as { totals: { generations: number } }).totals.generations;
}

test("an image URL is fetched by the server on Run, stored, and the run uses our copy", async ({ page }) => {
  await open(page, "/");
  await page.getByTestId("model-select").selectOption("flux-pro-1.1-ultra");
  const prompt = `A fox in the style of the reference ${Date.now()}`;
  await page.getByTestId("field-prompt").fill(prompt);
  const imagePrompt = new ImagePromptField(page);
  const url = `${site.origin}/fox.png`;
  await imagePrompt.useUrl(url);
  await imagePrompt.expectUrl(url);
  // Nothing is fetched until Run.
  expect(site.hits("/fox.png")).toBe(0);
  await page.getByTestId("run-button").click();

  // This run's card (the gallery holds the other specs' runs too).
  const card = page.getByTestId("generation-card").filter({ hasText: prompt });
  await expect(card).toHaveAttribute("data-status", "succeeded");
  expect(site.hits("/fox.png")).toBe(1);
  const id = await card.getAttribute("data-generation-id");
  const stored = await (await page.request.get(`/api/v1/generations/${id}`)).json();
  const sha = createHash("sha256").update(site.fox).digest("hex");
  expect(stored.params.image_prompt).toBe(`/api/images/${sha}.png`);
  // Our copy is served like any stored image.
  const copy = await page.request.get(stored.params.image_prompt);
  expect(Buffer.from(await copy.body()).equals(site.fox)).toBe(true);
  // The host got our copy inline: the user's address appears nowhere in what was sent.
  const inspector = await (await page.request.get(`/api/v1/generations/${id}/inspector`)).text();
  expect(inspector).not.toContain(site.origin);
});

test("a loopback URL is refused at the field with the rule, and nothing runs", async ({ page }) => {
  await open(page, "/");
  const before = await historyCount(page);
  await page.getByTestId("model-select").selectOption("flux-pro-1.1");
  await page.getByTestId("field-prompt").fill("A lighthouse behind a refused URL");
  const imagePrompt = new ImagePromptField(page);
  const url = `http://127.0.0.1:${elsewhere.port}/fox.png`;
  await imagePrompt.useUrl(url);
  await page.getByTestId("run-button").click();
  await expect(imagePrompt.error).toHaveText("The image URL points at a loopback address 127.0.0.1; only public addresses are fetched");
  expect(elsewhere.hits("/fox.png")).toBe(0);
  expect(await historyCount(page)).toBe(before);
  await expect(page.getByTestId("generation-card").filter({ hasText: "A lighthouse behind a refused URL" })).toHaveCount(0);
});

test("the URL box takes only http(s) addresses", async ({ page }) => {
  await open(page, "/");
  const imagePrompt = new ImagePromptField(page);
  await imagePrompt.useUrl("ftp://example.com/a.png");
  await expect(imagePrompt.error).toHaveText("Only http and https addresses can be fetched.");
  await expect(imagePrompt.urlValue).toHaveCount(0);
});
