import { open } from "./navigation";
import { expect, test, type Page } from "@playwright/test";

/** The Tokens and admin pages in local mode (the local user is the admin), and a limit in the form. */

async function setLocalLimits(page: Page, budget: string, rate: string) {
  await open(page, "/admin");
  const row = page.locator('[data-testid="admin-user-row"][data-user-id="local"]');
  await row.getByTestId("budget").fill(budget);
  await row.getByTestId("rate").fill(rate);
  await row.getByTestId("save-limits").click();
  await expect(row.getByRole("status")).toHaveText("Saved");
  return row;
}

test("makes a token shown once, lists it without its secret, and revokes it", async ({ page }) => {
  await open(page, "/tokens");
  await expect(page.getByTestId("limits-summary")).toBeVisible();
  await page.getByTestId("token-name").fill("e2e script");
  await page.getByTestId("create-token").click();
  const secret = await page.getByTestId("new-token-value").textContent();
  expect(secret).toMatch(/^fpt_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId("copy-token")).toBeVisible();
  const row = page.getByTestId("token-row").filter({ hasText: "e2e script" });
  await expect(row).toContainText("last used never");

  // Reloaded, the list never holds the secret again.
  await open(page, "/tokens");
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret!);
  await row.getByTestId("revoke-token").click();
  await row.getByTestId("confirm-revoke").click();
  await expect(row).toHaveCount(0);
  await open(page, "/tokens");
  await expect(page.getByTestId("token-row").filter({ hasText: "e2e script" })).toHaveCount(0);
});

test("an admin's rate limit of 0 stops a run in the form, saying the limit; emptied, runs go again", async ({ page }) => {
  try {
    const row = await setLocalLimits(page, "", "0");
    await expect(row.getByTestId("user-effective")).toContainText("0/min");

    await open(page, "/");
    const before = (await (await page.request.get("/api/v1/generations?limit=1")).json()).totals.generations;
    await page.getByTestId("field-prompt").fill("refused by the rate limit");
    await page.getByTestId("run-button").click();
    await expect(page.getByTestId("form-error")).toContainText("Runs are not allowed for this account (rate limit 0 per minute).");
    expect((await (await page.request.get("/api/v1/generations?limit=1")).json()).totals.generations).toBe(before);

    const limited = await page.request.post("/api/v1/generations", { data: { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "x" } } });
    expect(limited.status()).toBe(429);
    expect((await limited.json()).error).toMatchObject({ code: "rate_limited" });
  } finally {
    await setLocalLimits(page, "", "");
  }
  const ok = await page.request.post("/api/v1/generations", { data: { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "allowed again", width: 256, height: 256 } } });
  expect(ok.status()).toBe(202);
});
