import { expect, type Locator, type Page } from "@playwright/test";
import { open } from "../e2e/navigation";

/** The playground as a user sees it: the form, and the gallery's cards of runs. */
export class PlaygroundPage {
  constructor(readonly page: Page) {}

  async open() {
    await open(this.page, "/");
  }

  card(generationId: string): Locator {
    return this.page.locator(`[data-testid="generation-card"][data-generation-id="${generationId}"]`);
  }

  /** Starts runs through the JSON API, as a script would, and returns their ids. */
  async startRuns(count: number, body: Record<string, unknown>): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await this.page.request.post("/api/v1/generations", { data: { model: "flux-pro-1.1", ...body, params: { width: 256, height: 256, prompt: `run ${i}`, ...(body.params as object) } } });
      expect(res.status()).toBe(202);
      ids.push(((await res.json()) as { id: string }).id);
    }
    return ids;
  }

  async chooseHost(id: string) {
    await this.page.getByTestId("provider-select").selectOption(id);
  }

  async chooseFailover(id: string) {
    await this.page.getByTestId("failover-host").selectOption(id);
  }

  async run(prompt: string) {
    await this.page.getByTestId("field-prompt").fill(prompt);
    await this.page.getByTestId("run-button").click();
  }

  /** The card of the run with this prompt (make it unique: the gallery holds other specs' runs too). */
  cardFor(prompt: string): Locator {
    return this.page.getByTestId("generation-card").filter({ hasText: prompt });
  }

  get runButton(): Locator {
    return this.page.getByTestId("run-button");
  }

  get advanced(): Locator {
    return this.page.locator('form[aria-label="Generation settings"] details');
  }

  /** An image's own button in the grid (focus it for the keys, click it for the detail view). */
  imageTarget(imageId: string): Locator {
    return this.page.locator(`[data-target-key="image:${imageId}"]`);
  }

  /** Starts a run through the API and waits until it has succeeded; its id and first image's id. */
  async finishedRun(params: Record<string, unknown>, model = "flux-pro-1.1", provider = "bfl"): Promise<{ id: string; imageIds: string[] }> {
    const res = await this.page.request.post("/api/v1/generations", { data: { model, provider, params } });
    expect(res.status()).toBe(202);
    const { id } = (await res.json()) as { id: string };
    let dto: { status: string; images: { id: string }[]; error?: unknown } = { status: "queued", images: [] };
    // Until it ends, then: succeeded, or the run's own error in the failure message.
    await expect
      .poll(async () => (dto = await (await this.page.request.get(`/api/v1/generations/${id}`)).json()).status, { timeout: 120_000 })
      .toMatch(/^(succeeded|partial|failed|canceled)$/);
    expect(dto.status, `run ${id} ended ${dto.status}: ${JSON.stringify(dto.error)}`).toBe("succeeded");
    return { id, imageIds: dto.images.map((image) => image.id) };
  }
}
