import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * axe-core in the end-to-end suite: each state audited dark and light, desktop and phone, in place
 * (viewport and colour scheme changed, not reloaded). Passes when axe finds no serious or critical
 * violation, and headings are in order.
 */
export const SIZES = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;
const SCHEMES = ["dark", "light"] as const;


/** The violations axe calls serious or critical (and heading order), one line per rule and state. */
async function seriousViolations(page: Page, state: string): Promise<string[]> {
  // Colours mid-transition after a theme change are neither theme's: let them settle.
  // (Bounded: a transition restarted by a live update would never settle.)
  await page.evaluate(() =>
    Promise.race([
      Promise.all(document.getAnimations().flatMap((a) => (a instanceof CSSTransition ? [a.finished.catch(() => undefined)] : []))),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]),
  );
  // Legacy mode runs axe in the page itself: the default opens a new page per call to merge
  // frames' results (3x slower here, and the app has no cross-origin frames). Only violations are
  // needed: axe skips detailing the passes.
  const { violations } = await new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ["violations"] }).analyze();
  return violations
    // heading-order is "moderate" to axe, but the issue names it: headings are how screen readers skim.
    .filter((v) => v.impact === "serious" || v.impact === "critical" || v.id === "heading-order")
    .map((v) => `${state}: ${v.id} ×${v.nodes.length} (${v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.any[0]?.message ?? n.failureSummary}`).join(" | ")})`);
}

/** Audits the page as it is in both themes on both screens. */
export async function audit(page: Page, state: string) {
  const found: string[] = [];
  for (const [screen, size] of Object.entries(SIZES)) {
    await page.setViewportSize(size);
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator("html")).toHaveAttribute("data-theme", scheme);
      found.push(...(await seriousViolations(page, `${state}, ${screen}, ${scheme}`)));
    }
  }
  expect(found, found.join("\n")).toEqual([]);
}

