import { expect, type Locator, type Page } from "@playwright/test";
import { open } from "../e2e/navigation";

/** The compare form and the grid it opens: models, hosts, seeds, blind, run, votes. */
export class ComparePage {
  readonly grid: Locator;
  readonly cells: Locator;
  readonly choices: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByTestId("compare-grid");
    this.cells = page.getByTestId("compare-cell");
    this.choices = page.getByTestId("compare-cell-choice");
  }

  async goto() {
    await open(this.page, "/compare");
  }

  /** Compares these models beside the form's own (the first select's). */
  async addModels(models: string[]) {
    for (const model of models) await this.page.getByTestId(`compare-model-${model}`).check();
  }

  /** Exactly these hosts checked. */
  async chooseHosts(hosts: string[]) {
    const boxes = this.page.locator('[data-testid^="compare-host-"][type="checkbox"]');
    for (const box of await boxes.all()) {
      const id = (await box.getAttribute("data-testid"))!.replace("compare-host-", "");
      if (hosts.includes(id)) await box.check();
      else if (await box.isEnabled()) await box.uncheck();
    }
  }

  choice(provider: string, model: string): Locator {
    return this.page.locator(`[data-testid="compare-cell-choice"][data-provider="${provider}"][data-model="${model}"]`);
  }

  async run({ prompt, seeds, blind }: { prompt: string; seeds: string; blind: boolean }) {
    await this.page.getByTestId("field-prompt").fill(prompt);
    await this.page.getByTestId("compare-seeds").fill(seeds);
    if (blind) await this.page.getByTestId("compare-blind").check();
    await this.page.getByTestId("compare-run").click();
    await this.page.waitForURL(/\/compare\/[A-Za-z0-9_-]+$/);
    return this.page.url().split("/").pop()!;
  }

  async waitForAllCells(count: number) {
    await expect(this.cells).toHaveCount(count);
    await expect
      .poll(async () => (await this.cells.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).every((s) => s === "succeeded"), { timeout: 60_000 })
      .toBe(true);
  }
}
