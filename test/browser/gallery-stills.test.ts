// The gallery's thumbnails are the figures themselves (issue 17): each card shows its figure's still,
// the still of the theme the page shows (system theme, or the reader's choice), loaded and distinct from
// every other card's; axe passes; screenshots at 1280 and 390 px, light and dark.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtFigures } from '../../src/pages/figures/_widgets';
import { launch, newPage, runAxe, screenshot, type Browser, type Page } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Thumb {
  figure: string;
  src: string;
  naturalWidth: number;
  shownWidth: number;
  alt: string | null;
}

/** The shown thumbnail of every card, after scrolling each into view (they load lazily). */
async function thumbs(page: Page): Promise<Thumb[]> {
  for (const card of await page.locator('[data-gallery-figure]').all()) {
    await card.scrollIntoViewIfNeeded();
    const img = card.locator('.card__thumb img:visible');
    await img.evaluate((el: HTMLImageElement) => (el.complete ? undefined : new Promise((done) => el.addEventListener('load', done, { once: true }))));
  }
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-gallery-figure]')].map((card) => {
      const shown = [...card.querySelectorAll<HTMLImageElement>('.card__thumb img')].filter((i) => getComputedStyle(i).display !== 'none');
      if (shown.length !== 1) throw new Error(`${card.dataset.galleryFigure}: ${shown.length} thumbnails shown`);
      const img = shown[0];
      return { figure: card.dataset.galleryFigure ?? '', src: img.currentSrc, naturalWidth: img.naturalWidth, shownWidth: img.getBoundingClientRect().width, alt: img.getAttribute('alt') };
    }),
  );
}

describe('the gallery’s thumbnails', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const width of [1280, 390]) {
      it(`show each figure’s own ${theme} still at ${width} px, loaded and all different, and pass axe`, async () => {
        const { page, context, problems } = await newPage(browser, { path: '/figures/', theme, width });
        try {
          const shown = await thumbs(page);
          expect(shown.map((t) => t.figure)).toEqual(builtFigures().map((f) => f.id));
          for (const t of shown) {
            expect(new URL(t.src).pathname, t.figure).toBe(`/stills/${t.figure}.${theme}.webp`);
            expect(t.naturalWidth, t.figure).toBe(960);
            expect(t.shownWidth, t.figure).toBeGreaterThan(250);
            expect(t.alt, t.figure).toBe(''); // decorative: the card's title link follows and names the figure
          }
          // Different files, and different pictures: fetch each and hash its bytes.
          const hashes = await Promise.all(
            shown.map(async (t) => createHash('sha256').update(Buffer.from(await (await context.request.get(t.src)).body())).digest('hex')),
          );
          expect(new Set(hashes).size).toBe(shown.length);
          // The other theme's stills were never requested (display: none keeps a lazy image from loading).
          const other = theme === 'light' ? 'dark' : 'light';
          const requested = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
          expect(requested.filter((u) => u.includes(`.${other}.webp`))).toEqual([]);
          // Cards side by side line up: the first row's thumbnails share their top edge.
          const tops = await page.evaluate(() => [...document.querySelectorAll('.card__thumb')].map((t) => Math.round(t.getBoundingClientRect().top + scrollY)));
          const firstRow = tops.filter((t) => t === tops[0]).length;
          expect(firstRow).toBe(width === 1280 ? 3 : 1);
          await page.evaluate(() => window.scrollTo(0, 0));
          await screenshot(page, `gallery-stills-${theme}-${width}`, false);
          await screenshot(page, `gallery-stills-${theme}-${width}-full`);
          expect(await runAxe(page)).toEqual([]);
          expect(problems()).toEqual([]);
        } finally {
          await context.close();
        }
      });
    }
  }

  it('follow the reader’s theme choice over the system’s', async () => {
    const { page, context } = await newPage(browser, { path: '/figures/', theme: 'light' });
    try {
      await page.locator('[data-theme-toggle]').first().click();
      const theme = await page.evaluate(() => document.documentElement.dataset.theme);
      expect(theme).toBe('dark');
      const shown = await thumbs(page);
      for (const t of shown) expect(new URL(t.src).pathname, t.figure).toBe(`/stills/${t.figure}.dark.webp`);
    } finally {
      await context.close();
    }
  });
});
