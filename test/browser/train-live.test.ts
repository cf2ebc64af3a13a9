// The live-training figure (chapter 4): trains a few steps on WebGPU (SwiftShader, Chromium with
// --enable-unsafe-webgpu) and on the worker fallback (Chromium without it: requestAdapter() is null),
// and sees the loss fall; the exported ONNX runs in onnxruntime-web and predicts what the engine
// predicted (the metrics export carries the engine's argmax for every pair); screenshots.
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

async function openFigure(browser: Browser, opts: { theme?: 'light' | 'dark'; width?: number } = {}) {
  const o = await newPage(browser, { theme: opts.theme, width: opts.width });
  await o.page.addInitScript(LONGTASKS);
  await goto(o.page, PATH, 'load');
  await waitForHydration(o.page, FIG, 60_000);
  return o;
}

/** Small settings through the labelled controls, then train until at least `steps` and pause. */
async function trainSome(page: Page, steps: number): Promise<number> {
  const fig = page.locator(FIG);
  await fig.getByLabel('modulus p').selectOption(String(P));
  await fig.getByLabel('model').selectOption('small');
  await fig.getByLabel('learning rate').selectOption('0.01');
  const t0 = await page.evaluate(() => performance.now());
  await fig.getByRole('button', { name: 'Train' }).click();
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel as string)?.getAttribute('data-step')) >= (n as number), [FIG, steps] as const, { timeout: 200_000, polling: 250 });
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
