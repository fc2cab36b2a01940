import { expect, test } from "@playwright/test";
import { PlaygroundPage } from "../pages/playground";

/** The per-host queue and failover as the user sees them (every host in sandbox mode; fal allows 2 at once). */

test("a run beyond the host's limit shows where it waits, then runs", async ({ page }) => {
  test.setTimeout(120_000);
  const playground = new PlaygroundPage(page);
  // fal takes 2 at once per key: the third and fourth wait behind them (10 s: long enough for a busy machine to show it).
  const ids = await playground.startRuns(4, { provider: "fal", sandbox: { latencyMs: 10_000 } });
  await playground.open();
  const last = playground.card(ids[3]);
  await expect(last.getByTestId("generation-queue")).toHaveText(/^queued at fal\.ai \([01] ahead\)$/);
  await expect(last).toHaveAttribute("data-status", "queued");
  // The place updates as slots free (SSE), and the run then completes.
  await expect(last).toHaveAttribute("data-status", "succeeded", { timeout: 45_000 });
  await expect(last.getByTestId("generation-queue")).toHaveCount(0);
  for (const id of ids) await expect(playground.card(id)).toHaveAttribute("data-status", "succeeded", { timeout: 45_000 });
});

test("the form's failover choice is sent with the run", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open();
  await playground.chooseHost("bfl");
  await playground.chooseFailover("replicate");
  const prompt = `failover from the form ${Date.now()}`;
  await playground.run(prompt);
  const card = playground.cardFor(prompt);
  await expect(card).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  const id = await card.getAttribute("data-generation-id");
  const stored = await (await page.request.get(`/api/v1/generations/${id}`)).json();
  expect(stored).toMatchObject({ provider: "bfl", failover: ["replicate"], servedBy: "bfl", attempts: [] });
});
