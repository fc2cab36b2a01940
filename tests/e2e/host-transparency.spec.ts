import { open } from "./navigation";
import { expect, test } from "@playwright/test";

/** What each host does with the settings: the hosts page, the form's notes, and the inspector. */

interface ProviderInfo {
  id: string;
  mode: string;
  models: string[];
  capabilities: Record<string, Record<string, { treatment: string }>>;
}

async function listProviders(page: import("@playwright/test").Page): Promise<ProviderInfo[]> {
  return ((await (await page.request.get("/api/v1/providers")).json()) as { providers: ProviderInfo[] }).providers;
}

test("the hosts page has a card per host with its mode, prices and capability tables, and links back", async ({ page }) => {
  const providers = await listProviders(page);
  await open(page, "/");
  await page.getByTestId("hosts-link").click();
  await expect(page).toHaveURL(/\/hosts$/);
  await expect(page.getByTestId("host-card")).toHaveCount(providers.length);
  for (const provider of providers) {
    const card = page.locator(`[data-testid="host-card"][data-provider="${provider.id}"]`);
    await expect(card).toHaveAttribute("data-mode", provider.mode);
    await expect(card.getByTestId("capability-table")).toHaveCount(provider.models.length);
    await expect(card.getByTestId("host-setup")).toBeVisible();
  }
  await page.getByTestId("playground-link").click();
  await expect(page.getByTestId("run-button")).toBeVisible();
});

test("the form badges each param the chosen host does not take as given, and sums them up above Run", async ({ page }) => {
  const providers = await listProviders(page);
  const host = providers.find((p) => p.models.includes("flux-pro-1.1") && p.mode !== "misconfigured");
  test.skip(!host, "no runnable host for FLUX 1.1 [pro]");
  const notable = Object.entries(host!.capabilities["flux-pro-1.1"] ?? {}).filter(([, c]) => c.treatment !== "passthrough");

  await open(page, "/");
  await page.getByTestId("model-select").selectOption("flux-pro-1.1");
  await page.getByTestId("provider-select").selectOption(host!.id);
  for (const [param, capability] of notable) {
    // A host may describe a param the form does not show: only fields get a badge.
    if ((await page.getByTestId(`field-${param}`).count()) === 0) continue;
    await expect(page.getByTestId(`capability-${param}`)).toHaveText(capability.treatment);
  }
  const summarised = notable.filter(([, c]) => ["dropped", "converted", "clamped", "emulated"].includes(c.treatment));
  if (summarised.length) {
    await expect(page.getByTestId("host-notes").locator("li")).toHaveCount(summarised.length);
  }
});

test("the form's note and the run's recorded warning say the same of a value the host does not take as given", async ({ page }) => {
  await open(page, "/");
  await page.getByTestId("model-select").selectOption("flux-pro-1.1-ultra");
  await page.getByTestId("provider-select").selectOption("replicate");
  const prompt = `A shape Replicate lacks ${Date.now()}`;
  await page.getByTestId("field-prompt").fill(prompt);
  await page.getByTestId("field-aspect_ratio").fill("5:3");
  // One verdict, on the values as the server parses them: the note before the run...
  const expected = "Replicate has no 5:3: sent as 16:9, the closest ratio it takes";
  const note = page.getByTestId("host-notes").locator('li[data-param="aspect_ratio"]');
  await expect(note.getByTestId("host-note-warning")).toHaveText(expected);
  // ...and a value it does take says nothing.
  await page.getByTestId("field-aspect_ratio").fill("16:9");
  await expect(note.getByTestId("host-note-warning")).toHaveCount(0);
  await page.getByTestId("field-aspect_ratio").fill("5:3");
  await page.getByTestId("run-button").click();

  const card = page.getByTestId("generation-card").filter({ hasText: prompt }).first();
  await expect(card).toHaveAttribute("data-status", "succeeded");
  const id = await card.getAttribute("data-generation-id");
  const stored = (await (await page.request.get(`/api/v1/generations/${id}`)).json()) as { warnings: string[] };
  expect(stored.warnings).toEqual([`aspect_ratio: ${expected}`]);
  await card.getByTestId("generation-image").first().click();
  await expect(page.getByTestId("detail-warnings")).toContainText(expected);
});

test("the detail view shows what the host received, its answers, and copyable snippets", async ({ page }) => {
  await open(page, "/");
  await page.getByTestId("model-select").selectOption("flux-pro-1.1");
  await page.getByTestId("provider-select").selectOption("bfl");
  const prompt = `An inspected teapot ${Date.now()}`;
  await page.getByTestId("field-prompt").fill(prompt);
  await page.getByTestId("run-button").click();
  const card = page.getByTestId("generation-card").filter({ hasText: prompt }).first();
  await expect(card).toHaveAttribute("data-status", "succeeded");
  await card.getByTestId("generation-image").first().click();

  const inspector = page.getByTestId("inspector");
  await expect(inspector.getByTestId("inspector-request").first()).toContainText("POST");
  await expect(inspector.getByTestId("inspector-request").first()).toContainText(prompt);
  await expect(inspector.getByTestId("inspector-request").first()).toContainText("<redacted>");
  await expect(inspector.getByTestId("inspector-exchange").first()).toBeVisible();
  await expect(inspector.getByTestId("snippet-curl").first()).toContainText("curl -X POST");
  await expect(inspector.getByTestId("snippet-fetch").first()).toContainText("await fetch(");
  await inspector.getByTestId("copy-curl").first().click();
  await expect(inspector.getByTestId("copy-curl").first()).toHaveText(/Copied|Copy failed/);
});

test("a failed run keeps its inspector on the card", async ({ page }) => {
  const res = await page.request.post("/api/v1/generations", {
    data: { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "moderated, then inspected", width: 512, height: 512 }, sandbox: { fault: "content_moderated" } },
  });
  const { id } = await res.json();
  await open(page, "/");
  const card = page.locator(`[data-testid="generation-card"][data-generation-id="${id}"]`);
  await expect(card).toHaveAttribute("data-status", "failed");
  await card.getByTestId("card-inspector").locator("summary").click();
  await expect(card.getByTestId("inspector-request").first()).toContainText("moderated, then inspected");
  await expect(card.getByTestId("inspector-exchange").first()).toBeVisible();
});
