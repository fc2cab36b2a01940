import { expect, test } from "@playwright/test";
import { signedIn, SignInPage } from "../pages/sign-in";
import { audit } from "../support/axe";
import { hydrated, open } from "./navigation";

/**
 * axe-core on team mode's own pages (the "team" project), dark and light, desktop and phone: the
 * sign-in page as a stranger meets it, refused and signed out, and a member's and an admin's account pages.
 */

test.describe.configure({ timeout: 120_000 });

test("the sign-in page: on arrival, after a refused address, and after signing out", async ({ browser, baseURL, page }) => {
  await page.goto("/");
  await page.waitForURL(/\/signin\?/);
  await hydrated(page);
  await audit(page, "sign-in");

  await page.goto("/signin?error=AccessDenied");
  await expect(page.getByTestId("signin-error")).toBeVisible();
  await audit(page, "sign-in refused");

  const member = await signedIn(browser, baseURL, `ally${Date.now()}`);
  try {
    await new SignInPage(member.page).signOut();
    await audit(member.page, "signed out");
  } finally {
    await member.context.close();
  }
});

test("a member's keys and tokens pages, and the admin's users page", async ({ browser, baseURL }) => {
  const member = await signedIn(browser, baseURL, `keys${Date.now()}`);
  try {
    await open(member.page, "/keys");
    await expect(member.page.locator('[data-testid="key-row"][data-provider="bfl"]')).toBeVisible();
    await audit(member.page, "keys");
    await open(member.page, "/tokens");
    await expect(member.page.getByTestId("token-name")).toBeVisible();
    await audit(member.page, "tokens");
  } finally {
    await member.context.close();
  }

  const admin = await signedIn(browser, baseURL, "admin@example.test");
  try {
    await open(admin.page, "/admin");
    await expect(admin.page.getByTestId("admin-user-row").first()).toBeVisible();
    await audit(admin.page, "admin");
  } finally {
    await admin.context.close();
  }
});
