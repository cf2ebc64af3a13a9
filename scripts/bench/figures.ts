// Benchmarks of the grokking chapters' live figures, in headless Chromium against a built site:
//   1. time to the first live result of each figure (from the moment it is scrolled into view);
//   2. time to run one checkpoint over all p² pairs (the progress-measures figure), WebGPU vs WASM;
//   3. bytes each chapter loads before its first figure is interactive.
//
//   npm run build && npx tsx scripts/bench/figures.ts            # or SITE_DIR=<dir> to use another build
//   npx tsx scripts/bench/figures.ts --json results.json          # also write the numbers as JSON
//   npx tsx scripts/bench/figures.ts --backends wasm               # only some backends (default webgpu,wasm)
//   npx tsx scripts/bench/figures.ts --timeout 120                 # seconds before a measurement is given up
//
// WebGPU: Chromium with --enable-unsafe-webgpu (SwiftShader on machines without a GPU). WASM: the same
// page with ?backend=wasm; the served pages are cross-origin isolated (scripts/serve.ts), so ONNX Runtime
// uses 2 threads. Each number is the median of --repeat runs (default 3), each in a fresh browser context
// (cold HTTP cache: downloads are included in the first-result times).
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveDir } from '../serve';
import { CHROMIUM_ARGS, findChromium } from '../../test/browser/harness';

const ROOT = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const repeat = Number(args[args.indexOf('--repeat') + 1] || 3) || 3;
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const dir = resolve(ROOT, process.env.SITE_DIR ?? 'dist');
const backends = args.includes('--backends') ? args[args.indexOf('--backends') + 1].split(',') : ['webgpu', 'wasm'];
const limitMs = 1000 * (Number(args.includes('--timeout') ? args[args.indexOf('--timeout') + 1] : 120) || 120);
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function open(browser: Browser, url: string): Promise<{ page: Page; bytes: () => number; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  let bytes = 0;
  page.on('requestfinished', async (r) => {
    try {
      const s = await r.sizes();
      bytes += s.responseBodySize + s.responseHeadersSize;
    } catch {
      /* request from a closed page */
    }
  });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return { page, bytes: () => bytes, close: () => context.close() };
}

/** Milliseconds from scrolling the figure into view to its first live result; Infinity past the limit. */
async function firstResult(browser: Browser, url: string, widget: string, act: (page: Page) => Promise<void>, done: string): Promise<number> {
  const { page, close } = await open(browser, url);
  try {
    const sel = `[data-widget="${widget}"]`;
    await page.locator(sel).first().scrollIntoViewIfNeeded();
    const t0 = Date.now();
    await page.waitForSelector(`${sel}[data-hydrated="true"]`, { timeout: limitMs });
    await act(page);
    await page.waitForSelector(done.startsWith('[') && done.endsWith(']') && !done.includes(' ') ? `${sel}${done}, ${sel} ${done}` : `${sel} ${done}`, {
      timeout: Math.max(1, limitMs - (Date.now() - t0)),
      state: 'attached',
    });
    return Date.now() - t0;
  } catch (e) {
    if (e instanceof Error && e.name === 'TimeoutError') return Infinity;
    throw e;
  } finally {
    await close();
  }
}

const show = (ms: number) => (Number.isFinite(ms) ? `${ms}` : `>${limitMs}`);

async function allPairs(browser: Browser, url: string): Promise<{ runMs: number; backend: string; isolated: boolean }> {
  const { page, close } = await open(browser, url);
  const sel = '[data-widget="progress-measures"]';
  await page.locator(sel).scrollIntoViewIfNeeded();
  try {
    await page.waitForSelector(`${sel}[data-run-ms]`, { timeout: limitMs });
  } catch (e) {
    await close();
    if (e instanceof Error && e.name === 'TimeoutError') return { runMs: Infinity, backend: '(timed out)', isolated: false };
    throw e;
  }
  const runMs = Number(await page.locator(sel).getAttribute('data-run-ms'));
  const backend = (await page.locator(sel).getAttribute('data-backend')) ?? '?';
  const isolated = await page.evaluate(() => crossOriginIsolated);
  await close();
  return { runMs, backend, isolated };
}

async function bytesToFirstFigure(browser: Browser, url: string): Promise<number> {
  const { page, bytes, close } = await open(browser, url);
  const first = page.locator('[data-widget]').first();
  await first.scrollIntoViewIfNeeded();
  const w = await first.getAttribute('data-widget');
  await page.waitForSelector(`[data-widget="${w}"][data-hydrated="true"]`, { timeout: 60_000 });
  await page.waitForTimeout(200); // let in-flight responses finish counting
  const n = bytes();
  await close();
  return n;
}

const served = await serveDir(dir);
const base = served.url;
const exe = findChromium();
const root = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
const gpu = await chromium.launch({ executablePath: exe, args: [...CHROMIUM_ARGS, ...root], headless: true });
const results: Record<string, unknown> = {};
try {
  const ch1 = `${base}/chapters/01-memorization/`;
  const ch2 = `${base}/chapters/02-algorithm/`;
  const ch3 = `${base}/chapters/03-circuit-formation/`;
  const ch4 = `${base}/chapters/04-cleanup/`;
  const clickCell = async (page: Page) => {
    const box = (await page.locator('[data-widget="pairs-grid"] svg.grid').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.3);
  };
  const none = async () => {};
  const figures: [string, string, string, (p: Page) => Promise<void>, string][] = [
    ['training timeline (interactive, no inference)', ch1, 'training-timeline', none, 'svg'],
    ['pairs grid: click a cell → distribution', ch1, 'pairs-grid', clickCell, '[data-live] tr[data-answer]'],
    ['ask the model: first answer', ch1, 'ask-model', none, '[data-live] tr[data-answer]'],
    ["logit curve: the model's logits beside cos(w(a+b−c))", ch2, 'logit-curve', none, '[data-corr]'],
    ['neuron heatmaps: all p² pairs, 8 neurons', ch2, 'neuron-heatmaps', none, '[data-rendered="true"]'],
    ['progress measures: live losses over all p² pairs', ch3, 'progress-measures', none, '[data-run-ms]'],
    ['weight decay (interactive, no inference)', ch4, 'weight-decay', none, 'svg'],
    ['data fraction (interactive, no inference)', ch4, 'data-fraction', none, 'svg, .gg-pending'],
  ];
  const first: Record<string, Record<string, number>> = {};
  for (const [name, url, widget, act, done] of figures) {
    first[name] = {};
    for (const backend of backends) {
      const times: number[] = [];
      for (let i = 0; i < repeat; i++) times.push(await firstResult(gpu, `${url}?backend=${backend}`, widget, act, done));
      first[name][backend] = median(times);
      console.log(`first result  ${name.padEnd(52)} ${backend.padEnd(6)} ${show(median(times))} ms  (runs: ${times.map(show).join(', ')}; load ${load()})`);
    }
  }
  results.firstResultMs = first;

  const pairs: Record<string, unknown> = {};
  for (const backend of backends) {
    const runs = [];
    for (let i = 0; i < repeat; i++) runs.push(await allPairs(gpu, `${ch3}?backend=${backend}`));
    const ms = median(runs.map((r) => r.runMs));
    pairs[backend] = { ms, backendUsed: runs[0].backend, crossOriginIsolated: runs[0].isolated };
    console.log(`all p² pairs  ${backend.padEnd(6)} ${ms} ms (backend used: ${runs[0].backend}, cross-origin isolated: ${runs[0].isolated}; runs: ${runs.map((r) => show(r.runMs)).join(', ')}; load ${load()})`);
  }
  results.allPairsMs = pairs;

  const bytes: Record<string, number> = {};
  for (const [slug, url] of [['01-memorization', ch1], ['02-algorithm', ch2], ['03-circuit-formation', ch3], ['04-cleanup', ch4]]) {
    bytes[slug] = await bytesToFirstFigure(gpu, url);
    console.log(`bytes before the first figure is interactive  ${slug.padEnd(22)} ${(bytes[slug] / 1024).toFixed(0)} KiB`);
  }
  results.bytesBeforeFirstFigure = bytes;
  results.machine = `${cpus().length} × ${cpus()[0]?.model ?? '?'}; ${await gpu.version()}`;
  results.site = dir;
  console.log(`machine: ${results.machine}`);
} finally {
  await gpu.close();
  await served.close();
}
if (jsonOut) writeFileSync(resolve(process.cwd(), jsonOut), JSON.stringify(results, null, 2));
