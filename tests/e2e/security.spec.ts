import { open } from "./navigation";
import { expect, test, type Browser, type Page } from "@playwright/test";

/**
 * The app under its Content-Security-Policy, as a user and a stranger use it: nothing is blocked,
 * hostile prompts stay text on every page and card, and a blind comparison names no host before its vote.
 */
const STAMP = String(Date.now());
const HOSTILE_PROMPT = `<script>alert(1)</script><img src=x onerror=alert(2)> <b>bold</b> \u202Egnp.exe\u202C zero\u200Bwidth 你好 שלום ${STAMP}`;

interface Watch {
  violations: string[];
  dialogs: string[];
  consoleErrors: string[];
}

/** Records CSP violations (the page's own event and Chrome's console report) and any alert a prompt might fire. */
async function watch(page: Page): Promise<Watch> {
  const seen: Watch = { violations: [], dialogs: [], consoleErrors: [] };
  await page.exposeFunction("__reportViolation", (text: string) => seen.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text())) seen.consoleErrors.push(message.text());
  });
  page.on("dialog", async (dialog) => {
    seen.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return seen;
}

function expectClean(seen: Watch) {
  expect(seen.violations).toEqual([]);
  expect(seen.consoleErrors).toEqual([]);
  expect(seen.dialogs).toEqual([]);
}

async function waitForGeneration(page: Page, id: string) {
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/generations/${id}`)).json()) as { status: string }).status, { timeout: 30_000 })
    .toBe("succeeded");
}

async function stranger(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL });
  return { context, page: await context.newPage() };
}

test("the playground runs a generation under the CSP: scripts hydrate, images load, nothing is blocked", async ({ page }) => {
  const seen = await watch(page);
  const response = await page.goto("/");
  expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(response?.headers()["content-security-policy"]).not.toContain("unsafe-eval");
  await page.locator('html[data-hydrated="true"]').waitFor({ state: "attached" });

  await page.getByTestId("field-prompt").fill(HOSTILE_PROMPT);
  await page.getByTestId("run-button").click();
  // This run's card, by the prompt's unique stamp (the gallery holds other specs' runs too).
  const card = page.getByTestId("generation-card").filter({ hasText: STAMP });
  await expect(card).toHaveAttribute("data-status", "succeeded");
  const image = card.getByTestId("generation-image").first();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  // The prompt is text in the detail view: the markup shows, nothing runs.
  await image.click();
  const dialog = page.getByTestId("image-detail");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("<script>alert(1)</script><img src=x onerror=alert(2)> <b>bold</b>");
  await expect(page.locator("img[src='x']")).toHaveCount(0);
  await page.keyboard.press("Escape");

  for (const path of ["/compare", "/history", "/hosts", "/leaderboard"]) await open(page, path);
  expectClean(seen);
});

test("a hostile prompt on a share page and its card: text, not markup; the card renders", async ({ page, browser, baseURL }) => {
  const res = await page.request.post("/api/v1/generations", { data: { model: "flux-pro-1.1", provider: "bfl", params: { prompt: HOSTILE_PROMPT, width: 512, height: 512, seed: 5 } } });
  expect(res.status()).toBe(202);
  const { id } = await res.json();
  await waitForGeneration(page, id);
  const shared = await page.request.post("/api/v1/shares", { data: { generationId: id } });
  expect(shared.status()).toBe(201);
  const path = new URL((await shared.json()).url).pathname;

  const visitor = await stranger(browser, baseURL);
  try {
    const seen = await watch(visitor.page);
    await open(visitor.page, path);
    // Exactly what was typed: markup, the override and the zero-width space included, shown as characters.
    await expect(visitor.page.getByTestId("share-prompt")).toHaveText(HOSTILE_PROMPT);
    await expect(visitor.page.getByTestId("share-prompt")).toHaveAttribute("dir", "auto");
    await expect(visitor.page.getByTestId("share-prompt").locator("*")).toHaveCount(0);
    await expect(visitor.page.locator("img[src='x'], b:text('bold')")).toHaveCount(0);
    expect(await visitor.page.title()).toContain("<script>alert(1)");
    const card = await visitor.page.request.get(`${path}/opengraph-image`);
    expect(card.status()).toBe(200);
    expect(card.headers()["content-type"]).toBe("image/png");
    expect((await card.body()).subarray(1, 4).toString()).toBe("PNG");
    // The card shows in a page as an image would anywhere.
    await visitor.page.goto(`${path}/opengraph-image`);
    expectClean(seen);
  } finally {
    await visitor.context.close();
  }
});

test("a blind comparison names no host on its page before the vote, and names them after", async ({ page }) => {
  const hosts = ["bfl", "runware", "together"];
  const res = await page.request.post("/api/v1/comparisons", {
    data: { model: "flux-pro-1.1", providers: hosts, seeds: [11], blind: true, params: { prompt: `blind harbour ${Date.now()}`, width: 512, height: 512 } },
  });
  expect(res.status()).toBe(202);
  const { id } = await res.json();
  const { providers } = (await (await page.request.get("/api/v1/providers")).json()) as { providers: { id: string; name: string }[] };
  const names = providers.filter((p) => hosts.includes(p.id)).map((p) => p.name);
  expect(names).toHaveLength(3);

  await open(page, `/compare/${id}`);
  const cells = page.getByTestId("compare-cell");
  await expect(cells).toHaveCount(3);
  await expect.poll(async () => (await cells.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).every((s) => s === "succeeded"), { timeout: 30_000 }).toBe(true);

  /** Everything a person (or a screen reader) is told: the text, the title, and every alt, title and aria-label. */
  const told = () =>
    page.evaluate(() => {
      const labels = Array.from(document.querySelectorAll("[alt], [title], [aria-label]")).flatMap((el) => ["alt", "title", "aria-label"].map((a) => el.getAttribute(a) ?? ""));
      return [document.title, document.body.innerText, ...labels].join("\n");
    });
  const before = await told();
  for (const name of names) expect(before).not.toContain(name);

  await page.getByTestId("vote-best").first().click();
  await expect(page.getByTestId("vote-result")).toHaveCount(1);
  const after = await told();
  for (const name of names) expect(after).toContain(name);
});
