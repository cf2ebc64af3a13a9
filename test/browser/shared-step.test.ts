// The page's shared step survives figures that hydrate late (issue 13, item 1). A link that sets the timeline's
// step, or a reader who scrubs the timeline, sets the step for every figure of the page; a figure that scrolls
// into view afterwards adopts it instead of writing its own default (the last step) over it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, newPage, waitForHydration, type Browser, type Page } from './harness';

const CH1 = '/chapters/01-memorization/';
const TIMELINE = '[data-widget="training-timeline"]';
const LATE = ['pairs-grid', 'ask-model'] as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Every `<figure>.step` in the address. */
function stepParams(page: Page): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of new URL(page.url()).searchParams) if (k.endsWith('.step')) out[k] = Number(v);
  return out;
}

/** Scrolls each late figure into view (the whole page, as a reader would) and waits for it to hydrate. */
async function scrollToLateFigures(page: Page): Promise<void> {
  for (const id of LATE) {
    await page.locator(`#fig-${id}`).scrollIntoViewIfNeeded();
    await waitForHydration(page, `[data-widget="${id}"]`);
  }
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForTimeout(600); // the URL writer batches replaceState (250 ms)
}

describe('a late figure adopts the shared step', () => {
  it('from a shared link: the timeline step in the address is kept, and the pairs grid shows it', async () => {
    const { page, problems } = await newPage(browser, { path: `${CH1}?training-timeline.step=1500&training-timeline.x=log#fig-training-timeline` });
    try {
      await waitForHydration(page, TIMELINE);
      await expect.poll(() => page.locator(TIMELINE).getAttribute('data-step')).toBe('1500');
      await scrollToLateFigures(page);
      expect(await page.locator(TIMELINE).getAttribute('data-step')).toBe('1500');
      const gridStep = Number(await page.locator('[data-widget="pairs-grid"]').getAttribute('data-step'));
      expect(gridStep).toBeLessThanOrEqual(1500); // the checkpoint at or before the shared step
      expect(gridStep).toBeGreaterThan(1000);
      const params = stepParams(page);
      expect(params['training-timeline.step']).toBe(1500);
      for (const [k, v] of Object.entries(params)) expect(v, `${k} in ${page.url()}`).toBeLessThanOrEqual(1500);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('after scrubbing: a step chosen on the timeline before the other figures hydrate is kept', async () => {
    const { page, problems } = await newPage(browser, { path: CH1 });
    try {
      await page.locator('#fig-training-timeline').scrollIntoViewIfNeeded();
      await waitForHydration(page, TIMELINE);
      await page.locator(`${TIMELINE} [role="slider"]`).first().focus();
      await page.keyboard.press('Home');
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
      const chosen = Number(await page.locator(TIMELINE).getAttribute('data-step'));
      expect(chosen).toBeGreaterThan(0);
      await scrollToLateFigures(page);
      expect(Number(await page.locator(TIMELINE).getAttribute('data-step'))).toBe(chosen);
      expect(Number(await page.locator('[data-widget="pairs-grid"]').getAttribute('data-step'))).toBeLessThanOrEqual(chosen);
      for (const [k, v] of Object.entries(stepParams(page))) expect(v, `${k} in ${page.url()}`).toBeLessThanOrEqual(chosen);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

describe('a shared link to a figure', () => {
  it('shows the figure at the top of the screen with its caption, after the figures above it have hydrated', async () => {
    const { page, problems } = await newPage(browser, { path: `${CH1}?ask-model.a=3&ask-model.b=5#fig-ask-model` });
    try {
      await page.waitForSelector('[data-widget="ask-model"][data-hydrated="true"]', { timeout: 30_000 });
      await page.waitForTimeout(1500);
      const fig = await page.locator('#fig-ask-model').boundingBox();
      const viewport = page.viewportSize()!;
      expect(fig!.y).toBeGreaterThanOrEqual(-2);
      expect(fig!.y).toBeLessThan(80); // at the top, below the scroll padding
      const caption = await page.locator('#fig-ask-model figcaption').boundingBox();
      if (fig!.height < viewport.height - 80) expect(caption!.y + caption!.height).toBeLessThanOrEqual(viewport.height);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

describe('offline', () => {
  it('a figure whose code cannot load says that it needs a connection, and still shows its saved state', async () => {
    const { page, context } = await newPage(browser, { path: '/chapters/04-cleanup/' });
    try {
      await context.setOffline(true);
      const fig = page.locator('#fig-weight-decay');
      await fig.scrollIntoViewIfNeeded();
      await expect.poll(() => fig.locator('[data-offline-note]').count(), { timeout: 15_000 }).toBe(1);
      expect(await fig.locator('[data-offline-note]').textContent()).toMatch(/needs a connection/);
      expect(await fig.locator('[data-widget="weight-decay"] svg path').count()).toBeGreaterThan(0); // the static state
    } finally {
      await context.close();
    }
  });
});
