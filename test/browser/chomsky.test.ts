// The Chomsky chapter's balanced-bracket figures (chapter 5's extra): typing a string re-runs every model on
// every prefix, and the accuracy-against-length curve is measured in the page from the shipped checkpoints.
// Needs the models/chomsky-dyck-* runs in the build. The table and its live probe: chomsky-table.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, newPage, screenshot, siteDir, waitForHydration, type Browser, type Page } from './harness';

const CHAPTER = '/chapters/05-chomsky/';
const PROBE = '[data-widget="length-probe"]';
const CURVE = '[data-widget="length-curve"]';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const hasRuns = () => existsSync(join(siteDir(), 'models', 'chomsky-dyck-rnn', 'manifest.json'));

/** Each model row's answers, as the cells show them ('·' until computed). */
async function answers(page: Page): Promise<Record<string, string>> {
  return page.locator(`${PROBE} [data-model]`).evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.getAttribute('data-model'), [...r.querySelectorAll('.pred')].map((c) => c.textContent).join('')])),
  );
}

describe('Chomsky chapter', () => {
  it.skipIf(!hasRuns())('typing a string updates every model\'s answer for every prefix', async () => {
    const { page, context, problems } = await newPage(browser, { path: CHAPTER });
    try {
      await waitForHydration(page, PROBE);
      await page.waitForFunction((s) => ![...document.querySelectorAll(`${s} .pred`)].some((c) => c.textContent === '·'), PROBE, { timeout: 60_000 });
      // Only the bracket models ship: no language switch.
      expect(await page.locator(`${PROBE} [role=group][aria-label=Language]`).count()).toBe(0);
      const input = page.getByRole('textbox', { name: 'String' });
      await input.fill('(())');
      await page.waitForFunction((s) => [...document.querySelectorAll(`${s} [data-model="rnn"] .pred`)].length === 4
        && ![...document.querySelectorAll(`${s} .pred`)].some((c) => c.textContent === '·'), PROBE);
      const a = await answers(page);
      expect(Object.keys(a).sort()).toEqual(['rnn', 'transformer', 'transformer-rpe']);
      for (const v of Object.values(a)) expect(v).toMatch(/^[01]{4}$/);
      // Balanced only after the fourth bracket; the RNN sees it within the training lengths.
      await expect.poll(async () => (await answers(page)).rnn, { timeout: 30_000 }).toBe('0001');
      // Other characters are dropped, the string grows, and the answers follow.
      await input.fill('(())x()');
      await expect.poll(async () => (await answers(page)).rnn, { timeout: 30_000 }).toBe('000101');
      expect(await input.inputValue()).toBe('(())()');
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.skipIf(!hasRuns())('the accuracy-against-length curve is measured live and drawn for all three models', async () => {
    const { page, context, problems } = await newPage(browser, { path: CHAPTER, width: 390 });
    try {
      await waitForHydration(page, CURVE);
      await page.waitForFunction((s) => /Measured on/.test(document.querySelector(`${s} [role=status]`)?.textContent ?? ''), CURVE, { timeout: 120_000 });
      const live = page.locator(`${CURVE} path.live`);
      await expect.poll(() => live.count()).toBe(3);
      // Even lengths 2..64: a path with 32 points has 31 'L' commands.
      const d = await page.locator(`${CURVE} path.live[data-live="rnn"]`).getAttribute('d');
      expect(d?.split('L').length).toBe(32);
      expect(await page.locator(`${CURVE} .trainband`).count()).toBe(1);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.skipIf(!hasRuns())('the probe opens from a link in the state it encodes, on the essay page and the embed page', async () => {
    // Brackets, with a string one past the training lengths (17 symbols, so the last answer is
    // "not balanced"); the parentheses travel unescaped, as the Share menu writes them.
    const text = '(()())((()))(()()';
    const query = `?length-probe.lang=dyck1&length-probe.text=${text}`;
    for (const path of [`${CHAPTER}${query}#fig-length-probe`, `/figures/length-probe/${query}`]) {
      const { page, context, problems } = await newPage(browser, { path });
      try {
        await waitForHydration(page, PROBE);
        const input = page.getByRole('textbox', { name: 'String' });
        await expect.poll(() => input.inputValue()).toBe(text);
        const symbols = await page.locator(`${PROBE} .sym`).allTextContents();
        expect(symbols.join('')).toBe(text);
        // Every model answers for all 17 prefixes.
        await page.waitForFunction((s) => [...document.querySelectorAll(`${s} [data-model="rnn"] .pred`)].length === 17
          && ![...document.querySelectorAll(`${s} .pred`)].some((c) => c.textContent === '·'), PROBE, { timeout: 60_000 });
        expect(Object.values(await answers(page)).every((v) => /^[01]{17}$/.test(v))).toBe(true);
        // The link is unchanged by opening it (nothing rewritten), and typing updates it.
        expect(new URL(page.url()).searchParams.get('length-probe.text')).toBe(text);
        await input.fill('(())');
        await expect.poll(() => new URL(page.url()).searchParams.get('length-probe.text')).toBe('(())');
        if (path.startsWith('/figures/')) await screenshot(page, 'chomsky-probe-embed-linked', false);
        expect(problems()).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it.skipIf(!hasRuns())('an old link to the parity curve opens the bracket models, and a bad value falls back to the default with a notice', async () => {
    const { page, context, problems } = await newPage(browser, { path: '/figures/length-curve/?length-curve.lang=parity' });
    try {
      await waitForHydration(page, CURVE);
      await page.waitForFunction((s) => /Measured on/.test(document.querySelector(`${s} [role=status]`)?.textContent ?? ''), CURVE, { timeout: 120_000 });
      // The live curves are the bracket models' (the parity ones would never have been measured).
      await expect.poll(() => page.locator(`${CURVE} path.live`).count()).toBe(3);
      const d = await page.locator(`${CURVE} path.live[data-live="rnn"]`).getAttribute('d');
      expect(d?.split('L').length).toBe(32); // only even lengths for brackets: 2, 4, … 64
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
    const bad = await newPage(browser, { path: '/figures/length-probe/?length-probe.text=01%3Cb%3E' });
    try {
      await waitForHydration(bad.page, PROBE);
      await expect.poll(() => bad.page.getByRole('textbox', { name: 'String' }).inputValue()).toBe('(()(()))()((()())(()))(())');
      await expect.poll(() => bad.page.locator('[data-figure-notice="length-probe"]').innerText()).toMatch(/\btext\b/);
      expect(await bad.page.locator('b').count()).toBe(0);
    } finally {
      await bad.context.close();
    }
  });
});
