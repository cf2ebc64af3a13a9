// The live-training figure (chapter 4): trains a few steps on WebGPU (SwiftShader, Chromium with
// --enable-unsafe-webgpu) and on the worker fallback (Chromium without it: requestAdapter() is null),
// and sees the loss fall; the exported ONNX runs in onnxruntime-web and predicts what the engine
// predicted (the metrics export carries the engine's argmax for every pair); screenshots.
// A lost WebGPU device (the test destroys the page's own GPUDevice, captured by an init script) shows
// a clear message, and "Continue on the CPU" resumes in the worker from the last saved state.
// Small on purpose (p = 13, the small model, ~40 steps): the CI machine has 2 cores.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, goto, launch, newPage, SCREENSHOT_DIR, waitForHydration, type Browser, type Page } from './harness';
import { sessionFromBytes, tokensTensor } from '../unit/onnx/ort-node';
import type { LiveMetricsDoc } from '../../src/lib/train/browser/metrics-export';

const PATH = '/chapters/04-cleanup/';
const FIG = '[data-widget="train-live"]';
const P = 13;
const STEPS = 40;

/** Long tasks on the main thread, recorded from page start (read after training). */
const LONGTASKS = `window.__longtasks = []; try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push({ start: e.startTime, ms: e.duration }); }).observe({ type: 'longtask', buffered: true }); } catch {}`;

/**
 * Test-only, from outside the page's code: keep every GPUDevice the page requests in
 * window.__ggDevices, so a test can destroy the training device (device.destroy() loses it, as a
 * driver reset or an unplugged GPU would). Nothing in the site exposes its device.
 */
const CAPTURE_DEVICES = `window.__ggDevices = []; if (typeof GPUAdapter !== 'undefined') { const rd = GPUAdapter.prototype.requestDevice; GPUAdapter.prototype.requestDevice = async function (...a) { const d = await rd.apply(this, a); window.__ggDevices.push(d); return d; }; }`;

async function openFigure(browser: Browser, opts: { theme?: 'light' | 'dark'; width?: number; init?: string[] } = {}) {
  const o = await newPage(browser, { theme: opts.theme, width: opts.width });
  await o.page.addInitScript(LONGTASKS);
  for (const script of opts.init ?? []) await o.page.addInitScript(script);
  await goto(o.page, PATH, 'load');
  await waitForHydration(o.page, FIG, 60_000);
  return o;
}

function waitForStep(page: Page, steps: number, timeout = 200_000) {
  return page.waitForFunction(([sel, n]) => Number(document.querySelector(sel as string)?.getAttribute('data-step')) >= (n as number), [FIG, steps] as const, { timeout, polling: 250 });
}

/** Small settings through the labelled controls, then train until at least `steps` and pause. */
async function trainSome(page: Page, steps: number, lr = '0.01'): Promise<number> {
  const fig = page.locator(FIG);
  await fig.getByLabel('modulus p').selectOption(String(P));
  await fig.getByLabel('model').selectOption('small');
  await fig.getByLabel('learning rate').selectOption(lr);
  const t0 = await page.evaluate(() => performance.now());
  await fig.getByRole('button', { name: 'Train' }).click();
  await waitForStep(page, steps);
  await fig.getByRole('button', { name: 'Pause' }).click();
  await page.waitForSelector(`${FIG}[data-status="paused"]`, { timeout: 60_000 });
  return t0;
}

async function downloadBytes(page: Page, button: string): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.locator(FIG).getByRole('button', { name: button }).click()]);
  const path = await dl.path();
  return readFileSync(path);
}

async function longTasksSince(page: Page, t0: number): Promise<number[]> {
  return page.evaluate((t) => ((window as unknown as { __longtasks: { start: number; ms: number }[] }).__longtasks ?? []).filter((e) => e.start >= t).map((e) => Math.round(e.ms)), t0);
}

function checkLossFell(doc: LiveMetricsDoc) {
  expect(doc.config.p).toBe(P);
  expect(doc.step).toBeGreaterThanOrEqual(STEPS);
  const first = doc.metrics[0];
  const last = doc.metrics.at(-1)!;
  expect(first.step).toBe(0);
  expect(last.trainLoss).toBeLessThan(first.trainLoss * 0.8);
  expect(doc.batchLoss.at(-1)!.loss).toBeLessThan(doc.batchLoss[0].loss);
}

describe('train-live on WebGPU (SwiftShader)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('trains on WebGPU and the loss falls', async () => {
    const { page, problems } = await openFigure(browser);
    await page.waitForSelector(`${FIG}[data-backend]`, { timeout: 60_000 });
    expect(await page.locator(FIG).getAttribute('data-backend')).toBe('webgpu');
    const t0 = await trainSome(page, STEPS);
    const doc = JSON.parse((await downloadBytes(page, 'Export metrics (JSON)')).toString('utf8')) as LiveMetricsDoc;
    checkLossFell(doc);
    expect(doc.backend).toBe('WebGPU');
    console.log(`[train-live] webgpu: long tasks while training (ms): ${JSON.stringify(await longTasksSince(page, t0))}`);
    expect(problems()).toEqual([]);
  }, 300_000);

  it('a lost device: a clear message; "Continue on the CPU" resumes from the last saved state and the loss keeps falling', async () => {
    const { page, problems } = await openFigure(browser, { init: [CAPTURE_DEVICES] });
    const fig = page.locator(FIG);
    await page.waitForSelector(`${FIG}[data-backend="webgpu"]`, { timeout: 60_000 });
    // Train past step 100 (the figure keeps a training state every 100 steps), then lose the device
    // while it trains.
    await fig.getByLabel('modulus p').selectOption(String(P));
    await fig.getByLabel('model').selectOption('small');
    await fig.getByRole('button', { name: 'Train' }).click();
    await waitForStep(page, 110);
    const destroyed = await page.evaluate(() => {
      const all = (window as unknown as { __ggDevices: GPUDevice[] }).__ggDevices;
      const mine = all.filter((d) => d.label.startsWith('grokking-train'));
      for (const d of mine) d.destroy();
      return mine.length;
    });
    expect(destroyed).toBe(1);
    await page.waitForSelector(`${FIG}[data-status="failed"]`, { timeout: 60_000 });
    const lostAt = Number(await fig.getAttribute('data-step'));
    const alert = fig.getByRole('alert');
    await expect(alert.textContent()).resolves.toMatch(/The GPU stopped at step \d+: WebGPU device lost .*You can continue on the CPU from step 100, the last saved state\./s);
    await expect(fig.getByRole('button', { name: 'Train' }).isDisabled()).resolves.toBe(true);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await fig.screenshot({ path: join(SCREENSHOT_DIR, 'train-live-lost-device.png'), timeout: 90_000 });

    await fig.getByRole('button', { name: 'Continue on the CPU (Web Worker)' }).click();
    await page.waitForSelector(`${FIG}[data-backend="worker"]`, { timeout: 60_000 });
    await fig.locator('[data-resumed]', { hasText: /GPU was lost.*continued from step 100, the last saved state/s }).waitFor({ timeout: 60_000 });
    expect(await fig.getByRole('alert').count()).toBe(0);
    await waitForStep(page, lostAt + 40);
    await fig.getByRole('button', { name: 'Pause' }).click();
    await page.waitForSelector(`${FIG}[data-status="paused"]`, { timeout: 60_000 });
    await fig.screenshot({ path: join(SCREENSHOT_DIR, 'train-live-continued-on-cpu.png'), timeout: 90_000 });

    const doc = JSON.parse((await downloadBytes(page, 'Export metrics (JSON)')).toString('utf8')) as LiveMetricsDoc;
    // The worker's matmul runs on 2 threads where the page is cross-origin isolated (the site is).
    expect(doc.backend).toMatch(/^CPU, in a Web Worker( \(\d+ threads\))?$/);
    const steps = doc.metrics.map((m) => m.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(new Set(steps).size).toBe(steps.length);
    // The batch losses go on from step 100: the first one on the CPU comes from the saved state, near
    // the last one WebGPU logged before it and far below the untrained model's.
    const bl = doc.batchLoss;
    const resumed = bl.findIndex((b) => b.step > 100);
    expect(resumed).toBeGreaterThan(0);
    expect(bl[resumed - 1].step).toBeLessThanOrEqual(100);
    expect(bl[resumed].step).toBeLessThanOrEqual(100 + 50);
    expect(bl[resumed].loss).toBeLessThan(bl[resumed - 1].loss * 1.5);
    expect(bl[resumed].loss).toBeLessThan(bl[0].loss * 0.5);
    const at100 = doc.metrics.find((m) => m.step === 100)!;
    const last = doc.metrics.at(-1)!;
    expect(last.step).toBeGreaterThan(lostAt);
    expect(last.trainLoss).toBeLessThan(at100.trainLoss);
    console.log(`[train-live] lost device at step ${lostAt}; train loss ${at100.trainLoss.toFixed(4)} at 100 → ${last.trainLoss.toFixed(4)} at ${last.step}`);
    expect(problems()).toEqual([]);
  }, 400_000);
});

describe('train-live on the worker fallback (no WebGPU)', () => {
  let browser: Browser;
  beforeAll(async () => {
    const args = CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu');
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    browser = await chromium.launch({ executablePath: findChromium(), args, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('says so, trains in the worker, the loss falls; the ONNX export predicts as the engine', async () => {
    const { page, problems } = await openFigure(browser);
    await page.waitForSelector(`${FIG}[data-backend="worker"]`, { timeout: 60_000 });
    await expect(page.locator(`${FIG} [data-fallback]`).textContent()).resolves.toContain('Web Worker');
    const t0 = await trainSome(page, STEPS);
    const doc = JSON.parse((await downloadBytes(page, 'Export metrics (JSON)')).toString('utf8')) as LiveMetricsDoc;
    checkLossFell(doc);
    const long = await longTasksSince(page, t0);
    console.log(`[train-live] worker: long tasks while training (ms): ${JSON.stringify(long)}`);
    // Training runs in the worker: nothing on the main thread should come near a frozen page.
    expect(Math.max(0, ...long)).toBeLessThan(500);

    const onnx = await downloadBytes(page, 'Export ONNX');
    const sess = await sessionFromBytes(new Uint8Array(onnx));
    const tokens: number[] = [];
    for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) tokens.push(a, b, P);
    const out = await sess.run({ tokens: tokensTensor(tokens, P * P) });
    const logits = out.logits.data as Float32Array;
    const V = P + 1;
    const argmax: number[] = [];
    for (let r = 0; r < P * P; r++) {
      let best = 0;
      for (let c = 1; c < V; c++) if (logits[r * V + c] > logits[r * V + best]) best = c;
      argmax.push(best);
    }
    expect(doc.final?.predictions).toHaveLength(P * P);
    expect(argmax).toEqual(doc.final?.predictions);
    expect(problems()).toEqual([]);
  }, 300_000);

  it('the matmul splits across 2 threads in the page and still reproduces the shipped tiny-live run exactly', async () => {
    const { page, problems } = await openFigure(browser);
    await page.waitForSelector(`${FIG}[data-backend="worker"]`, { timeout: 60_000 });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const fig = page.locator(FIG);
    // tiny-live's settings (p = 47, the tiny model): its products (1,104 x 256 x 64 and up) are split.
    await fig.getByLabel('model').selectOption('tiny');
    await fig.getByRole('button', { name: 'Train' }).click();
    await waitForStep(page, 60);
    await fig.getByRole('button', { name: 'Pause' }).click();
    await page.waitForSelector(`${FIG}[data-status="paused"]`, { timeout: 60_000 });
    expect(await fig.getAttribute('data-threads')).toBe('2');
    // The shipped run was trained in Node on one thread: the same numbers, step for step.
    const compare = (await fig.locator('[data-compare]').textContent()) ?? '';
    console.log(`[train-live] 2 threads vs shipped: ${compare.trim()}`);
    expect(compare).toMatch(/test loss differs by at most (0|[0-9.]+e-1[0-9])\b/);
    expect(compare).toContain('test accuracy by at most 0.0 points');
    expect(problems()).toEqual([]);
  }, 300_000);

  it('screenshots: 1280 and 390, light and dark', async () => {
    for (const theme of ['light', 'dark'] as const) {
      for (const width of [1280, 390]) {
        const { page, context } = await openFigure(browser, { theme, width });
        await page.waitForSelector(`${FIG}[data-backend="worker"]`, { timeout: 60_000 });
        if (theme === 'light' && width === 1280) await trainSome(page, 20);
        else await page.locator(FIG).getByRole('button', { name: 'Single step' }).click();
        await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-step')) >= 1, FIG, { timeout: 60_000 });
        await page.waitForSelector(`${FIG}[data-status="paused"]`, { timeout: 60_000 });
        const fig = page.locator(FIG);
        const box = await fig.boundingBox();
        expect(box?.width ?? 0).toBeLessThanOrEqual(width);
        // No horizontal overflow at phone width.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width + 1);
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await fig.screenshot({ path: join(SCREENSHOT_DIR, `train-live-${width}-${theme}.png`), timeout: 90_000 });
        await context.close();
      }
    }
  }, 400_000);
});
