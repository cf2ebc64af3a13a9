// The modular clock (Figure 1 of chapter 1) hydrates and answers keyboard and pointer input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, newPage, waitForHydration, type Browser, type Page } from './harness';

const CHAPTER = '/chapters/01-memorization/';
const CLOCK = '[data-widget="modular-clock"]';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function values(page: Page) {
  const root = page.locator(CLOCK).first();
  return {
    a: Number(await root.locator('[data-handle="a"]').getAttribute('aria-valuenow')),
    b: Number(await root.locator('[data-handle="b"]').getAttribute('aria-valuenow')),
    aNumber: await root.locator('[data-control="a-number"]').inputValue(),
    bRange: await root.locator('[data-control="b-range"]').inputValue(),
  };
}

describe('ModularClock', () => {
  it('opened from an address with another pair, its sentence tells that pair from the start', async () => {
    const { page, context, problems } = await newPage(browser, { path: '/figures/clock/?clock.a=100&clock.b=20', waitUntil: 'load' });
    try {
      await waitForHydration(page, CLOCK);
      await expect.poll(async () => (await values(page)).a).toBe(100);
      // No pause for the polite announcement on the opening state: the sentence matches the clock at once.
      expect(await page.locator(`${CLOCK} [data-readout]`).textContent()).toContain('100 + 20 mod 113 = 7');
      expect(problems(), problems().join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is server-rendered in its initial state, then hydrates', async () => {
    const { page, context, problems } = await newPage(browser, { path: CHAPTER, waitUntil: 'load' });
    try {
      const root = page.locator(CLOCK).first();
      await expect(root.getAttribute('data-hydrated')).resolves.toBeNull(); // below the fold: not yet
      expect(await root.locator('[data-readout]').textContent()).toContain('71 + 65 mod 113 = 23');
      await waitForHydration(page, CLOCK);
      expect(await page.getByRole('group', { name: /modular clock/i }).count()).toBe(1);
      expect(problems(), problems().join("\n")).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('answers the keyboard on its handles and its inputs', async () => {
    const { page, context, problems } = await newPage(browser, { path: CHAPTER });
    try {
      await waitForHydration(page, CLOCK);
      const handleA = page.getByRole('slider', { name: /^a, first rotation/ });
      await handleA.focus();
      await page.keyboard.press('ArrowRight');
      expect(await values(page)).toMatchObject({ a: 72, aNumber: '72' });
      await page.keyboard.press('PageUp');
      expect((await values(page)).a).toBe(82);
      await page.keyboard.press('End');
      expect((await values(page)).a).toBe(112);
      await page.keyboard.press('ArrowRight'); // wraps around the clock
      expect((await values(page)).a).toBe(0);

      const handleB = page.getByRole('slider', { name: /^b, second rotation/ });
      await handleB.focus();
      await page.keyboard.press('ArrowLeft');
      expect((await values(page)).b).toBe(64);

      const numberB = page.locator(`${CLOCK} [data-control="b-number"]`);
      await numberB.fill('100');
      expect(await values(page)).toMatchObject({ b: 100, bRange: '100' });
      // The live description catches up after the reader pauses.
      await expect
        .poll(() => page.locator(`${CLOCK} [data-readout]`).textContent(), { timeout: 5000 })
        .toContain('0 + 100 mod 113 = 100');
      expect(problems(), problems().join("\n")).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('answers pointer drags on the circle', async () => {
    const { page, context, problems } = await newPage(browser, { path: CHAPTER });
    try {
      await waitForHydration(page, CLOCK);
      const svg = page.locator(`${CLOCK} svg`).first();
      const box = await svg.boundingBox();
      const handle = await page.locator(`${CLOCK} [data-handle="a"]`).boundingBox();
      if (!box || !handle) throw new Error('clock not laid out');
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      const r = box.width * 0.3;
      await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
      await page.mouse.down();
      // Drag a through 9 o'clock to 12 o'clock: residue 0.
      await page.mouse.move(cx - r, cy, { steps: 5 });
      await page.mouse.move(cx, cy - r, { steps: 5 });
      await page.mouse.up();
      expect(await values(page)).toMatchObject({ a: 0, aNumber: '0' });

      // Drag the second handle (the end of the b arc) to 3 o'clock: a + b ≡ 113/4 ≈ 28.
      const hb = await page.locator(`${CLOCK} [data-handle="b"]`).boundingBox();
      if (!hb) throw new Error('handle b not laid out');
      await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
      await page.mouse.down();
      await page.mouse.move(cx + r, cy, { steps: 8 });
      await page.mouse.up();
      expect((await values(page)).b).toBe(28);
      expect(problems(), problems().join("\n")).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
