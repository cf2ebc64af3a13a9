// Where a live figure's first result waits: per-step timings of loading ONNX Runtime, the checkpoint and
// the session, read from the page's own performance marks (src/lib/inference/marks.ts, 'gg:*') and
// resource timings, relative to the moment the figure is scrolled into view. Two readers:
//   --read 0  scrolls to the figure right after DOMContentLoaded (as figures.ts does);
//   --read 5  reads for 5 s the text just before the figure first (scrolled so that the figure starts
//             one and a half viewports below the bottom of the screen), then scrolls to the figure.
// Headless Chromium, ?backend=wasm, a fresh browser context (cold cache) per run.
//
//   npm run build && npx tsx scripts/bench/figures-warmup.ts [--repeat 3] [--read 0,5] [--json out.json]
//   SITE_DIR=/tmp/site npx tsx scripts/bench/figures-warmup.ts      # another build
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { serveDir } from '../serve';
import { CHROMIUM_ARGS, findChromium } from '../../test/browser/harness';

const ROOT = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const repeat = Number(arg('--repeat', '3')) || 3;
const reads = arg('--read', '0,5').split(',').map(Number);
const only = arg('--figures', '');
const jsonOut = args.includes('--json') ? arg('--json', '') : undefined;
const dir = resolve(ROOT, process.env.SITE_DIR ?? 'dist');
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Run {
  firstResult: number;
  phases: Record<string, number>;
  onnxRequests: number;
  sessions: number;
}

async function measure(browser: Browser, url: string, widget: string, done: string, readS: number): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // Long tasks (≥ 50 ms on the main thread: what would make scrolling stutter), from the first script on.
  await page.addInitScript(`window.__long = []; try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true }); } catch {}`);
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const sel = `[data-widget="${widget}"]`;
    if (readS > 0) {
      await page.evaluate(`(() => {
        const el = document.querySelector(${JSON.stringify(sel)});
        if (el) window.scrollTo(0, Math.max(0, el.getBoundingClientRect().top + scrollY - 2.5 * innerHeight));
      })()`);
      await page.waitForTimeout(readS * 1000);
    }
    // Record when the figure hydrates, from inside the page.
    // (A string, not a function: tsx would wrap named inner functions in a __name() the page lacks.)
    await page.evaluate(`(() => {
      const s = ${JSON.stringify(sel)};
      const check = () => {
        if (window.__hydratedAt === undefined && document.querySelector(s + '[data-hydrated="true"]')) window.__hydratedAt = performance.now();
      };
      check();
      new MutationObserver(check).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-hydrated'] });
    })()`);
    await page.locator(sel).first().scrollIntoViewIfNeeded();
    const t0 = await page.evaluate(() => performance.now());
    await page.waitForSelector(`${sel}${done}, ${sel} ${done}`, { timeout: 120_000, state: 'attached' });
    const t1 = await page.evaluate(() => performance.now());
    const info = await page.evaluate(() => {
      const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('gg:')).map((m) => ({ name: m.name, t: m.startTime }));
      const res = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => ({ name: r.name, start: r.startTime, end: r.responseEnd }));
      const long = (window as unknown as { __long?: [number, number][] }).__long ?? [];
      return { marks, res, long, hydratedAt: (window as unknown as { __hydratedAt?: number }).__hydratedAt ?? NaN };
    });
    const phases: Record<string, number> = { hydrated: info.hydratedAt - t0 };
    for (const m of info.marks) {
      const k = m.name.slice(3);
      if (!(k in phases)) phases[k] = m.t - t0; // first occurrence
    }
    const wasm = info.res.find((r) => r.name.endsWith('.wasm'));
    const ortJs = info.res.find((r) => /ort\.(wasm\.)?bundle/.test(r.name));
    if (ortJs) Object.assign(phases, { 'ort-js-fetch:start': ortJs.start - t0, 'ort-js-fetch:end': ortJs.end - t0 });
    if (wasm) Object.assign(phases, { 'wasm-fetch:start': wasm.start - t0, 'wasm-fetch:end': wasm.end - t0 });
    const before = info.long.filter(([t]) => t < t0), after = info.long.filter(([t]) => t >= t0 && t <= t1);
    const sum = (xs: [number, number][]) => Math.round(xs.reduce((a, [, d]) => a + d, 0));
    const max = (xs: [number, number][]) => Math.round(Math.max(0, ...xs.map(([, d]) => d)));
    Object.assign(phases, { 'longtasks-before-scroll:total': sum(before), 'longtasks-before-scroll:max': max(before), 'longtasks-after-scroll:total': sum(after), 'longtasks-after-scroll:max': max(after) });
    return {
      firstResult: t1 - t0,
      phases,
      onnxRequests: info.res.filter((r) => r.name.endsWith('.onnx')).length,
      sessions: info.marks.filter((m) => m.name === 'gg:session-create:start').length,
    };
  } finally {
    await context.close();
  }
}

const served = await serveDir(dir);
const base = served.url;
const root = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
const browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS, ...root], headless: true });
const figures: [string, string, string][] = [
  ['ask-model', '01-memorization', '[data-live] tr[data-answer]'],
  ['logit-curve', '02-algorithm', '[data-corr]'],
  ['neuron-heatmaps', '02-algorithm', '[data-rendered="true"]'],
  ['progress-measures', '03-circuit-formation', '[data-run-ms]'],
].filter(([w]) => !only || only.split(',').includes(w)) as [string, string, string][];
const out: Record<string, unknown> = { site: dir, when: new Date().toISOString() };
try {
  for (const readS of reads) {
    for (const [widget, chapter, done] of figures) {
      const runs: Run[] = [];
      for (let i = 0; i < repeat; i++) runs.push(await measure(browser, `${base}/chapters/${chapter}/?backend=wasm`, widget, done, readS));
      const keys = [...new Set(runs.flatMap((r) => Object.keys(r.phases)))];
      const ph = Object.fromEntries(keys.map((k) => [k, Math.round(median(runs.map((r) => r.phases[k] ?? NaN)))]));
      const first = Math.round(median(runs.map((r) => r.firstResult)));
      out[`${widget} read=${readS}s`] = { firstResultMs: first, runs: runs.map((r) => Math.round(r.firstResult)), phasesMs: ph, onnxRequests: runs.map((r) => r.onnxRequests), sessions: runs.map((r) => r.sessions), load: load() };
      console.log(`${widget.padEnd(18)} read ${readS}s  first result ${first} ms (runs ${runs.map((r) => Math.round(r.firstResult)).join(', ')}; load ${load()})`);
      console.log(`    .onnx requests ${runs.map((r) => r.onnxRequests).join(',')}; sessions created ${runs.map((r) => r.sessions).join(',')}`);
      const timeline = Object.entries(ph).filter(([k]) => !k.startsWith('longtasks'));
      console.log(`    ms from scroll (median): ${timeline.sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${v}`).join(' | ')}`);
      console.log(`    main-thread long tasks, ms (median): ${Object.entries(ph).filter(([k]) => k.startsWith('longtasks')).map(([k, v]) => `${k.slice(10)} ${v}`).join(' | ')}`);
    }
  }
} finally {
  await browser.close();
  await served.close();
}
if (jsonOut) writeFileSync(resolve(process.cwd(), jsonOut), JSON.stringify(out, null, 2));
