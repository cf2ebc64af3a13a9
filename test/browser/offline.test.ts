// Offline reading (src/lib/offline): a chapter read once opens again with no connection, cross-origin
// isolated, and its live figure still runs the checkpoint; an assignment opened once works offline with its
// figures; a page never opened says it was not saved; a new deployment's worker replaces the old cache.
// The only browser tests with the service worker allowed (harness.newPage blocks it elsewhere).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerSource } from '../../src/lib/offline/service-worker.node';
import type { Frame } from 'playwright-core';
import { baseUrl, goto, launch, newPage, screenshot, siteDir, waitForHydration, type Browser, type Page } from './harness';

const CH1 = '/chapters/01-memorization/';
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Waits until the page's worker has saved what this visit loaded (html[data-offline="kept N"]). */
async function saved(page: Page): Promise<number> {
  await page.waitForFunction(() => document.documentElement.dataset.offline?.startsWith('kept'), null, { timeout: 60_000 });
  return Number((await page.evaluate(() => document.documentElement.dataset.offline))?.split(' ')[1]);
}

/** Waits until every same-origin file this page used is in the worker's cache (the page itself by its path). */
async function everythingSaved(page: Page | Frame): Promise<number> {
  const missing = () =>
    page.evaluate(async () => {
      const names = (await caches.keys()).filter((k) => k.startsWith('grokking-gradually-'));
      if (names.length !== 1) return ['(no cache of ours)'];
      const cache = await caches.open(names[0]);
      const used = performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((u) => new URL(u).origin === location.origin && !u.endsWith('/sw.js'));
      const self = new URL(location.href);
      self.search = '';
      const out: string[] = [];
      for (const u of [self.href, ...new Set(used)]) if (!(await cache.match(u))) out.push(u);
      return out;
    });
  await expect.poll(missing, { timeout: 60_000, interval: 250 }).toEqual([]);
  return page.evaluate(() => performance.getEntriesByType('resource').length + 1);
}

async function askModelAnswers(page: Page): Promise<number> {
  const fig = page.locator('[data-widget="ask-model"]');
  await fig.scrollIntoViewIfNeeded();
  await waitForHydration(page, '[data-widget="ask-model"]', 90_000);
  await fig.locator('[data-live] tr[data-answer]').first().waitFor({ state: 'attached', timeout: 90_000 });
  return fig.locator('[data-live] tr[data-answer]').count();
}

describe('offline reading', () => {
  it('a chapter read once opens offline, isolated, and its live figure runs the saved checkpoint', async () => {
    const { page, context } = await newPage(browser, { path: CH1, serviceWorkers: 'allow' });
    try {
      expect(await saved(page)).toBeGreaterThan(10);
      expect(await askModelAnswers(page)).toBeGreaterThan(0); // ONNX Runtime and the checkpoint, through the worker
      expect(await everythingSaved(page)).toBeGreaterThan(30);

      // Offline, with the HTTP cache emptied (as a phone evicts it): only the worker's copies can answer.
      await (await context.newCDPSession(page)).send('Network.clearBrowserCache');
      await context.setOffline(true);
      const answered: { url: string; fromWorker: boolean }[] = [];
      page.on('response', (r) => answered.push({ url: r.url(), fromWorker: r.fromServiceWorker() }));
      await page.reload({ waitUntil: 'load' });
      expect(await page.locator('h1').first().textContent()).toMatch(/\S/);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(await askModelAnswers(page)).toBeGreaterThan(0);
      const kinds = (re: RegExp) => answered.filter((r) => re.test(new URL(r.url).pathname));
      // (ONNX Runtime's .wasm is fetched inside its own worker, out of the page's sight: the answers above show it ran.)
      for (const re of [/\/chapters\/01-memorization\/$/, /\.onnx$/, /\.js$/]) {
        expect(kinds(re).length, `${re}: requested offline`).toBeGreaterThan(0);
        expect(kinds(re).every((r) => r.fromWorker), `${re}: answered by the worker`).toBe(true);
      }
      await screenshot(page, 'offline-ch1-ask-model', false);

      // A page this reader never opened: a clear message, not the browser's error page.
      const never = await page.goto(`${baseUrl()}/chapters/04-cleanup/`);
      expect(never?.status()).toBe(503);
      expect(await page.locator('h1').textContent()).toBe('You are offline');
      expect(await page.locator('body').textContent()).toContain('This page was not saved on this device');
    } finally {
      await context.close();
    }
  });

  it('an assignment opened once works offline, figures and all', async () => {
    const { page, context } = await newPage(browser, { path: '/teach/', serviceWorkers: 'allow' });
    try {
      const href = await page.locator('[data-example="assign"]').getAttribute('href');
      expect(href).toMatch(/\?a=/);
      await goto(page, href!);
      await waitForHydration(page, '[data-assignment-player]');
      const frame = page.frameLocator('iframe').first();
      await frame.locator('[data-widget]').first().waitFor({ timeout: 60_000 });
      await saved(page);
      await everythingSaved(page);
      for (const f of page.frames().slice(1)) await everythingSaved(f);

      await (await context.newCDPSession(page)).send('Network.clearBrowserCache');
      await context.setOffline(true);
      await page.reload({ waitUntil: 'load' });
      await waitForHydration(page, '[data-assignment-player]');
      expect(await page.locator('[data-assignment-player]').textContent()).toContain('Adding on a clock');
      await frame.locator('[data-widget][data-hydrated="true"]').first().waitFor({ timeout: 60_000 });
      await screenshot(page, 'offline-assignment', false);
    } finally {
      await context.close();
    }
  });

  it("a new deployment's worker takes over and deletes the old cache", async () => {
    const file = join(siteDir(), 'sw.js');
    const original = readFileSync(file, 'utf8');
    const { page, context } = await newPage(browser, { path: '/', serviceWorkers: 'allow' });
    try {
      await saved(page);
      const id = /const CACHE = `\$\{CACHE_PREFIX\}([0-9a-f]{16})`/.exec(original)?.[1];
      expect(id).toMatch(/^[0-9a-f]{16}$/);
      expect(await page.evaluate(() => caches.keys())).toEqual([`grokking-gradually-${id}`]);

      // Deploy: a new sw.js (a new file, so the build's own copy, hard-linked, is untouched).
      rmSync(file);
      writeFileSync(file, workerSource('ffffffffffffffff', '/'));
      const keys = await page.evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        await r?.update();
        for (let i = 0; i < 100; i++) {
          const k = await caches.keys();
          if (!k.some((n) => !n.endsWith('ffffffffffffffff')) && k.length > 0) return k;
          await new Promise((res) => setTimeout(res, 100));
          // the new worker's cache exists once it saves something: ask it to
          navigator.serviceWorker.controller?.postMessage({ type: 'keep', page: location.href, urls: [location.href] });
        }
        return caches.keys();
      });
      expect(keys).toEqual(['grokking-gradually-ffffffffffffffff']);
      await context.setOffline(true);
      await page.reload({ waitUntil: 'load' });
      expect(await page.locator('h1').first().isVisible()).toBe(true);
    } finally {
      await context.close();
      rmSync(file);
      writeFileSync(file, original);
    }
  });
});
