// What a page transfers before its first figure is interactive, gzipped as a host would send it: the
// measurement behind scripts/bench/first-load.ts (the table) and test/browser/first-load.test.ts (the
// 150 kB budget). A fresh context (cold cache, 1280×900) opens the page, scrolls its first figure
// ([data-widget], document order) into view and waits until it has hydrated (data-hydrated="true"); every
// same-origin response finished by then is counted. The server sends files uncompressed, so each text
// file is gzipped here (zlib level 6, what common hosts use); fonts and images count as they are.
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';

export type Kind = 'html' | 'css' | 'js' | 'font' | 'data' | 'image' | 'other';
export const KINDS: Kind[] = ['html', 'css', 'js', 'font', 'data', 'image', 'other'];
const KIND: Record<string, Kind> = {
  '.html': 'html',
  '.css': 'css',
  '.js': 'js',
  '.mjs': 'js',
  '.woff2': 'font',
  '.woff': 'font',
  '.ttf': 'font',
  '.json': 'data',
  '.svg': 'image',
  '.png': 'image',
  '.webp': 'image',
  '.jpg': 'image',
};
const PRECOMPRESSED = new Set(['.woff2', '.woff', '.png', '.webp', '.jpg']);

export interface Loaded {
  path: string;
  kind: Kind;
  raw: number;
  sent: number;
}

export interface FirstLoad {
  /** The first figure's widget name, or null on a page without one (then: everything loaded by `load`). */
  figure: string | null;
  loaded: Loaded[];
  /** Bytes sent in all. */
  total: number;
  byKind: Record<Kind, number>;
}

/** Bytes a host would send for this file: gzip level 6 for text, as is for compressed formats. */
function sentBytes(file: string): { raw: number; sent: number } {
  const body = readFileSync(file);
  return { raw: body.length, sent: PRECOMPRESSED.has(extname(file)) ? body.length : gzipSync(body, { level: 6 }).length };
}

/** The first load of `url`, a page of the built site in `siteDir` served at that address's origin. */
export async function measureFirstLoad(browser: Browser, url: string, siteDir: string): Promise<FirstLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const paths: string[] = [];
  page.on('requestfinished', (r) => {
    const u = new URL(r.url());
    if (u.origin === new URL(url).origin) paths.push(u.pathname);
  });
  try {
    await page.goto(url, { waitUntil: 'load' });
    const first = page.locator('[data-widget]').first();
    let figure: string | null = null;
    if ((await first.count()) > 0) {
      figure = await first.getAttribute('data-widget');
      await first.scrollIntoViewIfNeeded();
      await page.waitForSelector(`[data-widget="${figure}"][data-hydrated="true"]`, { timeout: 120_000 });
    }
    await page.waitForTimeout(300); // responses already on the wire finish counting
    const loaded = [...new Set(paths)].map((path) => {
      const p = decodeURIComponent(path);
      const file = p.endsWith('/') ? join(siteDir, p, 'index.html') : join(siteDir, p);
      return { path, kind: KIND[extname(file)] ?? 'other', ...sentBytes(file) };
    });
    const byKind = Object.fromEntries(KINDS.map((k) => [k, loaded.filter((f) => f.kind === k).reduce((s, f) => s + f.sent, 0)])) as Record<Kind, number>;
    return { figure, loaded, total: loaded.reduce((s, f) => s + f.sent, 0), byKind };
  } finally {
    await context.close();
  }
}
