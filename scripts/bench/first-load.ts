// What each page transfers before its first figure is interactive, gzipped as a host would send it.
//
//   npm run build && npx tsx scripts/bench/first-load.ts              # every chapter of dist/
//   SITE_DIR=<dir> npx tsx scripts/bench/first-load.ts --json out.json  # another build; numbers as JSON
//   npx tsx scripts/bench/first-load.ts --list 03-circuit-formation     # every file that chapter loaded
//
// For each chapter, a fresh headless Chromium context (cold cache, 1280×900) opens the page served by
// scripts/serve.ts, scrolls its first figure ([data-widget], document order) into view and waits until
// it has hydrated (data-hydrated="true"). Every response finished by then is counted. serve.ts sends
// files uncompressed, so each text response is gzipped here (zlib level 6, what common hosts use);
// fonts and images are counted as they are (WOFF2, PNG and WebP are compressed already). The totals are
// split by kind, so the fonts' share is visible. Bytes do not depend on the machine's load, so unlike
// the timing benchmarks this one may run on a busy machine.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { serveDir } from '../serve';
import { CHROMIUM_ARGS, findChromium } from '../../test/browser/harness';

const ROOT = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const dir = resolve(ROOT, process.env.SITE_DIR ?? 'dist');
const jsonOut = option('--json');
const listFor = option('--list');

type Kind = 'html' | 'css' | 'js' | 'font' | 'data' | 'image' | 'other';
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

interface Loaded {
  path: string;
  kind: Kind;
  raw: number;
  sent: number;
}

/** The file a served path maps to (directories serve their index.html). */
function fileOf(pathname: string): string {
  const p = decodeURIComponent(pathname);
  return p.endsWith('/') ? join(dir, p, 'index.html') : join(dir, p);
}

/** Bytes a host would send for this file: gzip level 6 for text, as is for compressed formats. */
function sentBytes(file: string): { raw: number; sent: number } {
  const body = readFileSync(file);
  const ext = extname(file);
  return { raw: body.length, sent: PRECOMPRESSED.has(ext) ? body.length : gzipSync(body, { level: 6 }).length };
}

async function firstLoad(browser: Browser, url: string): Promise<{ figure: string | null; loaded: Loaded[] }> {
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
      const file = fileOf(path);
      const ext = extname(file);
      return { path, kind: KIND[ext] ?? 'other', ...sentBytes(file) };
    });
    return { figure, loaded };
  } finally {
    await context.close();
  }
}

const kb = (n: number) => (n / 1000).toFixed(1);
const chapters = readdirSync(join(dir, 'chapters'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const served = await serveDir(dir);
const browser = await chromium.launch({
  executablePath: findChromium(),
  args: [...CHROMIUM_ARGS, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
  headless: true,
});
const results: Record<string, { figure: string | null; total: number; byKind: Record<string, number>; files: Loaded[] }> = {};
try {
  const kinds: Kind[] = ['html', 'css', 'js', 'font', 'data', 'image', 'other'];
  console.log(`site: ${dir}\nkB sent (gzip -6 for text; 1 kB = 1000 B) before the first figure is interactive\n`);
  console.log(['chapter'.padEnd(22), 'first figure'.padEnd(20), 'total', ...kinds].map((s) => s.padStart(7)).join(' '));
  for (const slug of chapters) {
    const { figure, loaded } = await firstLoad(browser, `${served.url}/chapters/${slug}/`);
    const byKind = Object.fromEntries(kinds.map((k) => [k, loaded.filter((f) => f.kind === k).reduce((s, f) => s + f.sent, 0)]));
    const total = loaded.reduce((s, f) => s + f.sent, 0);
    results[slug] = { figure, total, byKind, files: loaded };
    console.log([slug.padEnd(22), (figure ?? '(none)').padEnd(20), kb(total), ...kinds.map((k) => kb(byKind[k]))].map((s) => s.padStart(7)).join(' '));
    if (listFor === slug) {
      for (const f of [...loaded].sort((a, b) => b.sent - a.sent)) console.log(`    ${kb(f.sent).padStart(7)} kB sent  ${kb(f.raw).padStart(7)} kB raw  ${f.kind.padEnd(5)} ${f.path}`);
    }
  }
  console.log(`\n${await browser.version()}`);
} finally {
  await browser.close();
  await served.close();
}
if (jsonOut) writeFileSync(resolve(process.cwd(), jsonOut), JSON.stringify(results, null, 2));
