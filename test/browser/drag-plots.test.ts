// Plots whose captions say "drag on the plot" answer the mouse and touch, not only the arrow keys (issue 13,
// item 2): a press-and-drag with the mouse and a tap with a touch screen both move the plot's value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, settle, waitForHydration, type Browser, type Page } from './harness';

const CH1 = '/chapters/01-memorization/';
const CH2 = '/chapters/02-algorithm/';
const CH3 = '/chapters/03-circuit-formation/';
/** [page, figure id, the plot's slider] for every figure that promises dragging. */
const PLOTS = [
  [CH1, 'training-timeline', '[data-widget="training-timeline"] .gg-plot'],
  [CH2, 'logit-curve', '#fig-logit-curve .gg-plot'],
  [CH2, 'fourier-spectrum', '#fig-fourier-spectrum .gg-plot'],
  [CH3, 'progress-measures', '#fig-progress-measures .gg-plot'],
] as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function open(path: string, id: string, touch: boolean): Promise<Page> {
  const context = await browser.newContext({ viewport: touch ? { width: 390, height: 844 } : { width: 1280, height: 900 }, hasTouch: touch, isMobile: touch });
  const page = await context.newPage();
  await page.goto(`${baseUrl()}${path}#fig-${id}`, { waitUntil: 'load' });
  await settle(page);
  await page.locator(`#fig-${id}`).scrollIntoViewIfNeeded();
  await waitForHydration(page, `[data-widget="${id}"]`);
  return page;
}

/** The visible plot's box and the height of its middle, where the tests press. */
async function plotBox(page: Page, sel: string) {
  const plot = page.locator(sel).first();
  await expect.poll(() => plot.isVisible()).toBe(true);
  const box = (await plot.boundingBox())!;
  return { box, y: box.y + box.height / 2 };
}

const valueOf = (page: Page, sel: string) => page.locator(sel).first().getAttribute('aria-valuenow');

describe('drag on the plot', () => {
  it.each(PLOTS)('%s %s: a mouse drag moves the value', async (path, id, sel) => {
    const page = await open(path, id, false);
    try {
      const { box, y } = await plotBox(page, sel);
      await page.mouse.move(box.x + box.width * 0.7, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.3, y, { steps: 6 });
      const during = await valueOf(page, sel);
      await page.mouse.move(box.x + box.width * 0.15, y, { steps: 4 });
      await page.mouse.up();
      const after = await valueOf(page, sel);
      expect(during).not.toBeNull();
      expect(after).not.toBe(during); // the value followed the pointer while the button was down
    } finally {
      await page.context().close();
    }
  });

  it.each(PLOTS)('%s %s: a tap on a touch screen moves the value', async (path, id, sel) => {
    const page = await open(path, id, true);
    try {
      const { box, y } = await plotBox(page, sel);
      await page.touchscreen.tap(box.x + box.width * 0.2, y);
      const first = await valueOf(page, sel);
      await page.touchscreen.tap(box.x + box.width * 0.8, y);
      await expect.poll(() => valueOf(page, sel)).not.toBe(first);
    } finally {
      await page.context().close();
    }
  });
});
