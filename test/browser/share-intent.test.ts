// The figures' Share menus hydrate with client:intent (src/lib/islands/intent.ts): their code loads when a
// reader reaches for one, not with the page. Checked as readers do it: a mouse user, a keyboard user and a
// first tap on a phone each open the menu at once, and a reader who never reaches for one never loads it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, newPage, waitForHydration, type Browser, type Page } from './harness';

const CH1 = '/chapters/01-memorization/';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Records the scripts of the Share menu the page fetches. */
function shareScripts(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (/\/_astro\/ShareMenu\.[\w-]+\.js$/.test(r.url())) seen.push(r.url());
  });
  return seen;
}

describe('the Share menu loads when a reader reaches for it', () => {
  it('a reader who only reads and plays with a figure never downloads it', async () => {
    const { page, context, problems } = await newPage(browser);
    try {
      const seen = shareScripts(page);
      await page.goto(`${baseUrl()}${CH1}`, { waitUntil: 'networkidle' });
      await waitForHydration(page, '[data-widget="modular-clock"]');
      await page.locator('#fig-clock input[type="range"]').first().focus();
      await page.keyboard.press('ArrowRight'); // plays with the figure
      await page.waitForTimeout(1500); // past the idle callbacks
      expect(seen).toEqual([]);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a mouse click on Share opens the menu, its code loaded on the way', async () => {
    const { page, context, problems } = await newPage(browser, { path: CH1 });
    try {
      const seen = shareScripts(page);
      const figure = page.locator('#fig-clock');
      await figure.getByRole('button', { name: 'Share' }).click();
      await expect.poll(() => figure.getByRole('button', { name: 'Share' }).getAttribute('aria-expanded')).toBe('true');
      await expect(figure.locator('.share__panel').getByRole('button', { name: 'Copy link', exact: true }).isVisible()).resolves.toBe(true);
      expect(seen).toHaveLength(1);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the keyboard: Tab to Share and Enter opens it, Escape closes it', async () => {
    const { page, context } = await newPage(browser, { path: CH1 });
    try {
      const toggle = page.locator('#fig-clock').getByRole('button', { name: 'Share' });
      await toggle.focus(); // focus arrives as it would by Tab: no pointer involved
      await page.keyboard.press('Enter');
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('Escape');
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    } finally {
      await context.close();
    }
  });

  it('on a phone, the first tap on Share opens it (the tap is held until the code has loaded)', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      const seen = shareScripts(page);
      // Slow the menu's code down, so the tap surely arrives before it has loaded.
      await page.route(/\/_astro\/ShareMenu\.[\w-]+\.js$/, async (route) => {
        await new Promise((r) => setTimeout(r, 800));
        await route.continue();
      });
      await page.goto(`${baseUrl()}${CH1}`, { waitUntil: 'networkidle' });
      const toggle = page.locator('#fig-clock').getByRole('button', { name: 'Share' });
      await toggle.scrollIntoViewIfNeeded();
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      await toggle.tap();
      await expect.poll(() => toggle.getAttribute('aria-expanded'), { timeout: 15_000 }).toBe('true');
      expect(seen).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it('on a phone, every figure’s open menu stays inside the window (no sideways scrolling)', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl()}${CH1}`, { waitUntil: 'networkidle' });
      const toggles = page.locator('figure .share__toggle');
      const n = await toggles.count();
      expect(n).toBeGreaterThanOrEqual(4);
      for (let i = 0; i < n; i++) {
        const toggle = toggles.nth(i);
        await toggle.scrollIntoViewIfNeeded();
        await toggle.tap();
        await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
        const fit = await toggle.evaluate((t) => {
          const r = t.closest('.share')!.querySelector('.share__panel')!.getBoundingClientRect();
          return { left: r.left, right: r.right, width: innerWidth, scroll: document.documentElement.scrollWidth };
        });
        expect(fit.left, `menu ${i}`).toBeGreaterThanOrEqual(0);
        expect(fit.right, `menu ${i}`).toBeLessThanOrEqual(390);
        expect(fit.scroll, `menu ${i}: the page scrolls sideways`).toBeLessThanOrEqual(390);
        await toggle.tap();
        await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
      }
    } finally {
      await context.close();
    }
  });
});
