import { expect, test } from "@playwright/test";
import { ComparePage } from "../pages/compare";
import { LeaderboardPage } from "../pages/leaderboard";
import { open } from "./navigation";

/** A comparison across three models and two hosts, as a user drives it: cells, blind votes, the reveal, the across-models board. */
const MODELS = ["flux-pro-1.1", "flux-dev", "flux-schnell"];
const NAMES: Record<string, string> = { "flux-pro-1.1": "FLUX 1.1 [pro]", "flux-dev": "FLUX.1 [dev]", "flux-schnell": "FLUX.1 [schnell]" };
const HOSTS = ["fal", "replicate"];
const HOST_NAMES = ["fal.ai", "Replicate"];

test("three models × two hosts run blind, every row voted, the reveal names host and model, the across-models board ranks the pairs", async ({ page }) => {
  test.setTimeout(180_000);
  const compare = new ComparePage(page);
  await compare.goto();
  // The form's model (FLUX 1.1 [pro]) plus two more; fal and replicate serve all three.
  await expect(page.getByTestId("compare-model-select")).toHaveValue(MODELS[0]);
  await compare.addModels(MODELS.slice(1));
  await compare.chooseHosts(HOSTS);
  await expect(compare.choices).toHaveCount(6);
  // What each model does not take of the shared parameters, said per cell.
  for (const host of HOSTS) {
    await expect(compare.choice(host, "flux-schnell")).toContainText("FLUX.1 [schnell] takes no safety tolerance: not sent");
    await expect(compare.choice(host, "flux-pro-1.1").getByTestId("compare-cell-note")).toHaveCount(0);
  }
  await page.getByTestId("compare-seeds").fill("21, 22");
  const estimate = page.getByTestId("compare-estimate");
  await expect(estimate).toContainText("6 cells × 2 seeds = 12 images");
  await expect(estimate.getByTestId("compare-estimate-host")).toHaveCount(6);
  await expect(estimate).toContainText("fal.ai · FLUX.1 [schnell]");

  const prompt = `A glass greenhouse at dusk ${Date.now()}`;
  const id = await compare.run({ prompt, seeds: "21, 22", blind: true });
  await compare.waitForAllCells(12);
  // Blind: neither hosts nor models in the grid, only letters.
  for (const name of [...HOST_NAMES, ...Object.values(NAMES)]) await expect(compare.grid).not.toContainText(name);
  await expect(compare.grid.getByTestId("compare-cell-label").first()).toHaveText(/^[A-F]$/);

  // Every row voted: the best image in the first, a tie in the second.
  await page.getByTestId("vote-best").first().click();
  await expect(page.getByTestId("vote-result")).toHaveCount(1);
  await page.getByTestId("vote-tie").first().click();
  await expect(page.getByTestId("vote-result")).toHaveCount(2);
  const winner = (await page.getByTestId("vote-result").first().getAttribute("data-winner"))!;
  const [winnerHost, winnerModel] = winner.split("@");
  expect(HOSTS).toContain(winnerHost);
  expect(MODELS).toContain(winnerModel);

  // The reveal names host and model: the vote, the column headers, each cell.
  const results = page.getByTestId("vote-result");
  await expect(results.first()).toContainText(`${HOST_NAMES[HOSTS.indexOf(winnerHost)]} · ${NAMES[winnerModel]}`);
  await expect(results.nth(1)).toContainText("Tie between");
  const columns = page.getByTestId("compare-column");
  await expect(columns).toHaveCount(6);
  for (const host of HOSTS) for (const model of MODELS) await expect(page.locator(`[data-testid="compare-column"][data-provider="${host}"][data-model="${model}"]`)).toContainText(NAMES[model]);
  await expect(compare.grid.getByTestId("compare-cell-label").first()).toHaveText(/ · FLUX/);

  // The across-models board ranks the six pairs, with these votes.
  const board = new LeaderboardPage(page);
  await open(page, "/leaderboard?source=sandbox");
  await board.showScope("all");
  await expect(page).toHaveURL(/model=all/);
  for (const host of HOSTS) {
    for (const model of MODELS) {
      const row = board.pairRow(host, model);
      await expect(row).toContainText(NAMES[model]);
      expect(Number(await row.getByTestId("leaderboard-votes").textContent())).toBeGreaterThanOrEqual(2);
    }
  }
  const api = (await (await page.request.get("/api/v1/leaderboard?model=all&source=sandbox")).json()) as { hosts: { key: string; wins: number; draws: number }[] };
  expect(api.hosts.find((h) => h.key === winner)!.wins).toBeGreaterThanOrEqual(1);
  await expect(board.pairRow(winnerHost, winnerModel).getByTestId("leaderboard-rating")).toBeVisible();
  // Per model again: the page's own board.
  await board.showScope("model");
  await expect(page).not.toHaveURL(/model=all/);

  // The history card names the models; it reopens the grid with its votes.
  await open(page, "/");
  const card = page.locator(`[data-testid="comparison-card"][data-comparison-id="${id}"]`);
  await expect(card).toContainText(prompt);
  await expect(card.getByTestId("comparison-models")).toHaveText(MODELS.map((m) => NAMES[m]).join(", "));
  await expect(card.getByTestId("comparison-hosts")).toHaveText(HOST_NAMES.join(", "));
});
