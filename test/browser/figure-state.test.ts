// Figure state in the address, end to end in Chromium against the built site:
// - a figure's state round-trips through the URL (set state → reload → same state), written with
//   replaceState (no history entry per change);
// - bad and hostile URL values give the default state and a notice, and no script runs;
// - the Share menu is a keyboard-usable disclosure whose link, embed code, downloads and citation
//   carry the figure's exact state.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, newPage, screenshot, waitForHydration, type Browser, type Page } from './harness';

const ESSAY = '/chapters/01-memorization/';
const EMBED = '/figures/clock/';
const CLOCK = '[data-widget="modular-clock"]';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function clockState(page: Page): Promise<{ a: number; b: number }> {
  const value = (h: string) => page.locator(`${CLOCK} [data-handle="${h}"]`).getAttribute('aria-valuenow');
  return { a: Number(await value('a')), b: Number(await value('b')) };
}

/** Marks the page if any script from the URL ran: dialogs, a global flag, an injected element. */
async function trapScripts(page: Page): Promise<() => Promise<string[]>> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return async () => {
    const flags = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return [
        w.__pwned ? 'window flag set' : '',
        document.querySelector('img[src="x"], [data-pwned]') ? 'element injected' : '',
      ].filter(Boolean);
    });
    return [...dialogs.map((m) => `dialog: ${m}`), ...flags];
  };
}

describe('URL state round-trips', () => {
  it('on the embed page: state from the address, changes written back without new history entries, reload restores', async () => {
    const { page, context, problems } = await newPage(browser, { path: `${EMBED}?clock.a=3&clock.b=4` });
    try {
      await waitForHydration(page, CLOCK);
      await expect.poll(() => clockState(page)).toEqual({ a: 3, b: 4 });
      const historyBefore = await page.evaluate(() => history.length);
      const handle = page.locator(`${CLOCK} [data-handle="a"]`);
      await handle.focus();
      for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight'); // a: 3 → 15
      await expect.poll(() => new URL(page.url()).searchParams.get('clock.a')).toBe('15');
      expect(new URL(page.url()).searchParams.get('clock.b')).toBe('4');
      expect(await page.evaluate(() => history.length)).toBe(historyBefore);
      await page.reload({ waitUntil: 'networkidle' });
      await waitForHydration(page, CLOCK);
      await expect.poll(() => clockState(page)).toEqual({ a: 15, b: 4 });
      // Back at the defaults, the figure's parameters leave the address.
      await handle.focus();
      await page.keyboard.press('End'); // a = 112
      await expect.poll(() => new URL(page.url()).searchParams.get('clock.a')).toBe('112');
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('in the essay: the figure reads its own prefixed parameters and keeps the others', async () => {
    const { page, context, problems } = await newPage(browser, {
      path: `${ESSAY}?utm_source=test&clock.a=20&other-figure.x=1#fig-clock`,
    });
    try {
      await waitForHydration(page, CLOCK);
      await expect.poll(() => clockState(page)).toEqual({ a: 20, b: 65 });
      await page.locator(`${CLOCK} [data-handle="b"]`).focus();
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => new URL(page.url()).searchParams.get('clock.b')).toBe('66');
      const url = new URL(page.url());
      expect(url.searchParams.get('utm_source')).toBe('test');
      expect(url.searchParams.get('other-figure.x')).toBe('1');
      expect(url.hash).toBe('#fig-clock');
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('classroom options in the essay', () => {
  // The Chomsky hierarchy and table are drawn at build time: no widget hydrates to run useFigureState, so a
  // small page script (src/lib/figure-state/static-presentation.ts) applies their options from the address.
  it('caption=0 hides the caption of a figure drawn at build time and of a live one, and only those', async () => {
    const path = '/chapters/05-chomsky/';
    const { page, context, problems } = await newPage(browser, { path: `${path}?chomsky-table.caption=0&chomsky-levels.caption=0` });
    try {
      // chomsky-levels is drawn at build time; chomsky-table hydrates when it nears the viewport.
      for (const id of ['chomsky-levels', 'chomsky-table']) {
        await page.locator(`#fig-${id}`).scrollIntoViewIfNeeded();
        await expect.poll(() => page.locator(`#fig-${id}`).getAttribute('data-hide-caption'), { message: id }).toBe('');
        expect(await page.locator(`#fig-${id} .figure__text`).isVisible(), `${id}: caption hidden`).toBe(false);
        expect(await page.locator(`#fig-${id} .figure__label`).isVisible(), `${id}: figure number kept`).toBe(true);
      }
      await page.locator('#fig-chomsky-table').scrollIntoViewIfNeeded();
      await screenshot(page, 'essay-chomsky-table-caption-0', false);
      // The other figures keep theirs.
      expect(await page.locator('#fig-length-curve .figure__text').isVisible()).toBe(true);
      expect(await page.locator('#fig-length-curve').getAttribute('data-hide-caption')).toBeNull();
      expect(problems()).toEqual([]);
      // Without the option, the caption shows.
      await page.goto(`${baseUrl()}${path}`);
      expect(await page.locator('#fig-chomsky-table .figure__text').isVisible()).toBe(true);
      expect(await page.locator('#fig-chomsky-table').getAttribute('data-hide-caption')).toBeNull();
    } finally {
      await context.close();
    }
  });
});

// Values that must each leave `a` at its default (71) with a notice naming `a`, running nothing.
const HOSTILE = [
  '%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E',
  '%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E',
  '%22%3E%3Cimg%20src%3Dx%20data-pwned%3E',
  'javascript:window.__pwned=1',
  '%00',
  '1e309',
  '-0',
  '99999999999999999999',
  'NaN',
  '[1,2]',
  '__proto__',
  'x'.repeat(3000),
];

describe('bad and hostile URL state', () => {
  it.each(HOSTILE.map((v) => [v.slice(0, 40), v]))('a=%s → default state, a notice, no script', async (_label, value) => {
    const { page, context, problems } = await newPage(browser);
    const ran = await trapScripts(page);
    try {
      await page.goto(`${baseUrl()}${EMBED}?clock.a=${value}&clock.a2=1`, { waitUntil: 'networkidle' });
      await waitForHydration(page, CLOCK);
      await expect.poll(() => clockState(page)).toEqual({ a: 71, b: 65 });
      const notice = page.getByRole('status').filter({ hasText: 'reset to their defaults' });
      await expect.poll(() => notice.count()).toBe(1);
      const text = (await notice.textContent()) ?? '';
      expect(text).toMatch(/\ba \((not a valid value|out of range|too long)\)/);
      expect(text).toContain('unknown setting');
      expect(text).not.toMatch(/[<>]|script|pwned|proto/);
      expect(await ran()).toEqual([]);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  // (100 kB addresses are covered by the unit tests; a server refuses request lines over 16 kB.)
  it('an address longer than any we write falls back entirely, with one notice', async () => {
    const { page, context } = await newPage(browser);
    const ran = await trapScripts(page);
    try {
      await page.goto(`${baseUrl()}${EMBED}?clock.b=3&pad=${'%3Cscript%3E'.repeat(800)}`, { waitUntil: 'networkidle' });
      await waitForHydration(page, CLOCK);
      await expect.poll(() => clockState(page)).toEqual({ a: 71, b: 65 });
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'too long' }).count()).toBe(1);
      expect(await ran()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a notice can be dismissed, and is absent for a clean address', async () => {
    const { page, context } = await newPage(browser, { path: `${EMBED}?clock.a=abc` });
    try {
      await waitForHydration(page, CLOCK);
      const notice = page.locator('[data-figure-notice]');
      await expect.poll(() => notice.count()).toBe(1);
      await screenshot(page, 'figure-state-notice');
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      await expect.poll(() => notice.count()).toBe(0);
      await page.goto(`${baseUrl()}${EMBED}?clock.a=5`, { waitUntil: 'networkidle' });
      await waitForHydration(page, CLOCK);
      expect(await notice.count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe('the Share menu', () => {
  it('opens and closes with the keyboard, returning focus', async () => {
    const { page, context, problems } = await newPage(browser, { path: ESSAY });
    try {
      const figure = page.locator('#fig-clock');
      const toggle = figure.getByRole('button', { name: 'Share' });
      await toggle.scrollIntoViewIfNeeded();
      await page.waitForSelector('#fig-clock .share[data-share-ui]');
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
      await toggle.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
      const panel = figure.getByRole('group', { name: /^Share Figure \d+/ });
      expect(await panel.isVisible()).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Copy link');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Copy embed code');
      await screenshot(page, 'figure-state-share-open', false);
      await page.keyboard.press('Escape');
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await panel.isVisible()).toBe(false);
      expect(await page.evaluate(() => document.activeElement?.closest('.share__toggle') !== null)).toBe(true);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('copies a link, an embed code and citations in the current state; the link restores it', async () => {
    const { page, context } = await newPage(browser, { path: `${ESSAY}?clock.a=9#fig-clock` });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    try {
      await waitForHydration(page, CLOCK);
      await page.locator(`${CLOCK} [data-handle="b"]`).focus();
      await page.keyboard.press('Home'); // b = 0, then Share at once: the pending write is flushed
      const figure = page.locator('#fig-clock');
      await figure.getByRole('button', { name: 'Share' }).click();
      await figure.getByRole('button', { name: 'Copy link', exact: true }).click();
      await expect.poll(() => figure.getByRole('status').filter({ hasText: 'Link copied' }).count()).toBe(1);
      const link = new URL(await clipboard());
      expect(link.pathname).toBe(ESSAY);
      expect(link.hash).toBe('#fig-clock');
      expect(Object.fromEntries(link.searchParams)).toEqual({ 'clock.a': '9', 'clock.b': '0' });

      await figure.getByLabel('Hide controls').check();
      await figure.getByRole('combobox', { name: 'Embed theme' }).selectOption('dark');
      await figure.getByRole('button', { name: 'Copy embed code' }).click();
      await expect.poll(clipboard).toContain('<iframe');
      const snippet = await clipboard();
      expect(snippet).toMatch(/title="Figure \d+: Addition as two rotations — Grokking, Gradually"/);
      expect(snippet).toMatch(/width="\d+" height="\d+"/);
      expect(snippet).toContain('allow="cross-origin-isolated"');
      expect(snippet).toMatch(/<script src="[^"]+\/embed-resize\.js" async><\/script>$/);
      const src = new URL(/src="([^"]+)"/.exec(snippet)![1].replace(/&amp;/g, '&'));
      expect(src.pathname).toBe(EMBED);
      expect(Object.fromEntries(src.searchParams)).toEqual({
        'clock.a': '9',
        'clock.b': '0',
        'clock.controls': '0',
        theme: 'dark',
      });

      await figure.getByRole('button', { name: 'Cite (BibTeX)' }).click();
      await expect.poll(clipboard).toMatch(/^@misc\{grokking-gradually-clock,/);
      const bib = await clipboard();
      expect(bib).toContain('clock.a=9');
      expect(bib).toMatch(/urldate\s+= \{\d{4}-\d{2}-\d{2}\}/);
      await figure.getByRole('button', { name: 'Cite (text)' }).click();
      await expect.poll(clipboard).toMatch(/^“Addition as two rotations\.” Figure \d+\. Grokking, Gradually, \d{4}\. .*\(accessed /);

      // Opening the copied link in a fresh page restores the state.
      const fresh = await newPage(browser);
      try {
        await fresh.page.goto(link.href, { waitUntil: 'networkidle' });
        await waitForHydration(fresh.page, CLOCK);
        await expect.poll(() => clockState(fresh.page)).toEqual({ a: 9, b: 0 });
      } finally {
        await fresh.context.close();
      }
    } finally {
      await context.close();
    }
  });

  it('downloads SVG and PNG with the caption and the source line', async () => {
    const { page, context } = await newPage(browser, { path: `${ESSAY}?clock.a=9#fig-clock` });
    try {
      await waitForHydration(page, CLOCK);
      const figure = page.locator('#fig-clock');
      await figure.getByRole('button', { name: 'Share' }).click();
      const [svgDownload] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'Download SVG' }).click()]);
      expect(svgDownload.suggestedFilename()).toBe('grokking-gradually-clock.svg');
      const svg = readFileSync((await svgDownload.path())!, 'utf8');
      expect(svg).toMatch(/^<\?xml[^>]*>\n<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg).toContain('Grokking, Gradually');
      expect(svg).toContain('clock.a=9');
      expect(svg).toMatch(/Figure \d+ · Grokking, Gradually/);
      expect(svg).toContain('aria-valuenow="9"'); // the clock itself, in its current state
      expect(svg).not.toContain('class="'); // styles inlined, classes dropped
      expect(svg).toContain('Addition as two rotations.'); // the caption, as text
      expect(svg).not.toContain('\\pi'); // math once, as shown (not KaTeX's TeX source too)

      const [pngDownload] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'Download PNG' }).click()]);
      const png = readFileSync((await pngDownload.path())!);
      expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
      const width = png.readUInt32BE(16);
      const height = png.readUInt32BE(20);
      expect(width).toBeGreaterThan(400);
      expect(height).toBeGreaterThan(300);
      // On the page's background: not one transparent pixel, so caption and source stay readable on a dark slide.
      const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      let transparent = 0;
      for (let i = info.channels - 1; i < data.length; i += info.channels) if (data[i] < 255) transparent++;
      expect(transparent).toBe(0);
      expect(svg).toContain('So 9 + 65 mod 113 = 74'); // the clock's readout is in the picture

      // Look at what was drawn: render the exported SVG as a page and keep a screenshot.
      const view = await context.newPage();
      await view.setContent(`<img id="x" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`);
      await view.waitForFunction(() => (document.getElementById('x') as HTMLImageElement).complete);
      await screenshot(view, 'figure-state-export-svg');
    } finally {
      await context.close();
    }
  });

  it('"ask the model" downloads a picture of its answers, with the question and the legend of other figures kept', async () => {
    const { page, context } = await newPage(browser, { path: `${ESSAY}?ask-model.a=3&ask-model.b=5#fig-ask-model` });
    try {
      await waitForHydration(page, '[data-widget="ask-model"]');
      await page.locator('[data-widget="ask-model"] [data-answer]').first().waitFor({ timeout: 60_000 });
      const figure = page.locator('#fig-ask-model');
      await figure.getByRole('button', { name: 'Share' }).click();
      const [svgDownload] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'Download SVG' }).click()]);
      const svg = readFileSync((await svgDownload.path())!, 'utf8');
      expect(svg).toContain('3 + 5'); // the question readout
      expect(svg).toMatch(/8 ✓/); // the right answer's bar, marked
      expect(svg).toMatch(/<rect[^>]+fill-opacity="0\.85"/); // drawn as a bar
      const view = await context.newPage();
      await view.setContent(`<img id="x" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`);
      await view.waitForFunction(() => (document.getElementById('x') as HTMLImageElement).complete);
      await screenshot(view, 'figure-state-export-ask-model');

      // The timeline's export carries its legend (train loss, test loss) and its readout.
      await page.locator('#fig-training-timeline').scrollIntoViewIfNeeded();
      await waitForHydration(page, '[data-widget="training-timeline"]');
      const tl = page.locator('#fig-training-timeline');
      await tl.getByRole('button', { name: 'Share' }).click();
      const [tlDownload] = await Promise.all([page.waitForEvent('download'), tl.getByRole('button', { name: 'Download SVG' }).click()]);
      const tlSvg = readFileSync((await tlDownload.path())!, 'utf8');
      expect(tlSvg).toContain('train loss');
      expect(tlSvg).toContain('test loss');
    } finally {
      await context.close();
    }
  });
});
