// Page chrome: figure anchors and copy links, theme persistence, contents, search, print.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goto, launch, newPage, runAxe, screenshot, shownTheme, waitForHydration, type Browser, type Page } from './harness';

/** The figure's top edge is in the upper third of the viewport. */
async function figureAtTop(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    return top >= -1 && top < window.innerHeight / 3;
  });
}

const CHAPTER = '/chapters/01-memorization/';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('figures', () => {
  it('a #fig-<id> link scrolls to its numbered figure', async () => {
    const { page, context, problems } = await newPage(browser, { path: `${CHAPTER}#fig-clock`, reducedMotion: 'reduce' });
    try {
      const fig = page.locator('#fig-clock');
      await expect.poll(() => figureAtTop(page, '#fig-clock'), { timeout: 5000 }).toBe(true);
      expect(await fig.getAttribute('data-figure-number')).toBe('1');
      expect(await fig.locator('figcaption').innerText()).toMatch(/^Figure 1/);

      expect(problems(), problems().join("\n")).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an in-page link to #fig-<id> scrolls to the figure', async () => {
    const { page, context, problems } = await newPage(browser, { path: CHAPTER, reducedMotion: 'reduce' });
    try {
      expect(await figureAtTop(page, '#fig-clock')).toBe(false);
      await page.evaluate(() => {
        const a = document.createElement('a');
        a.href = '#fig-clock';
        a.textContent = 'to the figure';
        a.id = 'test-link';
        document.querySelector('.prose')?.prepend(a);
      });
      await page.click('#test-link');
      await expect.poll(() => figureAtTop(page, '#fig-clock'), { timeout: 5000 }).toBe(true);
      expect(new URL(page.url()).hash).toBe('#fig-clock');
      expect(problems(), problems().join("\n")).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the copy-link button copies the figure URL and says so', async () => {
    const { page, context, problems } = await newPage(browser, { path: CHAPTER });
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const button = page.getByRole('button', { name: 'Copy link to Figure 1' });
      await button.click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/\/chapters\/01-memorization\/#fig-clock$/);
      expect(await page.locator('#fig-clock [role="status"]').textContent()).toBe('Link copied');
      expect(problems(), problems().join("\n")).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('theme', () => {
  it('follows the system by default and remembers the reader’s choice', async () => {
    const { page, context, problems } = await newPage(browser, { path: CHAPTER, theme: 'dark' });
    try {
      const scheme = () => shownTheme(page);
      expect(await scheme()).toBe('dark');
      const toggle = page.getByRole('button', { name: 'Dark theme' });
      expect(await toggle.getAttribute('aria-pressed')).toBe('true');
      await toggle.click();
      expect(await scheme()).toBe('light');
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      await goto(page, '/');
      expect(await scheme()).toBe('light'); // persisted across pages and reloads
      expect(await page.evaluate(() => localStorage.getItem('gg-theme'))).toBe('light');
      expect(problems(), problems().join("\n")).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('layout', () => {
  it('shows the contents in a sidebar on wide screens and collapsed above the text on narrow ones', async () => {
    const wide = await newPage(browser, { path: CHAPTER, width: 1400 });
    const narrow = await newPage(browser, { path: CHAPTER, width: 360 });
    try {
      expect(await wide.page.locator('.toc-side').isVisible()).toBe(true);
      expect(await wide.page.locator('.toc-inline').isVisible()).toBe(false);
      expect(await narrow.page.locator('.toc-side').isVisible()).toBe(false);
      expect(await narrow.page.locator('.toc-inline').isVisible()).toBe(true);
      // Nothing is wider than the 360 px viewport.
      const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await wide.context.close();
      await narrow.context.close();
    }
  });

  it('on a phone the contents stay at hand: deep in a chapter a finger opens them and jumps to a section; the keyboard too', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, reducedMotion: 'reduce' });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await goto(page, CHAPTER, 'load');
      const open = page.locator('[data-toc-open]');
      // At the top the contents are the block above the text: no floating button yet.
      expect(await open.isVisible()).toBe(false);
      // Halfway down the chapter the button is there.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
      await expect.poll(() => open.isVisible(), { timeout: 15_000 }).toBe(true);
      await open.tap();
      const dialog = page.getByRole('dialog', { name: 'Contents' });
      await expect.poll(() => dialog.isVisible()).toBe(true);
      await screenshot(page, 'toc-float-open-390', false);
      expect((await runAxe(page)).map((v) => v.id)).toEqual([]);
      // Pick the third section: the dialog closes, the address names it and its heading is in view.
      const link = dialog.locator('.toc__item--2 a').nth(2);
      const slug = (await link.getAttribute('data-toc-link'))!;
      await link.tap();
      await expect.poll(() => dialog.isVisible()).toBe(false);
      await expect.poll(() => new URL(page.url()).hash).toBe(`#${slug}`);
      await expect
        .poll(() => page.locator(`[id="${slug}"]`).evaluate((h) => h.getBoundingClientRect().top >= -1 && h.getBoundingClientRect().top < window.innerHeight / 2))
        .toBe(true);
      // The keyboard: Enter opens it, Escape closes it and focus goes back to the button.
      await expect.poll(() => open.isVisible()).toBe(true);
      await open.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => dialog.isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.isVisible()).toBe(false);
      expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-toc-open'))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('links chapters to the title page and lists references cited in the chapter', async () => {
    const { page, context } = await newPage(browser, { path: CHAPTER });
    try {
      const refs = page.locator('.references li');
      expect(await refs.count(), await page.content()).toBeGreaterThanOrEqual(2);
      expect(await page.locator('#ref-nanda2023').innerText()).toContain('Progress measures for grokking');
      const cite = page.locator('.cite a[href="#ref-power2022"]').first();
      expect(await cite.innerText()).toBe('Power et al., 2022');
      expect(await page.getByRole('navigation', { name: 'Chapters' }).getByRole('link').count()).toBeGreaterThanOrEqual(1);
    } finally {
      await context.close();
    }
  });

  it('prints without the chrome', async () => {
    const { page, context } = await newPage(browser, { path: CHAPTER });
    try {
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.site-header').isVisible()).toBe(false);
      expect(await page.locator('.prev-next').isVisible()).toBe(false);
      expect(await page.locator('.figure__copy').first().isVisible()).toBe(false);
      expect(await page.locator('#fig-clock').isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('title page and search', () => {
  it('the title page shows a returning reader their progress: chapters read to the end, prompts answered and due', async () => {
    const { page, context, problems } = await newPage(browser, { path: '/', reducedMotion: 'reduce' });
    try {
      // A new reader: nothing to show.
      await page.waitForTimeout(1500);
      expect(await page.locator('[data-reader-progress]').count()).toBe(0);
      // Read chapter 1 to the end and answer one of its prompts.
      await goto(page, CHAPTER);
      const card = page.locator('[data-recall-id="mem-three-phases"]');
      await waitForHydration(page, '[data-recall-id="mem-three-phases"]', 90_000);
      await card.getByLabel(/Your answer/).fill('memorize, circuit, cleanup');
      await card.getByRole('button', { name: 'Show the answer' }).click();
      await card.getByRole('button', { name: 'Remembered' }).click();
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await expect
        .poll(() => page.evaluate(() => localStorage.getItem('grokking-gradually:chapters-read')))
        .toMatch(/"01-memorization":\d+/);
      // Back on the title page.
      await goto(page, '/');
      const box = page.locator('[data-reader-progress]');
      await expect.poll(() => box.count(), { timeout: 30_000 }).toBe(1);
      expect(await box.locator('[data-read-count]').innerText()).toBe('1');
      expect(await box.locator('[data-answered-count]').innerText()).toBe('1');
      expect(await box.locator('li[data-chapter="01-memorization"]').innerText()).toMatch(/read[\s\S]*1\/\d+ prompts/);
      expect(await box.locator('li[data-chapter="02-algorithm"]').innerText()).not.toMatch(/\bread\b/);
      await box.scrollIntoViewIfNeeded();
      await screenshot(page, 'title-reader-progress-1280', false);
      expect((await runAxe(page)).map((v) => v.id)).toEqual([]);
      // Text in the record that is not ours is left alone, and said so.
      await page.evaluate(() => localStorage.setItem('grokking-gradually:chapters-read', 'not ours'));
      await page.reload();
      await expect.poll(() => box.innerText(), { timeout: 30_000 }).toContain('could not be read here');
      expect(await page.evaluate(() => localStorage.getItem('grokking-gradually:chapters-read'))).toBe('not ours');
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lists every chapter with a reading time', async () => {
    const { page, context } = await newPage(browser, { path: '/' });
    try {
      const cards = page.locator('.chapter-card');
      expect(await cards.count()).toBeGreaterThanOrEqual(1);
      expect(await cards.first().innerText()).toMatch(/\d+ min read/);
      expect(await cards.first().getAttribute('href')).toBe('/chapters/01-memorization/');
    } finally {
      await context.close();
    }
  });

  it('finds a figure by its name ("pairs grid") and by its title', async () => {
    for (const q of ['pairs grid', 'Every pair']) {
      const { page, context } = await newPage(browser, { path: `/search/?q=${encodeURIComponent(q)}` });
      try {
        const links = page.locator('.pagefind-ui__result-link');
        await links.first().waitFor({ timeout: 20_000 });
        const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
        expect(hrefs.some((h) => h.includes('/chapters/01-memorization/')), `${q}: ${hrefs.join(', ')}`).toBe(true);
      } finally {
        await context.close();
      }
    }
  });

  it('finds chapter text with Pagefind', async () => {
    const { page, context, problems } = await newPage(browser, { path: '/search/?q=modular' });
    try {
      const first = page.locator('.pagefind-ui__result-link').first();
      await first.waitFor({ timeout: 20_000 });
      expect(await page.locator('.pagefind-ui__result-link').count()).toBeGreaterThanOrEqual(1);
      expect(await first.getAttribute('href')).toMatch(/\/chapters\//);
      expect(problems(), problems().join("\n")).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
