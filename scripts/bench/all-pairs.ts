// One checkpoint over all p² pairs: the page's time (the progress-measures figure in headless Chromium,
// ONNX Runtime Web on WASM, on the built site) beside its peer in the same run, ONNX Runtime's WASM
// backend in Node on the same checkpoint file, one thread.
//
//   npm run build && npx tsx scripts/bench/all-pairs.ts                # or SITE_DIR=<dir>
//   npx tsx scripts/bench/all-pairs.ts --repeat 5 --json results.json
//
// The page's figure times model.runAllPairs alone (session already created, checkpoint already fetched)
// and writes it to data-run-ms; each page run is a fresh browser context. The peer runs the very file
// the page loaded (read from its data-live-checkpoint hint), all pairs in chunks of 1,024 as the page
// does, after one warm-up run. The load average is printed beside every figure: above 1.5 a figure is
// not a quiet-machine result, and the script says so.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { chromium } from 'playwright-core';
import { serveDir } from '../serve';
import { loadNote, waitForQuiet } from './quiet';
import { CHROMIUM_ARGS, findChromium } from '../../test/browser/harness';

const ROOT = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const repeat = Math.max(1, Number(opt('--repeat', '5')) || 5);
const jsonOut = args.includes('--json') ? opt('--json', '') : undefined;
const dir = resolve(ROOT, process.env.SITE_DIR ?? 'dist');
const load1 = () => loadavg()[0];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Hint {
  url: string;
  p: number;
}

async function pageRuns(): Promise<{ ms: number[]; hint: Hint; backend: string; isolated: boolean; browser: string }> {
  const served = await serveDir(dir);
  const root = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS, ...root], headless: true });
  const sel = '[data-widget="progress-measures"]';
  const ms: number[] = [];
  let hint: Hint | null = null;
  let backend = '?';
  let isolated = false;
  try {
    for (let i = 0; i < repeat; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${served.url}/chapters/03-circuit-formation/?backend=wasm`, { waitUntil: 'domcontentloaded' });
      await page.locator(sel).scrollIntoViewIfNeeded();
      await page.waitForSelector(`${sel}[data-run-ms]`, { timeout: 180_000 });
      const fig = page.locator(sel);
      ms.push(Number(await fig.getAttribute('data-run-ms')));
      hint = JSON.parse((await fig.getAttribute('data-live-checkpoint')) ?? 'null') as Hint;
      backend = (await fig.getAttribute('data-backend')) ?? '?';
      isolated = await page.evaluate(() => crossOriginIsolated);
      console.log(`page   run ${i + 1}: ${ms.at(-1)} ms (${backend}, cross-origin isolated: ${isolated}; ${loadNote()})`);
      await context.close();
    }
    if (!hint) throw new Error('the progress-measures figure gave no checkpoint hint');
    return { ms, hint, backend, isolated, browser: browser.version() };
  } finally {
    await browser.close();
    await served.close();
  }
}

async function peerRuns(file: string, p: number, threads: number): Promise<number[]> {
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.wasmPaths = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url));
  ort.env.logLevel = 'error';
  const session = await ort.InferenceSession.create(readFileSync(file), { executionProviders: ['wasm'] });
  const eq = p; // the "=" token
  const all = p * p;
  const once = async () => {
    const t0 = performance.now();
    for (let start = 0; start < all; start += 1024) {
      const n = Math.min(1024, all - start);
      const tokens = new BigInt64Array(n * 3);
      for (let k = 0; k < n; k++) {
        const idx = start + k;
        tokens[3 * k] = BigInt(Math.floor(idx / p));
        tokens[3 * k + 1] = BigInt(idx % p);
        tokens[3 * k + 2] = BigInt(eq);
      }
      await session.run({ tokens: new ort.Tensor('int64', tokens, [n, 3]) });
    }
    return performance.now() - t0;
  };
  await once(); // warm-up, as the page's session has been used by its first query too
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    ms.push(await once());
    console.log(`peer   ${threads} thread${threads > 1 ? 's' : ''}, run ${i + 1}: ${ms.at(-1)!.toFixed(0)} ms (${loadNote()})`);
  }
  await session.release();
  return ms;
}

console.log(`start: ${await waitForQuiet()}`);
const page = await pageRuns();
const modelFile = join(dir, new URL(page.hint.url, 'http://x/').pathname);
const peer1 = await peerRuns(modelFile, page.hint.p, 1);
const results = {
  machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}; Chromium ${page.browser}; Node ${process.version}`,
  checkpoint: page.hint.url,
  pairs: page.hint.p ** 2,
  pageMs: { median: median(page.ms), runs: page.ms, backend: page.backend, crossOriginIsolated: page.isolated },
  peerOneThreadMs: { median: median(peer1), runs: peer1 },
  ratio: median(page.ms) / median(peer1),
  loadAtEnd: load1(),
};
console.log(
  `\n${results.pairs} pairs, ${results.checkpoint}: page ${results.pageMs.median} ms (${page.backend}), ` +
    `ONNX Runtime WASM in Node, 1 thread ${results.peerOneThreadMs.median.toFixed(0)} ms; ratio ${results.ratio.toFixed(2)} (${loadNote()})`,
);
console.log(`machine: ${results.machine}`);
if (jsonOut) writeFileSync(resolve(process.cwd(), jsonOut), JSON.stringify(results, null, 2));
