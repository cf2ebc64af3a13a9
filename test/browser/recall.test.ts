// Active recall end to end, in Chromium against the built site, with the page's clock under test control
// (page.clock.setFixedTime freezes Date.now, which the review store reads).
// 1. Answer a prompt in a chapter, reload: the answer is remembered; the review page lists it for 3 days later.
// 2. Three days on, the prompt is due (header badge and queue); grade it "forgot": due again 1.5 days later.
// 3. Unreadable saved data: the page says so, keeps other keys, and "Start a fresh review history" repairs it.
// 4. Printing a chapter shows a prompt's question and answer; the quiz sheet puts answers on their own page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goto, launch, newPage, ROOT, screenshot, waitForHydration, type Browser, type Page } from './harness';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0); // Mon 2 Mar 2026, 09:00 UTC
const KEY = 'grokking-gradually:recall';
const CARD = '[data-recall-id="mem-three-phases"]';
/** The step the predict prompt used below asks about (content/recall; checked against the run by a unit test). */
const PREDICT_STEP = (
  JSON.parse(readFileSync(join(ROOT, 'content/recall/03-circuit-formation.json'), 'utf8')) as { prompts: { id: string; step?: number }[] }
).prompts.find((p) => p.id === 'cf-predict-progress-measures')!.step!;
/** Generous: the chapter page also loads live figures, and the test machines are shared. */
const HYDRATE_MS = 90_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const saved = (page: Page) =>
  page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), KEY) as Promise<{
    version: number;
    cards: Record<string, { dueAt: number; intervalDays: number; lapses: number }>;
  } | null>;

async function openReview(page: Page) {
  await goto(page, '/review/');
  await waitForHydration(page, '.review-queue', HYDRATE_MS);
}

describe('recall prompts and the review queue', () => {
  it('answers a prompt, reloads, and finds it in the review queue with the right due dates', async () => {
    const { page, context, problems } = await newPage(browser, { theme: 'light' });
    try {
      await page.clock.setFixedTime(T0);
      await goto(page, '/chapters/01-memorization/');
      await waitForHydration(page, CARD, HYDRATE_MS);
      const card = page.locator(CARD);

      await card.getByLabel(/Your answer/).fill('memorize; build the circuit; clean up');
      await card.getByRole('button', { name: 'Show the answer' }).click();
      await expect.poll(() => card.locator('[aria-live="polite"]').innerText()).toMatch(/Circuit formation/);
      // Focus moved from the vanished button to the grading choices.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Forgot');
      await card.getByRole('button', { name: 'Remembered' }).click();
      expect(Number(await card.locator('[data-due-at]').getAttribute('data-due-at'))).toBe(T0 + 3 * DAY);
      expect((await saved(page))?.cards['mem-three-phases']).toMatchObject({ dueAt: T0 + 3 * DAY, intervalDays: 3 });

      // Reload: the card remembers the last answer; nothing is due yet.
      await page.reload();
      await waitForHydration(page, CARD, HYDRATE_MS);
      await expect.poll(() => card.locator('.recall__past').innerText()).toMatch(/next review in 3 days/);
      await waitForHydration(page, '.due-badge', HYDRATE_MS);
      expect(await page.locator('.due-badge').getAttribute('data-due-count')).toBe('0');

      await openReview(page);
      await expect.poll(() => page.getByTestId('nothing-due').innerText()).toMatch(/next prompt comes in 3 days/);
      const row = page.locator('tr[data-recall-id="mem-three-phases"] time');
      expect(Number(await row.getAttribute('data-due-at'))).toBe(T0 + 3 * DAY);
      expect(await row.getAttribute('datetime')).toBe('2026-03-05T09:00:00.000Z');

      // Three days and a minute later it is due: in the header badge and in the queue.
      const T1 = T0 + 3 * DAY + 60_000;
      await page.clock.setFixedTime(T1);
      await openReview(page);
      await waitForHydration(page, '.due-badge', HYDRATE_MS);
      expect(await page.locator('.due-badge').getAttribute('aria-label')).toBe('Review: 1 prompt due');
      const due = page.locator(`.review__list ${CARD}`);
      await expect.poll(() => due.count()).toBe(1);
      await screenshot(page, 'recall-review-due');
      await due.getByRole('button', { name: 'Show the answer' }).click();
      await due.getByRole('button', { name: 'Forgot' }).click();
      // A lapse halves the interval: 3 days → 1.5 days.
      expect(Number(await due.locator('[data-due-at]').getAttribute('data-due-at'))).toBe(T1 + 1.5 * DAY);

      await page.reload();
      await waitForHydration(page, '.review-queue', HYDRATE_MS);
      expect(Number(await row.getAttribute('data-due-at'))).toBe(T1 + 1.5 * DAY);
      expect((await saved(page))?.cards['mem-three-phases']).toMatchObject({ lapses: 1, intervalDays: 1.5 });
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('explains unreadable saved data, keeps other keys, and resets only the review history', async () => {
    const { page, context, problems } = await newPage(browser, { theme: 'dark' });
    try {
      await page.clock.setFixedTime(T0);
      await page.addInitScript((key) => {
        if (!sessionStorage.getItem('seeded')) {
          localStorage.setItem(key, '{"version":1,"cards":{ oops');
          localStorage.setItem('grokking-gradually:other', 'keep me');
          sessionStorage.setItem('seeded', '1');
        }
      }, KEY);
      await openReview(page);
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.innerText()).toMatch(/cannot be read: the saved data is not valid JSON/);
      await screenshot(page, 'recall-review-corrupt-dark');
      await alert.getByRole('button', { name: 'Start a fresh review history' }).click();
      await expect.poll(() => alert.count()).toBe(0);
      expect(await saved(page)).toEqual({ version: 1, cards: {} });
      expect(await page.evaluate(() => localStorage.getItem('grokking-gradually:other'))).toBe('keep me');
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps an answer when storage is full: says so in the card, offers a download, saves on retry', async () => {
    const { page, context, problems } = await newPage(browser);
    try {
      await page.clock.setFixedTime(T0);
      // A full localStorage: every write of our key throws QuotaExceededError until the test lifts it.
      await page.addInitScript((key) => {
        const real = Storage.prototype.setItem;
        Storage.prototype.setItem = function (this: Storage, k: string, v: string) {
          if (k === key && !(window as unknown as { roomy?: boolean }).roomy) {
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          }
          return real.call(this, k, v);
        };
      }, KEY);
      await goto(page, '/chapters/01-memorization/');
      await waitForHydration(page, CARD, HYDRATE_MS);
      const card = page.locator(CARD);
      await card.getByRole('button', { name: 'Show the answer' }).click();
      await card.getByRole('button', { name: 'Remembered' }).click();
      const alert = card.getByRole('alert');
      await expect.poll(() => alert.innerText()).toMatch(/storage for the site is full/);
      expect(await saved(page)).toBeNull();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        alert.getByRole('button', { name: 'Download my review history' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^grokking-gradually-review-2026-03-02\.json$/);
      await page.evaluate(() => ((window as unknown as { roomy: boolean }).roomy = true));
      await alert.getByRole('button', { name: 'Try saving again' }).click();
      await expect.poll(() => alert.count()).toBe(0);
      expect((await saved(page))?.cards['mem-three-phases'].dueAt).toBe(T0 + 3 * DAY);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('checks a prediction against the figure: moves a figure on the page, or links to it', async () => {
    const { page, context, problems } = await newPage(browser);
    try {
      await page.clock.setFixedTime(T0);
      // A predict prompt answered four days ago is due now.
      const card = { intervalDays: 3, dueAt: T0 - DAY, lastAt: T0 - 4 * DAY, reviews: 1, lapses: 0, lastGrade: 'remembered' };
      await page.addInitScript(
        ([key, value]) => localStorage.getItem(key) ?? localStorage.setItem(key, value),
        [KEY, JSON.stringify({ version: 1, cards: { 'cf-predict-progress-measures': card } })] as const,
      );
      await openReview(page);
      const prompt = page.locator('[data-recall-id="cf-predict-progress-measures"]');
      expect(await prompt.getByRole('heading').innerText()).toMatch(/predict, then check/i);

      // No such figure on this page: the reveal links to it, in the prompt's state.
      await prompt.getByLabel(/Your prediction/).fill('restricted down, excluded up');
      await prompt.getByRole('button', { name: 'Check my prediction' }).click();
      const link = prompt.locator('.recall__figure-status a');
      expect(await link.getAttribute('href')).toMatch(new RegExp(`/chapters/[a-z0-9-]+/\\?progress-measures\\.step=${PREDICT_STEP}#fig-progress-measures$`));
      expect(await prompt.locator('.recall__yours').innerText()).toMatch(/You predicted: restricted down, excluded up/);

      // With the figure on the page, the same check scrubs it: address state, popstate, and the custom event.
      await prompt.getByRole('button', { name: 'Forgot' }).click();
      await page.clock.setFixedTime(T0 + 2 * DAY);
      await openReview(page);
      await page.evaluate(() => {
        const fig = document.createElement('figure');
        fig.id = 'fig-progress-measures';
        document.querySelector('main')!.append(fig);
        const seen: string[] = [];
        (window as unknown as { seen: string[] }).seen = seen;
        window.addEventListener('popstate', () => seen.push(`popstate ${location.search}`));
        fig.addEventListener('grokking:figure-step', (e) => seen.push(`event ${JSON.stringify((e as CustomEvent).detail)}`));
      });
      await prompt.getByRole('button', { name: 'Check my prediction' }).click();
      expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual([
        `popstate ?progress-measures.step=${PREDICT_STEP}`,
        `event {"figure":"progress-measures","step":${PREDICT_STEP},"state":{}}`,
      ]);
      expect(new URL(page.url()).hash).toBe('#fig-progress-measures');
      expect(await prompt.locator('.recall__figure-status').innerText()).toContain(`The figure now shows it at step ${PREDICT_STEP.toLocaleString('en-US')}`);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('exports the review history as a file that another browser imports', async () => {
    const a = await newPage(browser);
    const b = await newPage(browser);
    try {
      await a.page.clock.setFixedTime(T0);
      await b.page.clock.setFixedTime(T0);
      // Browser a answered one prompt today (answering itself is covered above).
      const card = { intervalDays: 3, dueAt: T0 + 3 * DAY, lastAt: T0, reviews: 1, lapses: 0, lastGrade: 'remembered' };
      await a.page.addInitScript(
        ([key, value]) => localStorage.setItem(key, value),
        [KEY, JSON.stringify({ version: 1, cards: { 'mem-three-phases': card } })] as const,
      );
      await openReview(a.page);
      const [download] = await Promise.all([
        a.page.waitForEvent('download'),
        a.page.getByRole('button', { name: 'Download my review history' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('grokking-gradually-review-2026-03-02.json');
      const file = await download.path();

      await openReview(b.page);
      await b.page.getByLabel('Import a history file').setInputFiles(file);
      await expect.poll(() => b.page.locator('.transfer__status').innerText()).toMatch(/1 prompt updated/);
      const row = b.page.locator('tr[data-recall-id="mem-three-phases"] time');
      expect(Number(await row.getAttribute('data-due-at'))).toBe(T0 + 3 * DAY);
      expect((await saved(b.page))?.cards['mem-three-phases'].dueAt).toBe(T0 + 3 * DAY);

      // Anki deck: one header block, then a row per prompt with the prompt id as GUID.
      const csv = await b.page.evaluate(async () => (await fetch('/quiz/anki.csv')).text());
      expect(csv.startsWith('#separator:Comma\r\n')).toBe(true);
      expect(csv).toContain('"grokking-gradually-mem-three-phases"');
      expect(a.problems()).toEqual([]);
      expect(b.problems()).toEqual([]);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  it('prints the question and answer of a prompt, and quiz answers on their own page', async () => {
    const { page, context } = await newPage(browser, { path: '/chapters/01-memorization/' });
    try {
      await waitForHydration(page, CARD, HYDRATE_MS);
      await page.emulateMedia({ media: 'print' });
      const card = page.locator(CARD);
      expect(await card.locator('.recall__print-answer').isVisible()).toBe(true);
      expect(await card.getByRole('button', { name: 'Show the answer' }).isVisible()).toBe(false);

      await goto(page, '/quiz/01-memorization/');
      const breakBefore = await page.locator('.quiz__answers').evaluate((el) => getComputedStyle(el).breakBefore);
      expect(breakBefore).toBe('page');
      await page.emulateMedia({ media: 'screen' });
      expect(await page.locator('.quiz__q').count()).toBeGreaterThanOrEqual(8);
    } finally {
      await context.close();
    }
  });
});
