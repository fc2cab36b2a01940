import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { hydrated } from "../e2e/navigation";

/**
 * Team mode's sign-in, through the real redirect flow: our sign-in page, the test issuer's login
 * form (tests/support/oidc-server.ts accepts any name), back to the page asked for.
 */
export class SignInPage {
  constructor(readonly page: Page) {}

  async signIn(login: string, path = "/") {
    await this.page.goto(path);
    await this.page.waitForURL(/\/signin\?/);
    const app = new URL(this.page.url()).origin;
    await hydrated(this.page);
    await this.page.getByTestId("signin-oidc").click();
    await this.page.locator('input[name="login"]').fill(login);
    await this.page.locator('input[name="password"]').fill("any password");
    await this.page.locator('button[type="submit"]').click();
    // Off to the issuer's login form and back to the page asked for, now signed in.
    await this.page.waitForURL((url) => url.origin === app && url.pathname === path);
    // The test issuer names a login "a@b" by its local part, as it names "a" (tests/support/oidc-server.ts).
    await expect(this.page.getByTestId("user-name")).toHaveText(login.split("@")[0]);
  }

  async signOut() {
    await this.page.getByTestId("user-menu").locator("summary").click();
    await this.page.getByTestId("sign-out").click();
    await this.page.waitForURL(/\/signin\?signedOut=1/);
    await expect(this.page.getByTestId("signed-out")).toBeVisible();
  }
}

/** A browser of its own (cookies apart) signed in as `login`. */
export async function signedIn(browser: Browser, baseURL: string | undefined, login: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await new SignInPage(page).signIn(login);
  return { context, page };
}
