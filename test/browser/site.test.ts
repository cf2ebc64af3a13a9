// Every page of the built site loads without console errors or failed requests, has no serious
// or critical axe violation in light and dark at 1280 and 390 px, does not scroll sideways at either,
// and is saved as a screenshot for each (test-results/screenshots/<page>-<width>-<theme>.png). One page load per page: the
// theme and width are switched on the loaded page (the site follows the system colour scheme
// live), which keeps the run short as the number of pages grows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, listPages, newPage, pageSlug, runAxe, screenshot, settle, shownTheme, type Browser, type Page } from './harness';

const pages = listPages();
const variants = [
  { width: 1280, theme: 'light' },
  { width: 1280, theme: 'dark' },
  { width: 390, theme: 'dark' },
  { width: 390, theme: 'light' },
] as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Scroll through the page so lazily hydrated figures run (and can fail), then back to the top, and let the
 * network settle (harness settle: at most 45 s; a live figure's ONNX Runtime download and compile kept one
 * page busy past 90 s in a full CI run on a loaded machine, and what follows has its own waits).
 */
async function visitAll(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight * 0.9) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 50));
    }
    window.scrollTo(0, 0);
  });
  await settle(page);
}

describe('the built site', () => {
  it('has a title page, a search page and at least one chapter', () => {
    expect(pages).toContain('/');
    expect(pages).toContain('/search/');
    expect(pages.some((p) => p.startsWith('/chapters/'))).toBe(true);
  });
});

describe.each(pages)('page %s', (path) => {
  it('loads cleanly and passes axe in light and dark, at 1280 and 390 px (screenshots saved)', async () => {
    const { page, context, problems } = await newPage(browser, { path, theme: 'light', width: 1280 });
    try {
      await visitAll(page);
      for (const { width, theme } of variants) {
        await page.setViewportSize({ width, height: 900 });
        await page.emulateMedia({ colorScheme: theme });
        await page.evaluate(() => document.fonts.ready);
        const label = `${path} at ${width} px, ${theme}`;
        expect.soft(await shownTheme(page), label).toBe(theme);
        // Nothing pushes the page sideways (wide math, tables and code scroll inside their own boxes).
        const sideways = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
        expect.soft(sideways, `${label}: the page scrolls ${sideways} px sideways`).toBeLessThanOrEqual(0);
        await screenshot(page, `${pageSlug(path)}-${width}-${theme}`);
        const violations = await runAxe(page);
        expect.soft(violations, `${label}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
      }
      await visitAll(page); // the narrow layout, too, must not fail a figure
      expect(problems(), problems().join("\n")).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
