// What each page transfers before its first figure is interactive, gzipped as a host would send it.
//
//   npm run build && npx tsx scripts/bench/first-load.ts              # every chapter of dist/
//   SITE_DIR=<dir> npx tsx scripts/bench/first-load.ts --json out.json  # another build; numbers as JSON
//   npx tsx scripts/bench/first-load.ts --list 03-circuit-formation     # every file that chapter loaded
//
// For each chapter of the build served by scripts/serve.ts, ./first-load-measure.ts (how it measures) in
// headless Chromium; the totals are split by kind, so the fonts' share is visible. Bytes do not depend on
// the machine's load, so unlike the timing benchmarks this one may run on a busy machine.
// test/browser/first-load.test.ts holds every chapter to the budget (150 kB) with the same measurement.
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serveDir } from '../serve';
import { CHROMIUM_ARGS, findChromium } from '../../test/browser/harness';
import { KINDS, measureFirstLoad, type FirstLoad } from './first-load-measure';

const ROOT = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const dir = resolve(ROOT, process.env.SITE_DIR ?? 'dist');
const jsonOut = option('--json');
const listFor = option('--list');

const kb = (n: number) => (n / 1000).toFixed(1);
const chapters = readdirSync(join(dir, 'chapters'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const served = await serveDir(dir);
const browser = await chromium.launch({
  executablePath: findChromium(),
  args: [...CHROMIUM_ARGS, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
  headless: true,
});
const results: Record<string, FirstLoad> = {};
try {
  const kinds = KINDS;
  console.log(`site: ${dir}\nkB sent (gzip -6 for text; 1 kB = 1000 B) before the first figure is interactive\n`);
  console.log(['chapter'.padEnd(22), 'first figure'.padEnd(20), 'total', ...kinds].map((s) => s.padStart(7)).join(' '));
  for (const slug of chapters) {
    const r = await measureFirstLoad(browser, `${served.url}/chapters/${slug}/`, dir);
    const { figure, loaded, total, byKind } = r;
    results[slug] = r;
    console.log([slug.padEnd(22), (figure ?? '(none)').padEnd(20), kb(total), ...kinds.map((k) => kb(byKind[k]))].map((s) => s.padStart(7)).join(' '));
    if (listFor === slug) {
      for (const f of [...loaded].sort((a, b) => b.sent - a.sent)) console.log(`    ${kb(f.sent).padStart(7)} kB sent  ${kb(f.raw).padStart(7)} kB raw  ${f.kind.padEnd(5)} ${f.path}`);
    }
  }
  console.log(`\n${await browser.version()}`);
} finally {
  await browser.close();
  await served.close();
}
if (jsonOut) writeFileSync(resolve(process.cwd(), jsonOut), JSON.stringify(results, null, 2));
