// The first-load budget: every chapter sends at most 150 kB (gzipped, as a host sends it) before its first
// figure is interactive, measured as scripts/bench/first-load.ts measures it (scripts/bench/first-load-measure.ts:
// a cold browser, the first figure scrolled into view and hydrated). Bytes, not time: they do not depend on
// the machine. A chapter that gains a formula, a face or a figure's data above its first figure can push it
// over; the bench's --list says which files a chapter loaded.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureFirstLoad } from '../../scripts/bench/first-load-measure';
import { baseUrl, launch, siteDir, type Browser } from './harness';

const BUDGET = 150_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('first load', () => {
  const chapters = readdirSync(join(siteDir(), 'chapters'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

  it('finds the chapters', () => {
    expect(chapters.length).toBeGreaterThanOrEqual(6);
  });

  for (const slug of chapters) {
    it(`${slug}: at most 150 kB before its first figure is interactive`, async () => {
      const r = await measureFirstLoad(browser, `${baseUrl()}/chapters/${slug}/`, siteDir());
      if (slug !== '99-appendix') expect(r.figure, 'a chapter has a figure').not.toBeNull();
      expect(r.byKind.html, 'the page itself was counted').toBeGreaterThan(10_000);
      const top = [...r.loaded].sort((a, b) => b.sent - a.sent).slice(0, 5).map((f) => `${f.path} ${(f.sent / 1000).toFixed(1)} kB`);
      expect(r.total, `${(r.total / 1000).toFixed(1)} kB; largest: ${top.join(', ')}`).toBeLessThanOrEqual(BUDGET);
    }, 150_000);
  }
});
