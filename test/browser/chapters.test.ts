// The grokking chapters' figures (issue 5, part A), against the built site and the runs it was built
// with (models/, or MODELS_DIR at build time): keyboard scrubbing moves the page's shared step and the
// pairs grid follows; a clicked cell runs the checkpoint live; a corrupt checkpoint offers a retry;
// WASM works when WebGPU is absent; figures render without JavaScript; screenshots in four settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { baseUrl, CHROMIUM_ARGS, findChromium, goto, launch, newPage, screenshot, waitForHydration, type Browser, type Page } from './harness';

const CH1 = '/chapters/01-memorization/';
const CH2 = '/chapters/02-algorithm/';
const CH3 = '/chapters/03-circuit-formation/';
const CH4 = '/chapters/04-cleanup/';
const TIMELINE = '[data-widget="training-timeline"]';
const GRID = '[data-widget="pairs-grid"]';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Click cell (a, b) of the pairs grid; returns p. */
async function clickCell(page: Page, a: number, b: number): Promise<number> {
  const svg = page.locator(`${GRID} svg.grid`);
  const label = (await svg.getAttribute('aria-label')) ?? '';
  const p = Number(/All (\d+) ×/.exec(label)?.[1]);
  const box = (await svg.boundingBox())!;
  // viewBox is -1..SIDE+1 with SIDE = 480.
  const scale = box.width / 482;
  const cell = (480 / p) * scale;
  await page.mouse.click(box.x + scale + (b + 0.5) * cell, box.y + scale + (a + 0.5) * cell);
  return p;
}

describe('chapter 1: timeline and pairs grid', () => {
  it('scrubs the shared step with the keyboard, and the pairs grid follows', async () => {
    const { page, problems } = await newPage(browser, { path: CH1 });
    await waitForHydration(page, TIMELINE);
    await waitForHydration(page, GRID);
    const slider = page.locator(`${TIMELINE} [role="slider"]`);
    await slider.focus();
    await page.keyboard.press('Home');
    const first = Number(await slider.getAttribute('aria-valuenow'));
    expect(first).toBe(Number(await slider.getAttribute('aria-valuemin')));
    await expect.poll(() => page.locator(GRID).getAttribute('data-step')).toBe(String(first));
    const countsAtStart = await page.locator(`${GRID} [data-counts]`).textContent();

    await page.keyboard.press('ArrowRight');
    const second = Number(await slider.getAttribute('aria-valuenow'));
    expect(second).toBeGreaterThan(first);
    expect(await slider.getAttribute('aria-valuetext')).toMatch(/^Step [\d,]+ \(/);

    await page.keyboard.press('End');
    const last = Number(await slider.getAttribute('aria-valuenow'));
    expect(last).toBe(Number(await slider.getAttribute('aria-valuemax')));
    // The grid shows the last checkpoint, and more test pairs right than at step 0.
    await expect.poll(() => page.locator(GRID).getAttribute('data-step')).toBe(String(last));
    const countsAtEnd = await page.locator(`${GRID} [data-counts]`).textContent();
    expect(countsAtEnd).not.toBe(countsAtStart);

    await page.keyboard.press('PageDown');
    const back = Number(await slider.getAttribute('aria-valuenow'));
    expect(back).toBeLessThan(last);
    await expect.poll(() => page.locator(GRID).getAttribute('data-step')).toBe(String(back));
    // The address follows (throttled), so the state can be shared.
    await expect.poll(() => new URL(page.url()).searchParams.get('training-timeline.step')).toBe(String(back));
    expect(problems()).toEqual([]);
    await page.context().close();
  });

  it('runs the checkpoint live on a clicked cell and shows its output distribution', async () => {
    const { page, problems } = await newPage(browser, { path: CH1 });
    await waitForHydration(page, GRID);
    const p = await clickCell(page, 3, 5);
    const rows = page.locator(`${GRID} [data-live] tr[data-answer]`);
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(5);
    // The correct answer is marked wherever it ranks; probabilities are shown as percentages.
    const answer = (3 + 5) % p;
    const answers = await rows.evaluateAll((rs) => rs.map((r) => Number((r as HTMLElement).dataset.answer)));
    expect(new Set(answers).size).toBe(5);
    expect(answers.every((x) => x >= 0 && x < p)).toBe(true);
    // At the last checkpoint the model has grokked: its top answer is right.
    expect(answers[0]).toBe(answer);
    await expect(page.locator(`${GRID} [data-status="done"]`).textContent()).resolves.toMatch(/Ran live in \d+ ms/);
    expect(new URL(page.url()).searchParams.get('pairs-grid.a')).toBe('3');
    expect(problems()).toEqual([]);
    await page.context().close();
  });

  it('Back returns to the previously selected cell, and then to the page as it was opened', async () => {
    const { page, problems } = await newPage(browser, { path: CH1 });
    await waitForHydration(page, GRID);
    const a = () => new URL(page.url()).searchParams.get('pairs-grid.a');
    await clickCell(page, 3, 5);
    await expect.poll(a).toBe('3');
    await clickCell(page, 7, 2);
    await expect.poll(a).toBe('7');
    await page.goBack();
    await expect.poll(a).toBe('3');
    expect(new URL(page.url()).pathname).toBe(CH1);
    await page.goBack();
    await expect.poll(a).toBeNull();
    expect(new URL(page.url()).pathname).toBe(CH1); // still on the chapter: Back undid the selections first
    expect(problems()).toEqual([]);
    await page.context().close();
  });

  it('selects a cell with the keyboard (arrows, Enter)', async () => {
    const { page } = await newPage(browser, { path: CH1 });
    await waitForHydration(page, GRID);
    await page.locator(`${GRID} svg.grid`).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator(`${GRID} [data-live] tr[data-answer]`).count(), { timeout: 60_000 }).toBe(5);
    await expect(page.locator(`${GRID} .live-title`).textContent()).resolves.toContain('1 + 2');
    await page.context().close();
  });

  it('offers a retry when a checkpoint download is corrupt, and recovers', async () => {
    // The route goes in before the page loads: the warm-up (src/widgets/charts/warm-up.ts) may fetch the
    // checkpoint before the figure is clicked. A failed warm-up is forgotten, so the click fetches again.
    const { page, problems } = await newPage(browser);
    let corrupt = true;
    await page.route('**/*.onnx', async (route) => {
      if (!corrupt) return route.continue();
      const res = await route.fetch();
      const body = Buffer.from(await res.body());
      body.fill(0x5a, 0, Math.min(body.length, 4096)); // same size, wrong bytes
      await route.fulfill({ status: 200, body, headers: { 'content-type': 'application/octet-stream' } });
    });
    await goto(page, CH1);
    await waitForHydration(page, GRID);
    await clickCell(page, 2, 2);
    const retry = page.locator(`${GRID} [data-retry]`);
    await retry.waitFor({ timeout: 60_000 });
    await expect(page.locator(`${GRID} .gg-error`).textContent()).resolves.toMatch(/damaged|checksum/);
    corrupt = false;
    await retry.click();
    await expect.poll(() => page.locator(`${GRID} [data-live] tr[data-answer]`).count(), { timeout: 60_000 }).toBe(5);
    expect(problems().filter((x) => !/console error/.test(x))).toEqual([]);
    await page.context().close();
  });

  it('answers "ask the model" for the a and b typed in', async () => {
    const { page, problems } = await newPage(browser, { path: CH1 });
    const ASK = '[data-widget="ask-model"]';
    await waitForHydration(page, ASK);
    await page.locator(`${ASK} input[aria-label="a"]`).fill('4');
    await page.locator(`${ASK} input[aria-label="b"]`).fill('6');
    await expect.poll(() => page.locator(`${ASK} .question`).textContent()).toContain('4 + 6');
    const rows = page.locator(`${ASK} [data-live] tr[data-answer]`);
    await expect.poll(async () => (await rows.count()) > 0 && (await page.locator(`${ASK} .topk`).getAttribute('aria-label')), { timeout: 60_000 }).toContain('a = 4, b = 6');
    const top = Number(await rows.first().getAttribute('data-answer'));
    const p = Number(/mod (\d+)/.exec((await page.locator(`${ASK} .question`).textContent()) ?? '')?.[1]);
    expect(top).toBe((4 + 6) % p);
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});

describe('WASM fallback', () => {
  it('runs a checkpoint on WebAssembly in Chromium without WebGPU', async () => {
    const args = CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu');
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    const plain = await chromium.launch({ executablePath: findChromium(), args, headless: true });
    try {
      const { page, problems } = await newPage(plain, { path: CH1 });
      expect(await page.evaluate(async () => !(navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu || (await (navigator as unknown as { gpu: { requestAdapter(): Promise<unknown> } }).gpu.requestAdapter()) === null)).toBe(true);
      await waitForHydration(page, GRID);
      await clickCell(page, 1, 1);
      await expect.poll(() => page.locator(`${GRID} [data-status="done"]`).textContent(), { timeout: 60_000 }).toContain('WebAssembly');
      expect(problems()).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});

describe('chapter 3: progress measures', () => {
  it('recomputes restricted and excluded loss live, and a frequency toggle changes them', async () => {
    const { page, problems } = await newPage(browser, { path: CH3 });
    const PM = '[data-widget="progress-measures"]';
    await waitForHydration(page, PM);
    const restricted = page.locator(`${PM} [data-live-restricted]`);
    await expect.poll(() => restricted.textContent(), { timeout: 90_000 }).toMatch(/\d/);
    const before = await restricted.textContent();
    // Keep only one frequency: the circuit alone at one frequency explains less, so the loss changes.
    await page.locator(`${PM} button`, { hasText: 'Only one' }).click();
    await expect.poll(() => restricted.textContent()).not.toBe(before);
    // The URL is written at most once per throttle interval (figure-state/url-state.svelte.ts): it may
    // trail the figure by that much, so wait for it rather than read it once.
    await expect.poll(() => new URL(page.url()).searchParams.get('progress-measures.freqs') ?? '').toMatch(/^\d+$/);
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});

describe('chapter 4: weight decay and data fraction', () => {
  it('shows both runs on the same axes and switches to the weight norm', async () => {
    const { page, problems } = await newPage(browser, { path: CH4 });
    const WD = '[data-widget="weight-decay"]';
    await waitForHydration(page, WD);
    const panels = page.locator(`${WD} [data-run]`);
    expect(await panels.count()).toBeGreaterThanOrEqual(1);
    await page.locator(`${WD} input[value="norm"]`).check();
    await expect.poll(() => page.locator(`${WD} [data-curve="norm"]`).count()).toBe(await panels.count());
    const slider = page.locator(`${WD} [role="slider"]`).first();
    await slider.focus();
    const readout = page.locator(`${WD} [data-readout]`).first();
    const r0 = await readout.textContent();
    await page.keyboard.press('Home');
    await expect.poll(() => readout.textContent()).not.toBe(r0);
    expect(problems()).toEqual([]);
    await page.context().close();
  });

  it('selects sweep runs with the keyboard', async () => {
    const { page } = await newPage(browser, { path: CH4 });
    const DF = '[data-widget="data-fraction"]';
    await waitForHydration(page, DF);
    const list = page.locator(`${DF} [role="listbox"]`);
    if ((await list.count()) === 0) {
      // No sweep in models/: the figure says so instead of drawing an empty chart.
      await expect(page.locator(`${DF} .gg-pending`).textContent()).resolves.toContain('sweep');
      return;
    }
    await list.focus();
    const sel = page.locator(`${DF} [data-selected]`);
    const s0 = await sel.textContent();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => sel.textContent()).not.toBe(s0);
    await page.context().close();
  });
});

describe('without JavaScript and in print', () => {
  it('renders every figure of chapters 1, 3 and 4 as static SVG', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    for (const [path, widgets] of [
      [CH1, ['training-timeline', 'pairs-grid']],
      [CH3, ['progress-measures']],
      [CH4, ['weight-decay', 'data-fraction']],
    ] as const) {
      await page.goto(`${baseUrl()}${path}`);
      for (const w of widgets) {
        const fig = page.locator(`[data-widget="${w}"]`);
        await expect(fig.count(), `${path} ${w}`).resolves.toBe(1);
        const paths = await fig.locator('svg path, svg rect.cell').count(); // the pairs grid: masked rects (pairs-still.node.ts)
        const pending = await fig.locator('.gg-pending').count();
        expect(paths > 0 || pending > 0, `${path} ${w} has neither a drawing nor a pending note`).toBe(true);
      }
    }
    await context.close();
  });

  // Figures that draw into <canvas>: without JavaScript the canvas is blank, so they need a server-rendered image.
  // The frequency × step map of the Fourier spectrum draws itself as SVG until its canvas has painted; the neuron
  // heatmaps (computed live) and "train it yourself" (nothing to show before training) have a static fallback,
  // shown in place of the live figure, with the caption.
  const STILLS = [
    [CH2, 'fourier-spectrum', '[data-widget="fourier-spectrum"] svg[data-still] path'],
    [CH2, 'neuron-heatmaps', '.figure__fallback [data-still="neuron-heatmaps"] svg path'],
    [CH4, 'train-live', '.figure__fallback [data-still="train-live"] svg path'],
  ] as const;

  it('renders the canvas figures of chapters 2 and 4 as static SVG, with their captions', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    for (const [path, id, drawing] of STILLS) {
      await page.goto(`${baseUrl()}${path}`);
      const fig = page.locator(`#fig-${id}`);
      const paths = fig.locator(drawing);
      expect(await paths.count(), `${id}: static drawing`).toBeGreaterThan(0);
      expect(await paths.first().isVisible(), `${id}: static drawing visible`).toBe(true);
      expect(await fig.locator('figcaption.figure__caption').isVisible(), `${id}: caption`).toBe(true);
      // The live part that cannot draw without JavaScript is out of the way.
      if (id !== 'fourier-spectrum') expect(await fig.locator('.figure__live').isVisible(), `${id}: live part hidden`).toBe(false);
    }
    await context.close();
  });

  // The neuron heatmaps' four activation maps are files of their own, drawn as masks: fetched when the still
  // shows (without JavaScript, in print), never on an ordinary visit, so they are not part of the first load.
  it('fetches the neuron heatmaps still only where it is shown', async () => {
    const fetched = async (javaScriptEnabled: boolean, media: 'screen' | 'print') => {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const got: { url: string; type: string; body: string }[] = [];
      page.on('response', async (r) => {
        if (r.url().includes('/stills/neuron-heatmaps/')) got.push({ url: r.url(), type: r.headers()['content-type'] ?? '', body: await r.text() });
      });
      await page.emulateMedia({ media });
      await page.goto(`${baseUrl()}${CH2}`, { waitUntil: 'networkidle' });
      await page.locator('#fig-neuron-heatmaps').scrollIntoViewIfNeeded();
      await page.waitForTimeout(500);
      const inks = page.locator('#fig-neuron-heatmaps .nhs__ink');
      const shown = (await inks.count()) > 0 && (await inks.first().isVisible());
      await context.close();
      return { got, shown };
    };
    const noJs = await fetched(false, 'screen');
    expect(noJs.shown).toBe(true);
    expect(noJs.got.length).toBe(4);
    for (const r of noJs.got) {
      expect(r.type).toContain('image/svg+xml');
      expect((r.body.match(/<path /g) ?? []).length).toBeGreaterThan(3);
    }
    const printed = await fetched(true, 'print');
    expect(printed.shown).toBe(true);
    expect(printed.got.length).toBe(4);
    const visit = await fetched(true, 'screen');
    expect(visit.shown).toBe(false);
    expect(visit.got).toEqual([]);
  });

  // Figures whose answers come from running a checkpoint: the last checkpoint's are computed at build time (the
  // TypeScript forward pass over the shipped ONNX file), for the figure's starting pair.
  it('shows the model\'s answers ("ask the model") and its logits (the logit curve) for the starting pair', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}${CH1}`);
    const ask = page.locator('[data-widget="ask-model"]');
    const [, a, b, p] = (/(\d+) \+ (\d+)\s*mod (\d+)/.exec((await ask.locator('.question').textContent()) ?? '') ?? []).map(Number);
    expect(p, 'ask-model: the question').toBeGreaterThan(2);
    // At the last checkpoint: the checkpoint slider is at its end, and the table says which step it ran.
    const slider = ask.locator('input[aria-label="Checkpoint"]');
    expect(await slider.getAttribute('value')).toBe(await slider.getAttribute('max'));
    const step = /step ([\d,]+)/.exec((await ask.locator('output').textContent()) ?? '')?.[1];
    expect(await ask.locator('.topk').getAttribute('aria-label')).toBe(`Step ${step}, a = ${a}, b = ${b}`);
    const rows = ask.locator('.topk tr[data-answer]');
    expect(await rows.count()).toBe(8);
    expect(await rows.first().isVisible()).toBe(true);
    // The trained model's top answer is (a + b) mod p, marked correct, and it is sure of it.
    expect(await rows.first().getAttribute('data-answer')).toBe(String((a + b) % p));
    expect(await rows.first().getAttribute('class')).toMatch(/\bcorrect\b/);
    expect(parseFloat((await rows.first().locator('.val').textContent()) ?? '')).toBeGreaterThan(90);
    expect(await ask.locator('[data-still="ask-model"]').isVisible()).toBe(true);

    await page.goto(`${baseUrl()}${CH2}`);
    const lc = page.locator('[data-widget="logit-curve"]');
    const la = Number(await lc.locator('.lc__num--a input[type="number"]').getAttribute('value'));
    const lb = Number(await lc.locator('.lc__num--b input[type="number"]').getAttribute('value'));
    expect(await lc.locator('.lc__live path').first().isVisible(), 'logit-curve: the model\'s curve').toBe(true);
    expect(await lc.locator('[data-model-top]').textContent()).toBe(String((la + lb) % p));
    await context.close();
  });

  it('prints the static images of the canvas figures, and drops them on screen once the canvas draws', async () => {
    const { page, context } = await newPage(browser, { path: CH2 });
    await waitForHydration(page, '[data-widget="fourier-spectrum"]');
    // On screen, with JavaScript: the canvas has painted and replaced the SVG map; the neuron fallback is hidden.
    await expect.poll(() => page.locator('[data-widget="fourier-spectrum"] svg[data-still]').count()).toBe(0);
    expect(await page.locator('#fig-neuron-heatmaps .figure__fallback').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#fig-neuron-heatmaps .figure__fallback svg path').first().isVisible()).toBe(true);
    expect(await page.locator('#fig-neuron-heatmaps figcaption.figure__caption').isVisible()).toBe(true);
    await context.close();
  });
});

describe('screenshots', () => {
  for (const path of [CH1, CH3, CH4]) {
    for (const width of [1280, 390]) {
      for (const theme of ['light', 'dark'] as const) {
        it(`${path} at ${width}px, ${theme}`, async () => {
          const { page, problems } = await newPage(browser, { path, width, theme });
          for (const w of await page.locator('[data-widget]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.widget))) {
            await waitForHydration(page, `[data-widget="${w}"]`);
          }
          const file = await screenshot(page, `chapters-${path.split('/')[2]}-${width}-${theme}`);
          expect(file).toMatch(/\.png$/);
          // No horizontal overflow on a phone.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow).toBeLessThanOrEqual(1);
          expect(problems()).toEqual([]);
          await page.context().close();
        });
      }
    }
  }
});
