// Every page of the built site, in light and dark, at 1280 and 390 px: loads without console
// errors or failed requests, has no serious/critical axe violation, and is saved as a screenshot
// (test-results/screenshots/<page>-<width>-<theme>.png).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, listPages, newPage, pageSlug, runAxe, screenshot, shownTheme, type Browser } from './harness';

const pages = listPages();
const variants = [
  { width: 1280, theme: 'light' },
  { width: 1280, theme: 'dark' },
  { width: 390, theme: 'light' },
  { width: 390, theme: 'dark' },
] as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('the built site', () => {
  it('has a title page, a search page and at least one chapter', () => {
    expect(pages).toContain('/');
    expect(pages).toContain('/search/');
    expect(pages.some((p) => p.startsWith('/chapters/'))).toBe(true);
  });
});

describe.each(pages)('page %s', (path) => {
  it.each(variants)('at $width px, $theme: loads cleanly, passes axe, screenshot saved', async ({ width, theme }) => {
    const { page, context, problems } = await newPage(browser, { path, theme, width });
    try {
      // Bring lazily hydrated figures into view so their scripts run and can fail.
      await page.evaluate(async () => {
        for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
          window.scrollTo(0, y);
          await new Promise((r) => setTimeout(r, 60));
        }
        window.scrollTo(0, 0);
      });
      await page.waitForLoadState('networkidle');
      await page.evaluate(() => document.fonts.ready);
      expect(await shownTheme(page)).toBe(theme);
      await screenshot(page, `${pageSlug(path)}-${width}-${theme}`);
      const violations = await runAxe(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
      // 404.html is served with status 200 when opened directly, so this holds for every page.
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
