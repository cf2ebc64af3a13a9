// The live figures on a phone: main-thread long tasks while a reader moves each figure's step, at a
// phone's width with Chromium's CPU throttled (a mid-range phone is roughly 4x slower than this machine's
// core). For each live figure of the grokking chapters: open the chapter (390 x 844, ?backend=wasm, a
// fresh context), scroll the figure into view, wait for its first live result (session created and
// warmed), then press Page Down on its step control three times, 2 s apart, each press ten logged steps
// back, a new checkpoint run over all the pairs the figure needs. Long tasks (≥ 50 ms, a
// PerformanceObserver installed before the page's scripts) are counted in two windows: from the scroll to
// the first live result (hydration, drawing all the pairs, ONNX Runtime's session: figures-warmup.ts
// looks at that one closer), and the three steps. The pairs grid has no step control of its own (it
// follows the timeline's step): three clicks on cells stand in for its steps; the neuron heatmaps step
// with their ◀ button.
//
//   npm run build && npx tsx scripts/bench/phone-jank.ts [--throttle 4] [--repeat 1]
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { serveDir } from '../serve';
import { loadNote, waitForQuiet } from './quiet';
import { CHROMIUM_ARGS, findChromium } from '../../test/browser/harness';

const ROOT = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const throttle = Number(opt('--throttle', '4')) || 4;
const repeat = Math.max(1, Number(opt('--repeat', '1')) || 1);
const dir = resolve(ROOT, process.env.SITE_DIR ?? 'dist');

const LONGTASKS = `window.__long = []; try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true }); } catch {}`;

/** How a reader moves a figure to another checkpoint: Page Down on its step control, a click on a button, or a click on a cell. */
type Step = { key: string } | { button: string } | 'cells';
// [figure, chapter, widget, selector of its first live result, how to step]
const STEP_CONTROL: Step = { key: 'input[type="range"], [role="slider"]' };
const FIGURES: [string, string, string, string, Step][] = [
  ['pairs grid', '01-memorization', 'pairs-grid', '[data-live]', 'cells'],
  ['ask the model', '01-memorization', 'ask-model', '[data-live] tr[data-answer]', STEP_CONTROL],
  ['logit curve', '02-algorithm', 'logit-curve', '[data-corr]', STEP_CONTROL],
  ['neuron heatmaps (all pairs)', '02-algorithm', 'neuron-heatmaps', '[data-rendered="true"]', { button: 'button[aria-label="Previous checkpoint"]' }],
  ['progress measures (all pairs)', '03-circuit-formation', 'progress-measures', '[data-run-ms]', STEP_CONTROL],
];

interface Window {
  count: number;
  totalMs: number;
  maxMs: number;
}

async function longTasksSince(page: Page, t: number): Promise<Window> {
  const long = await page.evaluate((t0) => ((window as unknown as { __long: [number, number][] }).__long ?? []).filter(([s]) => s >= t0).map(([, d]) => d), t);
  return { count: long.length, totalMs: Math.round(long.reduce((a, b) => a + b, 0)), maxMs: Math.round(Math.max(0, ...long)) };
}

async function measure(page: Page, widget: string, done: string, step: Step): Promise<{ first: Window; steps: Window } | null> {
  const sel = `[data-widget="${widget}"]`;
  const tScroll = await page.evaluate(() => performance.now());
  await page.locator(sel).first().scrollIntoViewIfNeeded();
  try {
    await page.waitForSelector(`${sel}[data-hydrated="true"]`, { timeout: 120_000 });
    await page.waitForSelector(done.startsWith('[') && !done.includes(' ') ? `${sel}${done}, ${sel} ${done}` : `${sel} ${done}`, { timeout: 180_000, state: 'attached' });
  } catch {
    return null;
  }
  const first = await longTasksSince(page, tScroll);
  await page.waitForTimeout(1000);
  const t0 = await page.evaluate(() => performance.now());
  for (let i = 0; i < 3; i++) {
    if (step !== 'cells' && 'key' in step) {
      await page.locator(step.key.split(', ').map((s) => `${sel} ${s}`).join(', ')).first().focus();
      await page.keyboard.press('PageDown');
    } else if (step !== 'cells') {
      await page.locator(`${sel} ${step.button}`).first().click();
    } else {
      const box = (await page.locator(`${sel} svg`).first().boundingBox())!;
      await page.mouse.click(box.x + box.width * (0.2 + 0.25 * i), box.y + box.height * (0.7 - 0.2 * i));
    }
    await page.waitForTimeout(2000);
  }
  return { first, steps: await longTasksSince(page, t0) };
}

const show = (w: Window) => `${w.count} long tasks, ${w.totalMs} ms in all, longest ${w.maxMs} ms`;

const served = await serveDir(dir);
const root = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
const browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS, ...root], headless: true });
console.log(`CPU throttled ${throttle}x, 390 x 844, ?backend=wasm; start: ${await waitForQuiet()}`);
try {
  for (const [name, chapter, widget, done, step] of FIGURES) {
    for (let r = 0; r < repeat; r++) {
      await waitForQuiet(1.0, 120); // the previous figure's browser work settles first
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      await context.addInitScript(LONGTASKS);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
      await page.goto(`${served.url}/chapters/${chapter}/?backend=wasm`, { waitUntil: 'domcontentloaded' });
      const m = await measure(page, widget, done, step);
      console.log(
        `${name.padEnd(30)} ${m ? `to first result: ${show(m.first)} | 3 steps: ${show(m.steps)}` : 'no live result'}  (${loadNote()})`,
      );
      await context.close();
    }
  }
} finally {
  await browser.close();
  await served.close();
}
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; Chromium ${browser.version()}; Node ${process.version}`);
