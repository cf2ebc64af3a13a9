// Figures hydrated with client:deferred (src/lib/islands/deferred.ts) keep their data out of the page's
// HTML: the build moves each one's props into a file (move-props.ts), fetched only when the figure
// comes near the screen. These check that promise as a reader meets it: nothing fetched before they
// scroll, the figure live and in its default state after, and a clear outcome when the file is missing
// (online: an error, the saved picture kept) or the reader is offline (the offline note).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../src/lib/files.node';
import { goto, launch, newPage, SCREENSHOT_DIR, siteDir, waitForHydration, type Browser } from './harness';

const CH1 = '/chapters/01-memorization/';
const GRID = '[data-widget="pairs-grid"]';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('deferred figure data', () => {
  it('every deferred island of the built site points to a props file that exists and parses, and keeps no inline props', () => {
    let seen = 0;
    for (const page of listFiles(siteDir(), { match: /\.html$/, skip: ['pagefind'] })) {
      const html = readFileSync(page, 'utf8');
      for (const [tag] of html.matchAll(/<astro-island\b[^>]*client="deferred"[^>]*>/g)) {
        seen++;
        expect(tag, page).not.toMatch(/\sprops="/);
        const src = /data-props-src="([^"]+)"/.exec(tag)?.[1];
        expect(src, `${page}: ${tag.slice(0, 120)}`).toMatch(/^\/_astro\/props\/[0-9a-f]{16}\.json$/);
        const file = join(siteDir(), src!);
        expect(existsSync(file), file).toBe(true);
        expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
      }
    }
    expect(seen).toBeGreaterThanOrEqual(11); // chapters 1, 2, 3, 4 and 5 each defer at least one figure
  });

  it('a deferred figure fetches its data only when the reader scrolls to it, then comes alive in its default state', async () => {
    const { page, problems, context } = await newPage(browser, { path: CH1 });
    try {
      const fetched: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/_astro/props/')) fetched.push(r.url());
      });
      const src = await page.locator(`astro-island:has(${GRID})`).getAttribute('data-props-src');
      expect(src).toBeTruthy();
      await page.waitForTimeout(500);
      expect(fetched.filter((u) => u.endsWith(src!))).toEqual([]);
      expect(await page.locator(`${GRID}[data-hydrated="true"]`).count()).toBe(0);
      await waitForHydration(page, GRID);
      expect(fetched.filter((u) => u.endsWith(src!))).toHaveLength(1);
      const data = JSON.parse(readFileSync(join(siteDir(), src!), 'utf8')) as { data: [0, { lastStep: [0, number] }] };
      expect(await page.locator(GRID).getAttribute('data-step')).toBe(String(data.data[1].lastStep[1]));
      // Alive: choosing the other view redraws the grid.
      await page.locator(GRID).getByLabel('training set only').check();
      await expect.poll(() => page.locator(`${GRID} svg.grid`).getAttribute('class')).toContain('view-split');
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('when its data file is missing, the figure keeps its server-rendered picture and the console says which file', async () => {
    const { page, problems, context } = await newPage(browser);
    try {
      await page.route('**/_astro/props/**', (route) => route.fulfill({ status: 404, body: 'gone' }));
      await goto(page, CH1, 'load');
      const island = page.locator(`astro-island:has(${GRID})`);
      await page.locator('#fig-pairs-grid').scrollIntoViewIfNeeded();
      await expect.poll(() => island.getAttribute('data-props-error'), { timeout: 15_000 }).toBe('HTTP 404');
      expect(await page.locator(`${GRID}[data-hydrated="true"]`).count()).toBe(0);
      expect(await page.locator(`${GRID} svg.grid .cell`).count()).toBeGreaterThan(0);
      expect(problems().join('\n')).toMatch(/could not be loaded \(HTTP 404\)/);
    } finally {
      await context.close();
    }
  });

  it('until it hydrates, the pairs grid shows a still with every cell the colour the live grid gives it', async () => {
    const shots: Buffer[] = [];
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const block of [true, false]) {
      const { page, context } = await newPage(browser);
      try {
        if (block) await page.route('**/_astro/props/**', (route) => route.abort());
        await goto(page, CH1, 'load');
        const grid = page.locator(`${GRID} svg.grid`);
        await grid.scrollIntoViewIfNeeded();
        if (block) {
          await expect.poll(() => page.locator(`astro-island:has(${GRID})`).getAttribute('data-props-error'), { timeout: 15_000 }).toBeTruthy();
          expect(await grid.locator('mask image').count()).toBeGreaterThan(0); // the PNG still, not path data
        } else {
          await waitForHydration(page, GRID);
          expect(await grid.locator('mask').count()).toBe(0);
        }
        await page.evaluate(() => document.fonts.ready);
        shots.push(await grid.screenshot());
        writeFileSync(join(SCREENSHOT_DIR, `pairs-grid-${block ? 'still' : 'live'}.png`), shots.at(-1)!);
      } finally {
        await context.close();
      }
    }
    const { page, context } = await newPage(browser);
    try {
      // Compare the colour at the centre of every cell (the edges of 4.25-pixel cells may round either way).
      const diff = await page.evaluate(
        async ([a, b, p]) => {
          const pixels = async (b64: string) => {
            const bmp = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
            const c = new OffscreenCanvas(bmp.width, bmp.height);
            const g = c.getContext('2d')!;
            g.drawImage(bmp, 0, 0);
            return g.getImageData(0, 0, bmp.width, bmp.height);
          };
          const [x, y] = await Promise.all([pixels(a), pixels(b)]);
          if (x.width !== y.width || x.height !== y.height) return { size: false, differ: p * p };
          const scale = x.width / 482; // the grid's viewBox is 482 units wide: 480 of cells and a unit each side
          const cell = 480 / p;
          let differ = 0;
          for (let r = 0; r < p; r++)
            for (let c = 0; c < p; c++) {
              const i = (Math.floor((1 + (r + 0.5) * cell) * scale) * x.width + Math.floor((1 + (c + 0.5) * cell) * scale)) * 4;
              if (Math.abs(x.data[i] - y.data[i]) + Math.abs(x.data[i + 1] - y.data[i + 1]) + Math.abs(x.data[i + 2] - y.data[i + 2]) > 24) differ++;
            }
          return { size: true, differ };
        },
        [shots[0].toString('base64'), shots[1].toString('base64'), 113] as const,
      );
      expect(diff).toEqual({ size: true, differ: 0 });
    } finally {
      await context.close();
    }
  });

  it('offline, a deferred figure that never fetched its data says it needs a connection', async () => {
    const { page, context } = await newPage(browser, { path: CH1 });
    try {
      await context.setOffline(true);
      const fig = page.locator('#fig-pairs-grid');
      await fig.scrollIntoViewIfNeeded();
      await expect.poll(() => fig.locator('[data-offline-note]').count(), { timeout: 15_000 }).toBe(1);
      expect(await fig.locator('[data-offline-note]').textContent()).toMatch(/needs a connection/);
      expect(await fig.locator(`${GRID} svg.grid .cell`).count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });
});
