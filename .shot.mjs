import { chromium } from "@playwright/test";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
const [width, height, out, action] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4], process.argv[5]];
const page = await browser.newPage({ viewport: { width, height } });
page.on("console", (m) => { if (m.type() === "error") console.log("console error:", m.text()); });
await page.goto("http://127.0.0.1:3311/");
await page.locator('html[data-hydrated="true"]').waitFor({ state: "attached" });
await page.waitForTimeout(1500);
if (action === "scroll") { await page.locator('[data-testid="gallery"]').scrollIntoViewIfNeeded(); await page.waitForTimeout(800); }
if (action === "select") { await page.locator('[data-testid="select-toggle"]').nth(1).click(); await page.locator('[data-target-key]').nth(2).focus(); await page.keyboard.press("ArrowRight"); await page.waitForTimeout(300); }
if (action === "detail") { await page.locator('[data-testid="image-tile"] button').first().click(); await page.getByTestId("detail-rerun").click(); await page.keyboard.press("s"); await page.waitForTimeout(500); }
if (action === "help") { await page.keyboard.press("?"); await page.waitForTimeout(300); }
await page.screenshot({ path: out, fullPage: action === "full" });
await browser.close();
