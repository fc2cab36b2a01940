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

  async useUrl(url: string) {
    await this.urlInput.fill(url);
    await this.page.getByTestId("image-prompt-url-use").click();
  }

  async expectUrl(url: string) {
    await expect(this.urlValue).toHaveText(url);
    await expect(this.urlInput).toHaveValue("");
  }
}
