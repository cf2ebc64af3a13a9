// Benchmark (not a test): "Train it yourself" on the worker path (no WebGPU) with the matmul on 1 thread
// and on 2 (helper workers over shared memory, src/lib/train/cpu/wasm/gemm-pool.browser.ts), the
// default settings with the tiny model (= the shipped tiny-live run). For each: steps per second
// while training and the time from pressing Train until the live test accuracy first reads >= 99%.
// One thread is forced by telling the page the machine has one core (navigator.hardwareConcurrency).
//
//   npm run build && npx tsx scripts/bench/train-live-threads.ts [dist] [--runs 2] [--limit 300]
//
// Waits for a quiet machine before each run and prints the load average before it (the machine's) and
// after it (which includes the run's own threads).
import { cpus } from 'node:os';
import { chromium, type Browser } from 'playwright-core';
import { serveDir } from '../serve.ts';
import { CHROMIUM_ARGS, findChromium } from '../../test/browser/harness.ts';
import { openTrainLive } from './train-live-page.ts';
import { loadNote, requireQuiet, waitForQuiet } from './quiet.ts';

const dir = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'dist';
const opt = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const runs = opt('runs', 2);
const limitS = opt('limit', 300);
const ONE_CORE = `Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 1 });`;

async function once(browser: Browser, base: string, threads: 1 | 2): Promise<void> {
  // A run on 2 threads lifts the 1-minute load towards 2 by itself: let it settle before the next.
  const start = await waitForQuiet(1.0, 120);
  const { ctx, page, fig } = await openTrainLive(browser, base, 'worker', threads === 1 ? ONE_CORE : undefined);
  await fig.getByLabel('model').selectOption('tiny');
  const t0 = Date.now();
  await fig.getByRole('button', { name: 'Train' }).click();
  let at99: number | null = null;
  let firstStep: { t: number; step: number } | null = null;
  let last = { t: t0, step: 0 };
  while (Date.now() - t0 < limitS * 1000) {
    await page.waitForTimeout(250);
    const step = Number(await fig.getAttribute('data-step'));
    const text = (await fig.locator('[data-status-text]').textContent()) ?? '';
    const acc = Number(/test accuracy ([\d.]+)%/.exec(text)?.[1] ?? 0);
    if (step >= 5 && !firstStep) firstStep = { t: Date.now(), step };
    last = { t: Date.now(), step };
    if (acc >= 99) {
      at99 = (Date.now() - t0) / 1000;
      break;
    }
  }
  const used = await fig.getAttribute('data-threads');
  await fig.getByRole('button', { name: 'Pause' }).click().catch(() => {});
  await ctx.close();
  const rate = firstStep ? (last.step - firstStep.step) / ((last.t - firstStep.t) / 1000) : NaN;
  console.log(JSON.stringify({
    threads: Number(used), stepsPerSec: +rate.toFixed(2), secondsTo99: at99 === null ? `not within ${limitS} s` : +at99.toFixed(1),
    stepAt99: at99 === null ? null : last.step, before: start, after: loadNote(),
  }));
}

await requireQuiet({ strict: process.argv.includes('--strict') });
const served = await serveDir(dir);
const base = served.url.replace(/\/$/, '');
console.log(`# train-live on the worker, tiny model, p = 47: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${new Date().toISOString()}`);
const root = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
try {
  const browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu'), ...root], headless: true });
  for (let r = 0; r < runs; r++) for (const threads of [1, 2] as const) await once(browser, base, threads);
  await browser.close();
} finally {
  await served.close();
}
