// Reusable helpers for browser tests (Vitest project `browser`, environment node).
// The global setup (./setup.ts) builds the site once per run and serves dist/ on 127.0.0.1;
// a test file launches Chromium once and opens pages against that server:
//
//   import { afterAll, beforeAll, expect, it } from 'vitest';
//   import { launch, newPage, type Browser } from './harness';
//   let browser: Browser;
//   beforeAll(async () => { browser = await launch(); });
//   afterAll(async () => { await browser.close(); });
//   it('my widget answers keys', async () => {
//     const { page, problems } = await newPage(browser, { path: '/chapters/01-memorization/', theme: 'dark' });
//     await waitForHydration(page, '[data-widget="my-widget"]');
//     ...
//     expect(problems()).toEqual([]);
//   });
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';

export type { Browser, BrowserContext, Page };

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

export { CHROMIUM_ARGS, findChromium, launch } from '../../scripts/chromium';

/** Base URL of the server started by the global setup, without a trailing slash. */
export function baseUrl(): string {
  return inject('baseUrl');
}

/** The built site's directory (dist/ unless SITE_DIR was given). */
export function siteDir(): string {
  return inject('siteDir');
}

/** Every page of the built site as a URL path ("/", "/chapters/01-memorization/", "/404.html"). */
export function listPages(dir = siteDir()): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'pagefind' && e.name !== '_astro') walk(p);
      } else if (e.name.endsWith('.html')) {
        const rel = relative(dir, p).split(sep).join('/');
        out.push(rel === 'index.html' ? '/' : rel.endsWith('/index.html') ? `/${rel.slice(0, -'index.html'.length)}` : `/${rel}`);
      }
    }
  };
  walk(dir);
  return out.sort();
}

export type Theme = 'light' | 'dark';

export interface PageOptions {
  /** Path to open (relative to the base URL). Omit to get a blank page. */
  path?: string;
  /** Emulated system colour scheme (the site follows it unless the reader chose otherwise). */
  theme?: Theme;
  width?: number;
  height?: number;
  reducedMotion?: 'reduce' | 'no-preference';
  /** Wait for this load state after navigating (default 'networkidle'). */
  waitUntil?: 'load' | 'domcontentloaded' | 'networkidle';
  /**
   * The site's service worker (offline reading) is blocked unless a test asks for it (offline.test.ts):
   * requests it answers would bypass page.route and cached copies would outlive a test's own setup.
   */
  serviceWorkers?: 'allow' | 'block';
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors, failed requests and HTTP >= 400 responses seen so far. */
  problems: () => string[];
}

/** A fresh context (own storage) and page, with problem collection attached before navigation. */
export async function newPage(browser: Browser, opts: PageOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    colorScheme: opts.theme ?? 'light',
    reducedMotion: opts.reducedMotion ?? 'no-preference',
    deviceScaleFactor: 1,
    serviceWorkers: opts.serviceWorkers ?? 'block',
  });
  // Generous limits: the tests share small CI machines with builds and other suites.
  context.setDefaultNavigationTimeout(90_000);
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') seen.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
  // net::ERR_ABORTED is a request the page itself gave up: a reload or navigation cancelling what was in
  // flight (seen: the favicon during page.reload), or an AbortController. Missing files still show up as
  // HTTP >= 400 below, and refused or broken connections under their own error names.
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText ?? '?';
    if (why !== 'net::ERR_ABORTED') seen.push(`request failed: ${r.url()} (${why})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) seen.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  if (opts.path !== undefined) await goto(page, opts.path, opts.waitUntil);
  return { page, context, problems: () => [...seen] };
}

export async function goto(page: Page, path: string, waitUntil: PageOptions['waitUntil'] = 'networkidle'): Promise<void> {
  const url = `${baseUrl()}${path.startsWith('/') ? path : `/${path}`}`;
  if (waitUntil !== 'networkidle') {
    await page.goto(url, { waitUntil });
    return;
  }
  await page.goto(url, { waitUntil: 'load' });
  await settle(page);
}

/**
 * Let a loaded page settle: wait for its network to go quiet (figures hydrating, a live figure fetching
 * ONNX Runtime and its checkpoint), but go on after 45 s: on a machine loaded by the whole test suite a
 * live figure's downloads can keep the network busy that long, and what a test checks next (hydration,
 * a value, axe) has its own wait. Seen twice in full runs as a goto timeout, never alone.
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 45_000 }).catch((e: unknown) => {
    if (!(e instanceof Error && e.name === 'TimeoutError')) throw e;
  });
}

/** Wait until the Svelte island inside `selector` has hydrated (widgets set data-hydrated="true"). */
export async function waitForHydration(page: Page, selector: string, timeout = 30_000): Promise<void> {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  await page.waitForSelector(`${selector}[data-hydrated="true"]`, { timeout });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

const require = createRequire(import.meta.url);

/** Run axe-core on the current page; returns violations of at least the given impact. */
export async function runAxe(page: Page, minImpact: 'serious' | 'critical' | 'moderate' = 'serious'): Promise<AxeViolation[]> {
  const already = await page.evaluate(() => 'axe' in window);
  if (!already) await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const order = ['minor', 'moderate', 'serious', 'critical'];
  const violations = await page.evaluate(async () => {
    type Axe = { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }> };
    const axe = (window as unknown as { axe: Axe }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => order.indexOf(v.impact ?? 'minor') >= order.indexOf(minImpact));
}

/** The theme the page is showing, judged from the luminance of the page background. */
export async function shownTheme(page: Page): Promise<Theme> {
  const rgb = await page.evaluate(() => {
    const transparent = (c: string) => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
    const body = getComputedStyle(document.body).backgroundColor;
    return transparent(body) ? getComputedStyle(document.documentElement).backgroundColor : body;
  });
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? ['255', '255', '255']).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 'dark' : 'light';
}

/** Save a screenshot under test-results/screenshots/<name>.png and return its path. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9._-]+/gi, '_')}.png`);
  await page.screenshot({ path: file, fullPage, timeout: 90_000 });
  return file;
}

/** A file-name-safe label for a URL path: "/" → "index", "/chapters/x/" → "chapters-x". */
export function pageSlug(path: string): string {
  return path.replace(/^\/|\/$/g, '').replace(/\.html$/, '').replace(/\//g, '-') || 'index';
}
