// Embed pages inside an iframe on another site: a second server, on another port and host name
// (localhost vs 127.0.0.1, so cross-site), serves a page with the iframe. Checked with a plain
// host page and with a cross-origin-isolated one (COOP + COEP require-corp), which only loads
// frames whose response allows it (Cross-Origin-Resource-Policy: cross-origin, see
// src/lib/figure-state/deploy-headers.ts); a chapter page, which does not, is refused there.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { builtFigures } from '../../src/pages/figures/_widgets';
import { baseUrl, launch, newPage, screenshot, type Browser, type Page } from './harness';

const CLOCK = '[data-widget="modular-clock"]';

let browser: Browser;
let host: Server;
let hostUrl: string;

/** Host pages: /plain?src=…, /isolated?src=… (the iframe src is escaped into the attribute). */
function startHost(): Promise<void> {
  host = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const src = (url.searchParams.get('src') ?? '').replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    const isolated = url.pathname === '/isolated';
    // /resizing?src=…: a host page that includes the site's embed-resize.js and starts the frame too small.
    const resizing = url.pathname === '/resizing';
    const script = resizing ? `<script src="${baseUrl()}/embed-resize.js" async></script>` : '';
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      ...(isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {}),
    });
    res.end(`<!doctype html><html lang="en"><head><title>Host</title></head><body style="background:#fff">
<h1>A course page</h1>
<iframe src="${src}" title="Embedded figure" width="700" height="${resizing ? 200 : 560}" style="border:1px solid #ccc" allow="cross-origin-isolated"></iframe>
${script}</body></html>`);
  });
  return new Promise((ok) =>
    host.listen(0, '127.0.0.1', () => {
      hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;
      ok();
    }),
  );
}

beforeAll(async () => {
  browser = await launch();
  await startHost();
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => (host ? host.close(() => ok()) : ok()));
});

async function frameOf(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no frame');
  return frame;
}

async function aValue(frame: Frame): Promise<number> {
  return Number(await frame.locator(`${CLOCK} [data-handle="a"]`).getAttribute('aria-valuenow'));
}

describe.each(['plain', 'isolated'])('an embed in a %s host page on another site', (kind) => {
  it('shows the figure in the linked state, with a link back to the essay', async () => {
    const src = `${baseUrl()}/figures/clock/?clock.a=7&theme=dark`;
    expect(new URL(src).origin).not.toBe(new URL(hostUrl).origin);
    const { page, context, problems } = await newPage(browser);
    try {
      await page.goto(`${hostUrl}/${kind}?src=${encodeURIComponent(src)}`, { waitUntil: 'networkidle' });
      const frame = await frameOf(page);
      await frame.waitForSelector(`${CLOCK}[data-hydrated="true"]`, { timeout: 30_000 });
      await expect.poll(() => aValue(frame)).toBe(7);
      expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      // Interaction inside the frame updates the frame's own address, not the host's.
      await frame.locator(`${CLOCK} [data-handle="a"]`).focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => new URL(frame.url()).searchParams.get('clock.a')).toBe('8');
      expect(page.url()).toContain(`${hostUrl}/${kind}`);
      const back = frame.getByRole('link', { name: /Grokking, Gradually/ });
      await back.focus();
      const href = new URL((await back.getAttribute('href'))!, frame.url());
      expect(href.pathname).toBe('/chapters/01-memorization/');
      expect(href.hash).toBe('#fig-clock');
      expect(href.searchParams.get('clock.a')).toBe('8');
      expect(await back.getAttribute('target')).toBe('_blank');
      await screenshot(page, `embed-${kind}-host`, false);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('classroom options in an embed', () => {
  it('controls=0 hides the controls and caption=0 the caption, from the first paint', async () => {
    const { page, context } = await newPage(browser);
    try {
      const src = `${baseUrl()}/figures/clock/?clock.controls=0&clock.caption=0`;
      await page.goto(`${hostUrl}/plain?src=${encodeURIComponent(src)}`, { waitUntil: 'networkidle' });
      const frame = await frameOf(page);
      await frame.waitForSelector(`${CLOCK}[data-hydrated="true"]`);
      expect(await frame.locator(`${CLOCK} [data-figure-controls]`).first().isVisible()).toBe(false);
      expect(await frame.locator('[data-figure-caption]').isVisible()).toBe(false);
      expect(await frame.locator(`${CLOCK} svg`).first().isVisible()).toBe(true);
      await screenshot(page, 'embed-classroom', false);
    } finally {
      await context.close();
    }
  });
});

describe('embeds sized to their content (issue 13, item 3)', () => {
  it('with embed-resize.js on the host page, the frame grows to the whole figure, attribution included', async () => {
    const { page, context, problems } = await newPage(browser);
    try {
      const src = `${baseUrl()}/figures/pairs-grid/`;
      await page.goto(`${hostUrl}/resizing?src=${encodeURIComponent(src)}`, { waitUntil: 'networkidle' });
      const frame = await frameOf(page);
      await frame.waitForSelector('[data-widget="pairs-grid"][data-hydrated="true"]', { timeout: 30_000 });
      const iframe = page.locator('iframe');
      await expect.poll(() => iframe.getAttribute('data-gg-resized')).toBe('');
      const content = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
      await expect.poll(async () => (await iframe.boundingBox())!.height).toBeGreaterThanOrEqual(content);
      expect(content).toBeGreaterThan(200);
      // Nothing inside the frame scrolls: the last element (the attribution) is inside the frame's box.
      expect(await frame.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight + 1)).toBe(true);
      await screenshot(page, 'embed-resized', true);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('every embed page fits the size its embed code suggests (width and height), once hydrated', async () => {
    const tooBig: string[] = [];
    for (const f of builtFigures()) {
      const { width, height } = f.embed;
      const context = await browser.newContext({ viewport: { width, height } });
      try {
        const page = await context.newPage();
        await page.goto(`${baseUrl()}/figures/${f.id}/`, { waitUntil: 'networkidle' });
        // Live figures: wait until hydrated and their first live result is in (it can add rows); static ones: the drawing.
        const live = (await page.locator('.embed [data-widget]').count()) > 0;
        if (live) await page.waitForSelector('.embed [data-widget][data-hydrated="true"]', { timeout: 30_000 }).catch(() => undefined);
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(1000);
        const h = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
        if (h > height) tooBig.push(`${f.id}: content ${h} px in a ${width} x ${height} frame`);
      } finally {
        await context.close();
      }
    }
    expect(tooBig).toEqual([]);
  }, 300_000);

  it('without the script, a plain iframe keeps the height of its embed code', async () => {
    const { page, context } = await newPage(browser);
    try {
      await page.goto(`${hostUrl}/plain?src=${encodeURIComponent(`${baseUrl()}/figures/pairs-grid/`)}`, { waitUntil: 'networkidle' });
      const frame = await frameOf(page);
      await frame.waitForSelector('[data-widget="pairs-grid"][data-hydrated="true"]', { timeout: 30_000 });
      expect(Math.round((await page.locator('iframe').boundingBox())!.height)).toBe(562); // 560 + the 1px border
    } finally {
      await context.close();
    }
  });

  it('hiding the controls keeps the legend: the timeline still names and colours its curves', async () => {
    const { page, context } = await newPage(browser);
    try {
      const src = `${baseUrl()}/figures/training-timeline/?training-timeline.controls=0&training-timeline.caption=0`;
      await page.goto(`${hostUrl}/plain?src=${encodeURIComponent(src)}`, { waitUntil: 'networkidle' });
      const frame = await frameOf(page);
      await frame.waitForSelector('[data-widget="training-timeline"][data-hydrated="true"]', { timeout: 30_000 });
      const key = frame.locator('[data-widget="training-timeline"] [data-figure-controls="legend"]');
      expect(await key.isVisible()).toBe(true);
      expect(await key.getByText('train loss').isVisible()).toBe(true);
      expect(await key.getByText('test loss').isVisible()).toBe(true);
      expect(await key.locator('input').first().isVisible()).toBe(false); // the switches are gone
      expect(await key.getByText('log steps').isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });
});

describe('canvas figures without JavaScript and in print', () => {
  // As on the essay pages (chapters.test.ts): the figures that draw into <canvas> show a build-time still.
  const STILLS = [
    ['neuron-heatmaps', '[data-still="neuron-heatmaps"] svg path'],
    ['train-live', '[data-still="train-live"] svg path'],
  ] as const;

  it('the embed page shows the still with the caption, in place of the live figure', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      for (const [id, drawing] of STILLS) {
        await page.goto(`${baseUrl()}/figures/${id}/`);
        expect(await page.locator(`.embed__fallback ${drawing}`).first().isVisible(), `${id}: still`).toBe(true);
        expect(await page.locator('[data-figure-caption]').isVisible(), `${id}: caption`).toBe(true);
        expect(await page.locator('.embed__live').isVisible(), `${id}: live part hidden`).toBe(false);
        await screenshot(page, `embed-nojs-${id}`, false);
      }
    } finally {
      await context.close();
    }
  });

  it('with JavaScript the still is hidden on screen and printed', async () => {
    for (const [id, drawing] of STILLS) {
      const { page, context } = await newPage(browser, { path: `/figures/${id}/` });
      try {
        expect(await page.locator('.embed__fallback').isVisible(), `${id}: still hidden on screen`).toBe(false);
        await page.emulateMedia({ media: 'print' });
        expect(await page.locator(`.embed__fallback ${drawing}`).first().isVisible(), `${id}: still printed`).toBe(true);
        expect(await page.locator('.embed__live').isVisible(), `${id}: live part not printed`).toBe(false);
      } finally {
        await context.close();
      }
    }
  });
});

describe('the isolated host refuses frames that do not allow it', () => {
  it('a chapter page (no Cross-Origin-Resource-Policy: cross-origin) loads in a plain host, not in an isolated one', async () => {
    const src = `${baseUrl()}/chapters/01-memorization/`;
    const loaded: Record<string, number> = {};
    for (const kind of ['plain', 'isolated']) {
      const { page, context } = await newPage(browser);
      try {
        await page.goto(`${hostUrl}/${kind}?src=${encodeURIComponent(src)}`, { waitUntil: 'networkidle' });
        const frame = await frameOf(page);
        await page.waitForTimeout(500);
        loaded[kind] = await frame.locator('article.chapter').count();
        if (kind === 'isolated') expect(frame.url()).toMatch(/^chrome-error:/);
      } finally {
        await context.close();
      }
    }
    expect(loaded).toEqual({ plain: 1, isolated: 0 });
  });
});
