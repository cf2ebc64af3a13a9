// The algorithm chapter's figures (chapter 2): the rotations figure answers keyboard and pointer and
// drives the trig steps; the logit curve and the neuron heatmaps run the checkpoint live (WASM forced by
// ?backend=wasm, the fallback path); the spectrum moves the page's current step. Needs models/main (or a
// build with MODELS_DIR pointing at a run): without it the figures say the run is pending, and the live
// tests are skipped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, newPage, siteDir, waitForHydration, type Browser, type Page } from './harness';

const CHAPTER = '/chapters/02-algorithm/';
const ROT = '[data-widget="rotations"]';
const TRIG = '[data-widget="trig-steps"]';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const hasRun = () => existsSync(join(siteDir(), 'models', 'main', 'manifest.json'));

async function rot(page: Page) {
  const root = page.locator(ROT).first();
  const a = Number(await root.locator('[data-handle="a"]').getAttribute('aria-valuenow'));
  const b = Number(await root.locator('[data-handle="b"]').getAttribute('aria-valuenow'));
  const p = Number(await root.locator('[data-handle="a"]').getAttribute('aria-valuemax')) + 1;
  const c = Number(await root.locator('[data-result]').textContent());
  return { a, b, p, c };
}

/** The trig figure's numbers as the page shows them (unicode minus, 3 decimals). */
const fmt3 = (x: number) => (Number(x.toFixed(3)) === 0 ? '0.000' : x.toFixed(3).replace('-', '−'));

describe('Rotations and trig steps', () => {
  it('the spiral\'s coils stay apart: each drawn at most half the gap to the next (k = 12: 13 coils)', async () => {
    const { page, context, problems } = await newPage(browser, { path: CHAPTER });
    try {
      await page.locator(ROT).scrollIntoViewIfNeeded({ timeout: 60_000 });
      await waitForHydration(page, ROT);
      const spiral = await page.locator(`${ROT} .rot__spiral--a`).evaluate((el) => {
        const path = el as SVGPathElement;
        const r = (len: number) => {
          const pt = path.getPointAtLength(len);
          return Math.hypot(pt.x, pt.y);
        };
        // The radius shrinks by the coil gap every full turn: compare points one turn apart near the start.
        const total = path.getTotalLength();
        const turn = 2 * Math.PI * r(0);
        return { width: Number(getComputedStyle(path).strokeWidth.replace('px', '')), gap: r(0) - r(turn), coils: total / turn };
      });
      expect(spiral.coils).toBeGreaterThan(5); // the default pair at k = 12 winds many times
      expect(spiral.gap).toBeGreaterThan(0);
      expect(spiral.width).toBeGreaterThan(0);
      expect(spiral.width).toBeLessThanOrEqual(spiral.gap / 2 + 0.05);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keyboard on a handle changes a, wraps mod p, and the sum follows', async () => {
    const { page, context, problems } = await newPage(browser, { path: CHAPTER });
    try {
      await page.locator(ROT).waitFor({ state: 'attached', timeout: 60_000 });
      await page.locator(ROT).scrollIntoViewIfNeeded({ timeout: 60_000 });
      await waitForHydration(page, ROT);
      const before = await rot(page);
      expect(before.c).toBe((before.a + before.b) % before.p);
      const handleA = page.getByRole('slider', { name: /^a, first rotation/ });
      await handleA.focus();
      await page.keyboard.press('ArrowRight');
      let now = await rot(page);
      expect(now.a).toBe((before.a + 1) % before.p);
      expect(now.c).toBe((now.a + now.b) % now.p);
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowRight');
      now = await rot(page);
      expect(now.a).toBe(0);
      expect(now.c).toBe(now.b % now.p);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('dragging the b point moves b and the sum, and the trig steps show the new numbers', async () => {
    const { page, context, problems } = await newPage(browser, { path: CHAPTER });
    try {
      await page.locator(ROT).waitFor({ state: 'attached', timeout: 60_000 });
      await page.locator(ROT).scrollIntoViewIfNeeded({ timeout: 60_000 });
      await waitForHydration(page, ROT);
      await waitForHydration(page, TRIG);
      // k = 1 so that angle ↔ number is the identity, then drag b to the top of the circle (angle π/2).
      await page.locator(`${ROT} [data-control="k-number"]`).fill('1');
      // Waiting for the trig steps scrolled them into view: bring the whole circle back under the pointer.
      await page.locator(`${ROT} svg`).first().evaluate((el) => el.scrollIntoView({ block: 'center', behavior: 'instant' }));
      const before = await rot(page);
      const handle = page.locator(`${ROT} [data-handle="b"]`);
      const hb = (await handle.boundingBox())!;
      const svg = (await page.locator(`${ROT} svg`).first().boundingBox())!;
      const cx = svg.x + svg.width / 2;
      const cy = svg.y + svg.height / 2;
      await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
      await page.mouse.down();
      await page.mouse.move(cx + 5, cy - svg.height * 0.35, { steps: 6 });
      await page.mouse.move(cx, cy - svg.height * 0.36, { steps: 2 });
      await page.mouse.up();
      const now = await rot(page);
      expect(now.b).not.toBe(before.b);
      expect(Math.abs(now.b - before.p / 4)).toBeLessThanOrEqual(4); // dropped near the top of the circle
      expect(now.c).toBe((now.a + now.b) % now.p);
      // The trig steps follow the shared (a, b, k).
      const trig = page.locator(TRIG);
      await expect.poll(() => trig.locator('[data-value="b"]').textContent()).toBe(String(now.b));
      const w = (2 * Math.PI) / now.p;
      const cosSum = Math.cos(w * (now.a + now.b));
      const stepText = await trig.locator('[data-step="cos-sum"]').textContent();
      expect(stepText).toContain(fmt3(cosSum));
      expect(stepText).toContain(fmt3(Math.cos(w * now.a)));
      // Stepping highlights the term on the circle.
      await trig.getByRole('button', { name: /Next/ }).click();
      await trig.getByRole('button', { name: /Next/ }).click();
      await expect.poll(() => page.locator(ROT).getAttribute('data-focus')).toBe('cos-sum');
      expect(await trig.locator('[data-step="cos-sum"]').getAttribute('aria-current')).toBe('step');
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('live figures (WASM)', () => {
  it('the neuron heatmaps render after running all pairs, each neuron with one frequency', async (ctx) => {
    if (!hasRun()) ctx.skip();
    const { page, context, problems } = await newPage(browser, { path: `${CHAPTER}?backend=wasm` });
    try {
      const fig = page.locator('[data-widget="neuron-heatmaps"]');
      await fig.waitFor({ state: 'attached', timeout: 60_000 });
      await fig.scrollIntoViewIfNeeded({ timeout: 60_000 });
      await expect.poll(() => fig.getAttribute('data-rendered'), { timeout: 120_000, interval: 500 }).toBe('true');
      expect(await fig.getAttribute('data-backend')).toBe('wasm');
      const notes = fig.locator('[data-best]');
      const n = await notes.count();
      expect(n).toBeGreaterThan(0);
      expect(await fig.locator('[data-act-label]').first().getAttribute('aria-label')).toMatch(/of its variance is in frequency \d+/);
      const img = fig.locator('canvas[data-act]').first();
      // A canvas with pixels: not all one colour.
      const distinct = await img.evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const s = new Set<number>();
        for (let i = 0; i < d.length; i += 4) s.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        return s.size;
      });
      expect(distinct).toBeGreaterThan(10);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('the logit curve overlays the model, whose top answer is (a + b) mod p at the last checkpoint', async (ctx) => {
    if (!hasRun()) ctx.skip();
    const { page, context, problems } = await newPage(browser, { path: `${CHAPTER}?backend=wasm` });
    try {
      const fig = page.locator('[data-widget="logit-curve"]');
      await fig.waitFor({ state: 'attached', timeout: 60_000 });
      await fig.scrollIntoViewIfNeeded({ timeout: 60_000 });
      // The build-time overlay (the last checkpoint's logits) is there from the start: wait for the live run.
      await expect.poll(() => fig.getAttribute('data-backend'), { timeout: 120_000, interval: 500 }).not.toBeNull();
      const { a, b, p } = await rot(page);
      expect(Number(await fig.locator('[data-model-top]').textContent())).toBe((a + b) % p);
      expect(Number(await fig.getAttribute('data-corr'))).toBeGreaterThan(0.5);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('the spectrum moves the page’s current step (Home → first checkpoint) and the heatmaps follow', async (ctx) => {
    if (!hasRun()) ctx.skip();
    const { page, context, problems } = await newPage(browser, { path: `${CHAPTER}?backend=wasm` });
    try {
      const fig = page.locator('[data-widget="fourier-spectrum"]');
      await fig.waitFor({ state: 'attached', timeout: 60_000 });
      await fig.scrollIntoViewIfNeeded({ timeout: 60_000 });
      await waitForHydration(page, '[data-widget="fourier-spectrum"]');
      const last = await fig.getAttribute('data-step');
      await fig.getByRole('slider', { name: /Checkpoint shown/ }).focus();
      await page.keyboard.press('Home');
      const first = await fig.getAttribute('data-step');
      expect(Number(first)).toBeLessThan(Number(last));
      // The heatmaps hydrate later (client:visible) and join the page's step rather than resetting it.
      const heat = page.locator('[data-widget="neuron-heatmaps"]');
      await heat.scrollIntoViewIfNeeded({ timeout: 60_000 });
      await waitForHydration(page, '[data-widget="neuron-heatmaps"]');
      await expect.poll(() => heat.locator('[data-nh-step]').textContent()).toBe(Number(first).toLocaleString('en-US'));
      expect(await fig.getAttribute('data-step')).toBe(first);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
