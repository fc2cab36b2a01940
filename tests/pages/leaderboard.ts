import { expect, type Locator, type Page } from "@playwright/test";
import { open } from "../e2e/navigation";

/** The leaderboard page: a model, live or sandbox votes, one row per host. */
export class LeaderboardPage {
  readonly table: Locator;
  readonly totalVotes: Locator;
  readonly sandboxNotice: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId("leaderboard-table");
    this.totalVotes = page.getByTestId("leaderboard-total-votes");
    this.sandboxNotice = page.getByTestId("leaderboard-sandbox-notice");
  }

  async goto(model: string) {
    await open(this.page, `/leaderboard?model=${model}`);
    await expect(this.table).toBeVisible();
  }

  async showSource(source: "live" | "sandbox") {
    await this.page.getByTestId(`leaderboard-source-${source}`).click();
    await expect(this.table).toHaveAttribute("data-source", source);
  }

  /** One model's hosts, or every host × model pair. */
  async showScope(scope: "model" | "all") {
    await this.page.getByTestId(`leaderboard-scope-${scope}`).click();
    await expect(this.page.getByTestId(`leaderboard-scope-${scope}`)).toHaveAttribute("aria-pressed", "true");
  }

  pairRow(provider: string, model: string): Locator {
    return this.page.locator(`[data-testid="leaderboard-row"][data-provider="${provider}"][data-model="${model}"]`);
  }

  row(provider: string): Locator {
    return this.page.locator(`[data-testid="leaderboard-row"][data-provider="${provider}"]`);
  }

  rank(provider: string): Locator {
    return this.row(provider).getByTestId("leaderboard-rank");
  }
}
