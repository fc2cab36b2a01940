import { open } from "./navigation";
import { expect, test } from "@playwright/test";

/** The product's promise: the same model on every host. With no keys, every host is its sandbox. */
interface ProviderInfo {
  id: string;
  name: string;
  mode: string;
  models: string[];
}

test("the same prompt and seed run on each host in turn, each landing in the history with its host and cost", async ({ page }) => {
  test.setTimeout(180_000);
  const { providers } = (await (await page.request.get("/api/v1/providers")).json()) as { providers: ProviderInfo[] };
  const hosts = providers.filter((p) => p.models.includes("flux-pro-1.1"));
  expect(hosts.length).toBeGreaterThanOrEqual(1);
  expect(hosts.every((h) => h.mode === "sandbox")).toBe(true);

  await open(page, "/");
  await page.getByTestId("model-select").selectOption("flux-pro-1.1");
  const prompt = `A glass teapot on a wooden table ${Date.now()}`;
  await page.getByTestId("field-prompt").fill(prompt);
  await page.getByTestId("field-seed").fill("777");
  await page.getByTestId("seed-lock").click();

  for (const host of hosts) {
    await page.getByTestId("provider-select").selectOption(host.id);
    await page.getByTestId("run-button").click();
    const card = page.getByTestId("generation-card").filter({ hasText: prompt }).filter({ hasText: host.name }).first();
    await expect(card, `${host.id} finishes`).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
    await expect(card.getByTestId("generation-image").first()).toBeVisible();
    await expect(card.getByTestId("generation-cost")).toContainText("$0.00 billed");
    const id = await card.getAttribute("data-generation-id");
    const dto = await (await page.request.get(`/api/v1/generations/${id}`)).json();
    expect(dto).toMatchObject({ provider: host.id, status: "succeeded", sandbox: true, params: { seed: 777, prompt } });
    expect(dto.cost.unitPriceUsd).toBeGreaterThan(0);
    expect(dto.images).toHaveLength(1);
  }

  // Each host's run is in the history once.
  const list = await (await page.request.get("/api/v1/generations?limit=100")).json();
  const runs = list.items.filter((g: { params: { prompt: string } }) => g.params.prompt === prompt);
  expect(runs.map((g: { provider: string }) => g.provider).sort()).toEqual(hosts.map((h) => h.id).sort());
});
