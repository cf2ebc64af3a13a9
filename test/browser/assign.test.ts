// Assignments end to end, in Chromium against the built site:
// 1. A teacher adds two figures from the gallery, opens the builder, adds a question, writes a title and a
//    note, reorders, removes and restores a step, and gets a link.
// 2. A student opens the link in a fresh browser context, steps through it, answers the question (kept
//    across a reload), and downloads the answers (Markdown and JSON).
// 3. The handout prints to PDF with the notes, and with the answers only on its last page. A "predict, then
//    check" question prints with its figure in the state it asks about and that state's absolute address as
//    text and as a QR code; the code, read from the page and from the printed PDF, opens that state.
// 4. Bad input: a cut or damaged link says what it dropped; a draft that cannot be read is kept untouched.
// 5. axe: no serious violations on the filled-in pages; screenshots at 1280 and 390 px, light and dark.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goto, launch, newPage, runAxe, screenshot, waitForHydration, type Browser, type Page } from './harness';
import { figureTarget } from '../../src/lib/recall/figure-check';
import { pdfPageTexts, squash } from './pdf-text';
import { readQr } from './qr-read';

const NOTE = 'Add 71 and 65 on the clock: where does the hand stop?';
const TITLE = 'Grokking in one lesson';
const ANSWER = 'Memorization, circuit formation, cleanup.';
const PREDICT = JSON.parse(readFileSync('content/recall/01-memorization.json', 'utf8')).prompts.find(
  (p: { id: string }) => p.id === 'mem-predict-early-losses',
) as { id: string; figure: string; step: number; q: string };
const THREE_PHASES_ANSWER = JSON.parse(readFileSync('content/recall/01-memorization.json', 'utf8')).prompts.find(
  (p: { id: string }) => p.id === 'mem-three-phases',
).a as string;

let browser: Browser;
/** The student page's path with its lesson, made by the builder in the first test. */
let lessonPath = '';

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function shots(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    for (const theme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: theme });
      await screenshot(page, `assign-${name}-${width}-${theme}`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
}

function hasPdftoppm(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function expectNoSeriousAxe(page: Page, label: string): Promise<void> {
  const violations = await runAxe(page);
  expect(violations, `${label}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

describe('assignments', () => {
  it('a teacher builds one from the gallery and the builder, and gets a link', async () => {
    const { page, context, problems } = await newPage(browser, { path: '/figures/' });
    try {
      await page.locator('[data-add-figure="clock"]').click();
      await expect.poll(() => page.locator('#assign-status-clock').textContent()).toBe('Added: your assignment has 1 step.');
      await page.locator('[data-add-figure="training-timeline"]').click();
      await expect.poll(() => page.locator('#assign-status-training-timeline').textContent()).toBe('Added: your assignment has 2 steps.');

      await goto(page, '/assign/new/');
      await waitForHydration(page, '[data-assignment-builder]');
      const steps = page.locator('.builder__step');
      await expect.poll(() => steps.count()).toBe(2);
      await page.getByRole('textbox', { name: /^Title/ }).fill(TITLE);
      await page.getByRole('textbox', { name: /Note for step 1/ }).fill(NOTE);
      await page.locator('.builder__pick select').nth(1).selectOption('mem-three-phases');
      await page.getByRole('button', { name: 'Add question' }).click();
      await expect.poll(() => steps.count()).toBe(3);
      // Question up to step 2; remove it and undo.
      await page.getByRole('button', { name: 'Move step 3 up' }).click();
      expect(await steps.nth(1).getAttribute('data-step-kind')).toBe('prompt');
      await page.getByRole('button', { name: 'Remove step 3' }).click();
      await expect.poll(() => steps.count()).toBe(2);
      await page.getByRole('button', { name: 'Undo' }).click();
      await expect.poll(() => steps.count()).toBe(3);
      expect(await steps.nth(2).textContent()).toContain('Training, step by step');

      // The draft survives a reload.
      await page.reload();
      await waitForHydration(page, '[data-assignment-builder]');
      expect(await page.getByRole('textbox', { name: /^Title/ }).inputValue()).toBe(TITLE);
      expect(await page.getByRole('textbox', { name: /Note for step 1/ }).inputValue()).toBe(NOTE);

      const link = page.locator('[data-assign-link]');
      await link.waitFor();
      const href = await link.inputValue();
      expect(href).toMatch(/\/assign\/\?a=[A-Za-z0-9_-]+$/);
      lessonPath = new URL(href).pathname + new URL(href).search;
      await expectNoSeriousAxe(page, 'builder');
      await shots(page, 'builder');
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a student opens it in a fresh browser, steps through, answers, and downloads the answers', async () => {
    expect(lessonPath).not.toBe('');
    const { page, context, problems } = await newPage(browser, { path: lessonPath });
    try {
      await waitForHydration(page, '[data-assignment-player]');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
      expect(await page.locator('[data-assign-problems]').count()).toBe(0);
      // Step 1: the clock, live through its embed page, with the note.
      expect(await page.locator('#step-heading').textContent()).toContain('Step 1 of 3: Addition as two rotations');
      expect(await page.locator('[data-step-note]').textContent()).toBe(NOTE);
      const frame = page.locator('iframe.figure-frame');
      expect(await frame.getAttribute('src')).toBe('/figures/clock/');
      await expect.poll(() => page.frameLocator('iframe.figure-frame').locator('[data-hydrated="true"]').count(), { timeout: 60_000 }).toBeGreaterThan(0);
      await expectNoSeriousAxe(page, 'student page, figure step');
      await shots(page, 'student-figure');

      // Step 2: the question, answered in place.
      await page.getByRole('button', { name: 'Next →' }).click();
      expect(await page.locator('#step-heading').textContent()).toContain('Step 2 of 3');
      await page.getByRole('textbox', { name: 'Your answer' }).fill(ANSWER);
      await page.getByRole('button', { name: 'Show the answer' }).click();
      expect(await page.locator('.player__answer').textContent()).toContain(THREE_PHASES_ANSWER.split('\n')[0]);
      await expectNoSeriousAxe(page, 'student page, question step');
      await shots(page, 'student-question');

      // Progress is kept: a reload returns to step 2 with the answer.
      await page.reload();
      await waitForHydration(page, '[data-assignment-player]');
      expect(await page.locator('#step-heading').textContent()).toContain('Step 2 of 3');
      expect(await page.getByRole('textbox', { name: 'Your answer' }).inputValue()).toBe(ANSWER);
      expect(await page.locator('.player__meta').textContent()).toContain('1 of 1 questions answered');
      await page.getByRole('button', { name: /^Step 3: / }).click();
      expect(await page.locator('#step-heading').textContent()).toContain('Step 3 of 3: Training, step by step');

      await page.getByRole('textbox', { name: 'Your name' }).fill('Ada Lovelace');
      const [md] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="md"]').click()]);
      expect(md.suggestedFilename()).toBe('answers-grokking-in-one-lesson-ada-lovelace.md');
      const text = readFileSync((await md.path())!, 'utf8');
      expect(text).toContain(`# ${TITLE}`);
      expect(text).toContain('- Name: Ada Lovelace');
      expect(text).toContain(`> ${NOTE}`);
      expect(text).toContain(ANSWER);
      const [json] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="json"]').click()]);
      const sheet = JSON.parse(readFileSync((await json.path())!, 'utf8'));
      expect(sheet.format).toBe('grokking-gradually-answers');
      expect(sheet.steps.map((s: { kind: string }) => s.kind)).toEqual(['figure', 'prompt', 'figure']);
      expect(sheet.steps[1]).toMatchObject({ prompt: 'mem-three-phases', answer: ANSWER });
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('prints the handout to PDF: notes and questions first, the answers on the last page', async () => {
    const { page, context, problems } = await newPage(browser, { path: lessonPath.replace('/assign/?', '/assign/print/?') });
    try {
      await waitForHydration(page, '[data-assignment-handout]');
      await expectNoSeriousAxe(page, 'handout');
      await shots(page, 'handout');
      // Each figure step: the figure live in its state, and its absolute address as text and QR code.
      const origin = new URL(page.url()).origin;
      const figureLinks = [`${origin}/chapters/01-memorization/#fig-clock`, `${origin}/chapters/01-memorization/#fig-training-timeline`];
      const figureSteps = page.locator('.handout__step[data-kind="figure"]');
      expect(await figureSteps.locator('svg[data-qr]').evaluateAll((els) => els.map((e) => e.getAttribute('data-qr')))).toEqual(figureLinks);
      expect(await figureSteps.locator('[data-handout-figure]').evaluateAll((els) => els.map((e) => e.getAttribute('data-print')))).toEqual(['frame', 'frame']);
      expect(await readQr(await figureSteps.nth(0).locator('svg[data-qr]').screenshot())).toBe(figureLinks[0]);
      const pages = pdfPageTexts(await page.pdf({ format: 'A4' }));
      expect(pages.length).toBeGreaterThanOrEqual(2);
      const all = squash(pages.join(''));
      for (const link of figureLinks) expect(all).toContain(squash(link));
      expect(all).toContain(squash(TITLE));
      expect(all).toContain(squash(NOTE));
      expect(all).toContain(squash('Name:'));
      const last = squash(pages.at(-1)!);
      const answerStart = squash(THREE_PHASES_ANSWER.split('\n')[0]);
      expect(last).toContain('Answers');
      expect(last).toContain(answerStart);
      expect(squash(pages.slice(0, -1).join(''))).not.toContain(answerStart);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a predict question prints with its figure at the stated step, and a link and QR code that open that state', async () => {
    const { page, context, problems } = await newPage(browser, { path: '/assign/new/' });
    try {
      await waitForHydration(page, '[data-assignment-builder]');
      await page.locator('.builder__pick select').nth(1).selectOption(PREDICT.id);
      await page.getByRole('button', { name: 'Add question' }).click();
      const href = await page.locator('[data-assign-link]').inputValue();
      await goto(page, new URL(href).pathname.replace('/assign/', '/assign/print/') + new URL(href).search);
      await waitForHydration(page, '[data-assignment-handout]');

      const origin = new URL(page.url()).origin;
      const base = new URL(href).pathname.replace(/assign\/$/, '');
      const target = figureTarget(PREDICT.figure, PREDICT.step, {}, base)!;
      const address = `${origin}${target.href}`;
      expect(target.href).toContain(`${PREDICT.figure}.step=${PREDICT.step}`);
      const check = page.locator(`[data-predict-check="${PREDICT.id}"]`);
      expect(await check.locator('.handout__check-head').innerText()).toBe(`Then check your prediction: “${target.title}” at step ${PREDICT.step}.`);
      expect(await check.locator('a').getAttribute('href')).toBe(address);
      expect(await check.locator('svg[data-qr]').getAttribute('data-qr')).toBe(address);
      // The figure itself, in that state, without its controls, waiting for its data before printing.
      const frame = check.locator('iframe');
      expect(new URL((await frame.getAttribute('src'))!, origin).searchParams.get(`${PREDICT.figure}.step`)).toBe(String(PREDICT.step));
      const figure = page.frameLocator(`[data-predict-check="${PREDICT.id}"] iframe`).locator(`[data-widget="${PREDICT.figure}"][data-hydrated="true"]`);
      await expect.poll(() => figure.count(), { timeout: 60_000 }).toBe(1);
      expect(await figure.getAttribute('data-step')).toBe(String(PREDICT.step));
      expect(await check.locator('figcaption').innerText()).toBe(`${target.title}, at step ${PREDICT.step}`);
      await expectNoSeriousAxe(page, 'handout with a predict question');

      // Printed as a reader would (the screen layout until the print), then the code as printed, read like a
      // phone would: the element's pixels in print media. Question, figure and code stay on one page.
      const pdf = await page.pdf({ format: 'A4' });
      await page.emulateMedia({ media: 'print' });
      expect(await readQr(await check.locator('svg[data-qr]').screenshot())).toBe(address);
      await screenshot(page, 'assign-handout-predict-print-1280');
      await page.emulateMedia({ media: 'screen' });
      const pages = pdfPageTexts(pdf);
      const withQuestion = pages.findIndex((t) => squash(t).includes(squash(PREDICT.q).slice(0, 60)));
      expect(withQuestion).toBe(0); // under the title: the step fits on the first page
      expect(squash(pages[withQuestion])).toContain(squash(address));
      expect(squash(pages[withQuestion])).toContain(squash(`${target.title}, at step ${PREDICT.step}`));

      // From paper: each page of the PDF as an image (where poppler's pdftoppm is installed), the code read from it.
      if (hasPdftoppm()) {
        const dir = 'test-results/screenshots';
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'assign-handout-predict.pdf'), pdf);
        execFileSync('pdftoppm', ['-r', '150', '-png', join(dir, 'assign-handout-predict.pdf'), join(dir, 'assign-handout-predict-pdf')]);
        const rasters = readdirSync(dir).filter((f) => f.startsWith('assign-handout-predict-pdf') && f.endsWith('.png')).sort();
        expect(rasters.length).toBe(pages.length);
        expect(await readQr(join(dir, rasters[withQuestion]))).toBe(address);
      } else {
        console.warn('pdftoppm is not installed: the QR code was read from the page, not from the printed PDF');
      }

      // A student with the paper opens the code's address in a fresh browser: the figure at that step.
      const student = await browser.newContext({ viewport: { width: 390, height: 844 } });
      try {
        const phone = await student.newPage();
        await phone.goto(address, { waitUntil: 'load' });
        const live = phone.locator(`#fig-${PREDICT.figure} [data-widget="${PREDICT.figure}"][data-hydrated="true"]`);
        await expect.poll(() => live.count(), { timeout: 60_000 }).toBe(1);
        expect(await live.getAttribute('data-step')).toBe(String(PREDICT.step));
        expect(await phone.getByRole('slider', { name: 'Training step' }).getAttribute('aria-valuenow')).toBe(String(PREDICT.step));
      } finally {
        await student.close();
      }

      await shots(page, 'handout-predict');

      // A sheet for students (no answers): the figure that checks the prediction (it is the answer) is left
      // out; the link and the code stay.
      await page.locator('[data-key-toggle]').uncheck();
      expect(await check.locator('iframe').count()).toBe(0);
      expect(await check.locator('svg[data-qr]').getAttribute('data-qr')).toBe(address);
      const noKey = squash(pdfPageTexts(await page.pdf({ format: 'A4' })).join(''));
      expect(noKey).toContain(squash(address));
      expect(noKey).not.toContain(squash(`${target.title}, at step ${PREDICT.step}`));
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a quiz: the builder shuffles the questions (figures stay), and the handout prints without the answers when asked', async () => {
    const { page, context, problems } = await newPage(browser, { path: '/figures/' });
    try {
      await page.locator('[data-add-figure="clock"]').click();
      await goto(page, '/assign/new/');
      await waitForHydration(page, '[data-assignment-builder]');
      const steps = page.locator('.builder__step');
      const picks = page.locator('.builder__pick select').nth(1);
      const ids = (await picks.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter(Boolean).slice(0, 5);
      for (const id of ids) {
        await picks.selectOption(id);
        await page.getByRole('button', { name: 'Add question' }).click();
      }
      await expect.poll(() => steps.count()).toBe(1 + ids.length);
      const order = () => steps.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-step-kind')}:${e.querySelector('strong')?.textContent}`));
      const before = await order();
      // Shuffle until the order changes (5 questions: 1 in 120 to stay the same each time).
      let after = before;
      for (let i = 0; i < 5 && after.join() === before.join(); i++) {
        await page.locator('[data-shuffle]').click();
        after = await order();
      }
      expect(after.join()).not.toBe(before.join());
      expect(after[0]).toBe(before[0]); // the figure keeps its place
      expect([...after].sort()).toEqual([...before].sort()); // the same questions
      await page.setViewportSize({ width: 390, height: 900 });
      await page.locator('[data-shuffle]').scrollIntoViewIfNeeded();
      await screenshot(page, 'assign-shuffle-390', false);
      await page.setViewportSize({ width: 1280, height: 900 });
      const href = await page.locator('[data-assign-link]').inputValue();

      // The handout: untick the answers; the address keeps the choice, the PDF has no answers page.
      await goto(page, new URL(href).pathname.replace('/assign/', '/assign/print/') + new URL(href).search);
      await waitForHydration(page, '[data-assignment-handout]');
      await page.locator('[data-key-toggle]').uncheck();
      await expect.poll(() => new URL(page.url()).searchParams.get('key')).toBe('0');
      expect(await page.locator('.handout__answers').count()).toBe(0);
      const noKey = squash(pdfPageTexts(await page.pdf({ format: 'A4' })).join(''));
      expect(noKey).not.toContain('Answers');
      // Opened from that address in a fresh page, the sheet stays without answers.
      const fresh = await newPage(browser, { path: new URL(page.url()).pathname + new URL(page.url()).search });
      try {
        await waitForHydration(fresh.page, '[data-assignment-handout]');
        expect(await fresh.page.locator('[data-key-toggle]').isChecked()).toBe(false);
        expect(await fresh.page.locator('.handout__answers').count()).toBe(0);
      } finally {
        await fresh.context.close();
      }
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a quiz from whole chapters: a random few from two chapters, then all of a third, none twice', async () => {
    const { page, context, problems } = await newPage(browser, { path: '/assign/new/' });
    try {
      await waitForHydration(page, '[data-assignment-builder]');
      const box = page.locator('[data-from-chapters]');
      const chapters = box.getByRole('checkbox');
      expect(await chapters.count()).toBeGreaterThanOrEqual(5);
      const add = box.getByRole('button', { name: 'Add these questions' });
      expect(await add.isDisabled()).toBe(true); // nothing chosen yet
      await chapters.nth(0).check();
      await chapters.nth(1).check();
      await box.getByLabel('How many (empty: all of them)').fill('5');
      await add.click();
      const steps = page.locator('.builder__step');
      await expect.poll(() => steps.count()).toBe(5);
      expect(await page.locator('.builder__status').textContent()).toBe('Added 5 questions.');
      expect(await steps.evaluateAll((els) => els.every((e) => e.getAttribute('data-step-kind') === 'prompt'))).toBe(true);

      // All of the third chapter (keyboard only), then the first two again: nothing is added twice.
      await chapters.nth(0).uncheck();
      await chapters.nth(1).uncheck();
      await chapters.nth(2).focus();
      await page.keyboard.press('Space');
      await box.getByLabel('How many (empty: all of them)').fill('');
      await add.focus();
      await page.keyboard.press('Enter');
      const third = Number(/\((\d+)\)/.exec((await chapters.nth(2).locator('xpath=..').textContent()) ?? '')?.[1]);
      expect(third).toBeGreaterThan(5);
      await expect.poll(() => steps.count()).toBe(5 + third);
      await chapters.nth(2).uncheck();
      await chapters.nth(0).check();
      await chapters.nth(1).check();
      await add.click();
      const firstTwo = await chapters.evaluateAll((els) =>
        els.slice(0, 2).reduce((s, e) => s + Number(/\((\d+)\)/.exec(e.parentElement?.textContent ?? '')?.[1]), 0),
      );
      await expect.poll(() => page.locator('.builder__status').textContent()).toMatch(/5 were already in the assignment/);
      const total = await steps.count();
      expect(total).toBe(Math.min(30, 5 + third + (firstTwo - 5)));
      const titles = await steps.evaluateAll((els) => els.map((e) => e.querySelector('strong')?.textContent));
      expect(new Set(titles).size).toBe(titles.length);
      await expectNoSeriousAxe(page, 'builder with a quiz from chapters');
      await page.setViewportSize({ width: 390, height: 900 });
      await box.scrollIntoViewIfNeeded();
      await screenshot(page, 'assign-from-chapters-390', false);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a cut or damaged link opens what it can and says what it dropped', async () => {
    const { page, context } = await newPage(browser, { path: lessonPath.slice(0, -12) });
    try {
      await waitForHydration(page, '[data-assignment-player]');
      expect(await page.locator('[data-assign-problems]').textContent()).toMatch(/cut short: \d of 3 steps could be read/);
      await goto(page, '/assign/?a=%3Cscript%3Ealert(1)%3C/script%3E');
      await waitForHydration(page, '[data-assignment-player]');
      expect(await page.locator('[data-assign-problems]').textContent()).toContain('does not hold an assignment');
      expect(await page.locator('script:not([src]):not([type])').evaluateAll((s) => s.some((e) => e.textContent?.includes('alert(1)')))).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('the Share menu adds a figure in the state it shows', async () => {
    const { page, context, problems } = await newPage(browser, { path: '/chapters/01-memorization/?clock.a=9#fig-clock' });
    try {
      await waitForHydration(page, '[data-widget="modular-clock"]');
      const figure = page.locator('#fig-clock');
      await figure.getByRole('button', { name: 'Share' }).click();
      await figure.getByRole('button', { name: 'Add to assignment' }).click();
      await expect.poll(() => figure.getByRole('status').filter({ hasText: 'Added: your assignment has 1 step.' }).count()).toBe(1);
      const saved = JSON.parse((await page.evaluate(() => localStorage.getItem('grokking-gradually:assignment-draft')))!);
      expect(saved.steps).toEqual([{ kind: 'figure', figure: 'clock', query: 'clock.a=9', note: '' }]);
      expect(problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps a draft it cannot read untouched, and says so', async () => {
    const { page, context } = await newPage(browser, { path: '/figures/' });
    try {
      await page.evaluate(() => localStorage.setItem('grokking-gradually:assignment-draft', '{broken'));
      await page.locator('[data-add-figure="clock"]').click();
      await expect.poll(() => page.locator('#assign-status-clock').textContent()).toContain('Not added: the saved assignment could not be read');
      await goto(page, '/assign/new/');
      await waitForHydration(page, '[data-assignment-builder]');
      expect(await page.getByRole('alert').first().textContent()).toContain('could not be read');
      await page.locator('.builder__pick select').nth(1).selectOption('mem-split');
      await page.getByRole('button', { name: 'Add question' }).click();
      expect(await page.evaluate(() => localStorage.getItem('grokking-gradually:assignment-draft'))).toBe('{broken');
      await page.getByRole('button', { name: 'Discard it and save from now on' }).click();
      const saved = JSON.parse((await page.evaluate(() => localStorage.getItem('grokking-gradually:assignment-draft')))!);
      expect(saved.steps).toEqual([{ kind: 'prompt', prompt: 'mem-split', note: '' }]);
    } finally {
      await context.close();
    }
  });

  it('the teachers’ page passes axe and its ready-made assignments open without problems', async () => {
    const { page, context, problems } = await newPage(browser, { path: '/teach/' });
    try {
      await expectNoSeriousAxe(page, 'teach');
      const ready = await page.locator('[data-ready-made]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
      expect(ready.length).toBeGreaterThanOrEqual(4);
      for (const path of ready) {
        await goto(page, path, 'load');
        await waitForHydration(page, '[data-assignment-player]');
        expect(await page.locator('[data-assign-problems]').count(), path).toBe(0);
        expect(await page.locator('.player__steps li').count()).toBeGreaterThan(4);
      }
      expect(problems().filter((p) => !p.includes('onnx') && !p.includes('/models/'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  // A step kept whole on paper pushed chapter 2's first step, whose figure is tall, to page 2 and left
  // page 1 with the title alone: steps may now run across pages; figures and QR codes stay whole.
  it('every ready-made handout starts its first step on page 1', async () => {
    const { page, context } = await newPage(browser, { path: '/teach/' });
    try {
      const ready = await page.locator('[data-ready-made]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
      for (const path of ready) {
        await goto(page, path.replace('/assign/', '/assign/print/'), 'load');
        await waitForHydration(page, '[data-assignment-handout]');
        for (const frame of page.frames().slice(1)) await frame.waitForLoadState('load');
        const first = squash((await page.locator('.handout__step h2').first().textContent()) ?? '');
        const pages = pdfPageTexts(await page.pdf({ format: 'A4' })).map(squash);
        expect(pages[0], `${path}: page 1`).toContain(first);
      }
    } finally {
      await context.close();
    }
  });
});
