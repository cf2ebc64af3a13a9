// Opening the train-it-yourself figure (chapter 4) on the backend a benchmark expects, shared by
// train-live.ts and train-live-longtasks.ts.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export const TRAIN_LIVE_FIG = '[data-widget="train-live"]';

/** A fresh 1280x900 context on chapter 4, the figure in view and on `expect`'s backend (else it throws). */
export async function openTrainLive(
  browser: Browser,
  base: string,
  expect: 'webgpu' | 'worker',
  initScript?: string,
): Promise<{ ctx: BrowserContext; page: Page; fig: Locator }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  if (initScript) await page.addInitScript(initScript);
  await page.goto(`${base}/chapters/04-cleanup/`, { waitUntil: 'load' });
  const fig = page.locator(TRAIN_LIVE_FIG);
  await fig.scrollIntoViewIfNeeded();
  await page.waitForSelector(`${TRAIN_LIVE_FIG}[data-backend]`, { timeout: 120_000 });
  const backend = await fig.getAttribute('data-backend');
  if (backend !== expect) throw new Error(`expected ${expect}, the figure chose ${backend}`);
  return { ctx, page, fig };
}
