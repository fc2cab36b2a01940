import { expect, type Locator, type Page } from "@playwright/test";
import { open } from "../e2e/navigation";

/** The /hosts page: the price matrix, the settings matrices and one card per host. */
export class HostsPage {
  readonly matrix: Locator;
  readonly paramMatrices: Locator;
  readonly cards: Locator;

  constructor(readonly page: Page) {
    this.matrix = page.getByTestId("hosts-matrix");
    this.paramMatrices = page.getByTestId("param-matrix");
    this.cards = page.getByTestId("host-card");
  }

  async open() {
    await open(this.page, "/hosts");
    await expect(this.matrix).toBeVisible();
  }

  card(providerId: string): Locator {
    return this.page.locator(`[data-testid="host-card"][data-provider="${providerId}"]`);
  }

  /** The price shown in the matrix per host for one model, as a number (null: not served or no price). */
  async pricesFor(model: string): Promise<Map<string, { usd: number | null; lowest: boolean }>> {
    const rows = await this.matrix.locator("tbody tr").all();
    const prices = new Map<string, { usd: number | null; lowest: boolean }>();
    for (const row of rows) {
      const id = (await row.getAttribute("data-provider"))!;
      const cell = row.locator(`td[data-model="${model}"]`);
      if ((await cell.count()) === 0) continue;
      const text = (await cell.locator("p").first().innerText()).trim();
      const match = /\$(\d+(?:\.\d+)?)/.exec(text);
      prices.set(id, { usd: match ? Number(match[1]) : null, lowest: (await cell.getByTestId("lowest-price").count()) > 0 });
    }
    return prices;
  }
}
