// Chapter 5's table and its live probe, used as a reader would: pick a table cell with the mouse, the
// keyboard and a finger; copy the address into a fresh browser and get the same cell; type an input into
// the probe and watch every architecture's checkpoint answer it; drag the length slider. Needs the
// models/deletang-* runs in the build.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { baseUrl, launch, newPage, runAxe, screenshot, siteDir, waitForHydration, type Browser } from './harness';

const CHAPTER = '/chapters/05-chomsky/';
const TABLE = '[data-widget="chomsky-table"]';
const PROBE = '[data-widget="task-probe"]';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const hasRuns = () => existsSync(join(siteDir(), 'models')) && readdirSync(join(siteDir(), 'models')).some((d) => d.startsWith('deletang-'));

describe('the Chomsky table', () => {
  it.skipIf(!hasRuns())('a click picks a cell: its seeds are drawn, the address holds it, and a fresh browser opens it', async () => {
    const { page, context, problems } = await newPage(browser, { path: CHAPTER });
    let url = '';
    try {
      await waitForHydration(page, TABLE);
      const cell = page.locator(`${TABLE} [data-cell="reverse-string|lstm"]`);
      await cell.scrollIntoViewIfNeeded();
      await cell.click();
      await expect.poll(() => cell.getAttribute('aria-pressed')).toBe('true');
      expect(await page.locator(`${TABLE} [data-cell="parity-check|transformer"]`).getAttribute('aria-pressed')).toBe('false');
      await expect.poll(() => page.locator(`${TABLE} h4`).innerText()).toMatch(/LSTM on reverse string/);
      expect(await page.locator(`${TABLE} path[data-series^="seed-"]`).count()).toBeGreaterThanOrEqual(3);
      // The address follows the state after a short debounce.
      await expect.poll(() => new URL(page.url()).searchParams.get('chomsky-table.task')).toBe('reverse-string');
      url = page.url();
      expect(new URL(url).searchParams.get('chomsky-table.arch')).toBe('lstm');
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
    const fresh = await newPage(browser, { path: url.replace(/^https?:\/\/[^/]+/, '') });
    try {
      await waitForHydration(fresh.page, TABLE);
      await expect.poll(() => fresh.page.locator(`${TABLE} [data-cell="reverse-string|lstm"]`).getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => fresh.page.locator(`${TABLE} h4`).innerText()).toMatch(/LSTM on reverse string/);
      expect(fresh.problems()).toEqual([]);
    } finally {
      await fresh.context.close();
    }
  });

  it.skipIf(!hasRuns())('the keyboard reaches every cell and Enter picks one; the embed page has no serious axe violation', async () => {
    const { page, context, problems } = await newPage(browser, { path: '/figures/chomsky-table/' });
    try {
      await waitForHydration(page, TABLE);
      const cell = page.locator(`${TABLE} [data-cell="parity-check|rnn"]`);
      await cell.focus();
      await page.keyboard.press('Tab'); // to the next cell: parity check × LSTM
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('parity-check|lstm');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator(`${TABLE} [data-cell="parity-check|lstm"]`).getAttribute('aria-pressed')).toBe('true');
      expect(await page.locator(TABLE).getByRole('button', { name: /^LSTM on Parity check: best \d+\.\d% median \d/ }).getAttribute('data-cell')).toBe('parity-check|lstm');
      expect((await runAxe(page)).map((v) => v.id)).toEqual([]);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.skipIf(!hasRuns())('a finger on a phone picks a cell too', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl()}/figures/chomsky-table/`);
      await waitForHydration(page, TABLE);
      const cell = page.locator(`${TABLE} [data-cell="cycle-navigation|rnn"]`);
      await cell.scrollIntoViewIfNeeded();
      await cell.tap();
      await expect.poll(() => cell.getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => page.locator(`${TABLE} h4`).innerText()).toMatch(/RNN on cycle navigation/);
      await screenshot(page, 'chomsky-table-phone-tapped', false);
    } finally {
      await context.close();
    }
  });
});

describe('the live probe', () => {
  it.skipIf(!hasRuns())('typing a reverse-string input runs every architecture in the page; the slider measures each at a new length', async () => {
    const { page, context, problems } = await newPage(browser, { path: CHAPTER });
    try {
      await waitForHydration(page, PROBE);
      await page.locator(PROBE).scrollIntoViewIfNeeded();
      await page.getByRole('combobox', { name: 'Task' }).selectOption('reverse-string');
      const input = page.locator(`${PROBE} input[type=text]`);
      await input.fill('0011');
      await expect.poll(() => input.inputValue()).toBe('0011');
      // The expected output is the input reversed; every model answers at the 4 output positions.
      await expect.poll(() => page.locator(`${PROBE} .row`).first().locator('.cell').allInnerTexts()).toEqual(['1', '1', '0', '0']);
      for (const arch of ['transformer', 'transformer-rpe', 'rnn', 'lstm']) {
        await expect.poll(() => page.locator(`${PROBE} [data-model="${arch}"] .cell.ok, ${PROBE} [data-model="${arch}"] .cell.bad`).count(), { timeout: 60_000 }).toBe(4);
        expect(await page.getByTestId(`probe-score-${arch}`).innerText()).toMatch(/^\d+% right$/);
      }
      // Characters outside the task's keys are dropped, and the address follows the input.
      await input.fill('01z10');
      await expect.poll(() => input.inputValue()).toBe('0110');
      await expect.poll(() => new URL(page.url()).searchParams.get('task-probe.text')).toBe('0110');
      // The slider: a new random input of that length, and every model measured on 32 inputs of it.
      const slider = page.locator(`${PROBE} input[type=range]`);
      await slider.fill('30');
      await slider.dispatchEvent('change');
      await expect.poll(() => input.inputValue()).toMatch(/^[01]{30}$/);
      await expect.poll(() => page.locator(`${PROBE} .sweep h4`).innerText()).toMatch(/length 30, 3\.0× the longest trained/);
      await expect.poll(() => page.locator(`${PROBE} .sweep .score`).allInnerTexts(), { timeout: 60_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+%$/)]));
      await expect.poll(async () => (await page.locator(`${PROBE} .sweep .score`).allInnerTexts()).every((t) => /^\d+%$/.test(t)), { timeout: 90_000 }).toBe(true);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.skipIf(!hasRuns())('a link opens the probe on its task and input; parity check shows the scratchpad transformer\'s notes', async () => {
    const { page, context, problems } = await newPage(browser, { path: '/figures/task-probe/?task-probe.task=parity-check&task-probe.text=110101' });
    try {
      await waitForHydration(page, PROBE);
      await expect.poll(() => page.locator(`${PROBE} input[type=text]`).inputValue()).toBe('110101');
      expect(await page.getByRole('combobox', { name: 'Task' }).inputValue()).toBe('parity-check');
      // The scratchpad writes one note per input bit; its last note is its answer (the parity, odd).
      const notes = page.locator(`${PROBE} [data-model="scratchpad"] .cell`);
      await expect.poll(() => notes.count(), { timeout: 60_000 }).toBe(6);
      await expect.poll(() => page.locator(`${PROBE} [data-model="scratchpad"] .cell.ok, ${PROBE} [data-model="scratchpad"] .cell.bad`).count(), { timeout: 60_000 }).toBe(6);
      await screenshot(page, 'task-probe-parity-linked', false);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
