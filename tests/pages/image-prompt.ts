import { expect, type Locator, type Page } from "@playwright/test";

/** The form's image prompt: a file upload, or a web address the server fetches on Run. */
export class ImagePromptField {
  readonly urlInput: Locator;
  readonly urlValue: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.urlInput = page.getByTestId("image-prompt-url");
    this.urlValue = page.getByTestId("image-prompt-url-value");
    this.error = page.getByTestId("field-error-image_prompt");
  }

  /** The field sits in the form's Advanced section, collapsed on arrival. */
  async reveal() {
    const advanced = this.page.locator('form[aria-label="Generation settings"] details');
    if (!(await advanced.evaluate((details: HTMLDetailsElement) => details.open))) await advanced.locator("summary").click();
  }

  async useUrl(url: string) {
    await this.reveal();
    await this.urlInput.fill(url);
    await this.page.getByTestId("image-prompt-url-use").click();
  }

  async expectUrl(url: string) {
    await expect(this.urlValue).toHaveText(url);
    await expect(this.urlInput).toHaveValue("");
  }
}
