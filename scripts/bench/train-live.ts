// Benchmark of the live-training figure (not a test): steps per second in headless Chromium, on WebGPU
// (SwiftShader: --enable-unsafe-webgpu) and on the worker fallback (no flag: no adapter), for the
// figure's two model sizes, measured through the figure itself (its data-step attribute over time),
// so pacing and evaluation overheads are included. Also reports the figure's comparison line with the
// shipped tiny-live run when the settings are the defaults.
//
//   npx astro build --outDir /tmp/site && npx tsx scripts/bench/train-live.ts /tmp/site [seconds=40]
//
// The machine is shared: the load average is printed with every figure.
import { loadavg, cpus } from 'node:os';
import { chromium, type Browser } from 'playwright-core';
import { serveDir } from '../serve.ts';
import { CHROMIUM_ARGS, findChromium } from '../../test/browser/harness.ts';
import { openTrainLive, TRAIN_LIVE_FIG } from './train-live-page.ts';

const dir = process.argv[2] ?? 'dist';
const seconds = Number(process.argv[3] ?? 40);
const FIG = TRAIN_LIVE_FIG;

async function bench(browser: Browser, base: string, size: 'tiny' | 'small', expect: 'webgpu' | 'worker') {
  const { ctx, page, fig } = await openTrainLive(browser, base, expect);
  await fig.getByLabel('model').selectOption(size);
  await fig.getByRole('button', { name: 'Train' }).click();
  await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-step')) >= 5, FIG, { timeout: 300_000 });
  const stepAt = async () => Number(await fig.getAttribute('data-step'));
  const s0 = await stepAt();
  const t0 = Date.now();
  const load0 = loadavg()[0];
  await page.waitForTimeout(seconds * 1000);
  const s1 = await stepAt();
  const dt = (Date.now() - t0) / 1000;
  const load1 = loadavg()[0];
  const compare = (await fig.locator('[data-compare]').textContent().catch(() => null))?.trim().replace(/\s+/g, ' ') ?? '(no comparison line)';
  await fig.getByRole('button', { name: 'Pause' }).click().catch(() => {});
  const status = (await fig.locator('[data-status-text]').textContent())?.trim();
  await ctx.close();
  console.log(`${expect.padEnd(7)} ${size.padEnd(6)} ${((s1 - s0) / dt).toFixed(2)} steps/s  (steps ${s0}→${s1} in ${dt.toFixed(0)} s; load ${load0.toFixed(1)}→${load1.toFixed(1)})`);
  console.log(`        ${status}`);
  if (size === 'tiny') console.log(`        ${compare}`);
}

const served = await serveDir(dir);
const base = served.url.replace(/\/$/, '');
console.log(`train-live bench: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${seconds} s per measurement, ${new Date().toISOString()}`);
const root = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
try {
  const gpu = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS, ...root], headless: true });
  for (const size of ['tiny', 'small'] as const) await bench(gpu, base, size, 'webgpu');
  await gpu.close();
  const cpu = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu'), ...root], headless: true });
  for (const size of ['tiny', 'small'] as const) await bench(cpu, base, size, 'worker');
  await cpu.close();
} finally {
  await served.close();
}
