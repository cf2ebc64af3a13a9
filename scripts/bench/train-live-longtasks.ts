// Benchmark of the live-training figure (not a test): main-thread long tasks while it trains, in
// headless Chromium, on WebGPU (SwiftShader: --enable-unsafe-webgpu) and on the worker fallback
// (without the flag there is no adapter). A PerformanceObserver('longtask') installed before the page
// loads records every task over 50 ms; 'all' counts those that start after the Train click, 'warm' those
// of the measured window: `--seconds` from the moment the figure shows step 10 (after WebGPU's first
// pipeline compilations).
// Long tasks are wall-clock, so on a loaded machine they mostly measure the load; the CPU time of the
// renderer's main thread per training step (CDP Performance.getMetrics ThreadTime) and the style and
// layout passes per step are the load-independent figures to compare.
// `--profile` also samples the main thread (CDP Profiler) and prints the functions with the most
// self time; `--trace` records a Chrome trace and prints, for the main thread's tasks over 50 ms,
// the time in each kind of work inside them (script, style, layout, paint, GC…): what they are made of.
//
//   npx astro build --outDir /tmp/site
//   npx tsx scripts/bench/train-live-longtasks.ts /tmp/site [--seconds 30] [--p 13] [--size small]
//       [--only webgpu|worker] [--profile]
//
// The machine is shared: the load average is printed with every figure.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { serveDir } from '../serve.ts';
import { CHROMIUM_ARGS, findChromium } from '../../test/browser/harness.ts';
import { openTrainLive, TRAIN_LIVE_FIG } from './train-live-page.ts';

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: 'string', default: '30' },
    p: { type: 'string', default: '13' },
    size: { type: 'string', default: 'small' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
    idle: { type: 'boolean', default: false },
  },
});
interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }

/** For each main-thread task over 50 ms: its duration and its top-level children by name. */
function longTaskMakeup(events: TraceEvent[]): string[] {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return ['(no renderer main thread in the trace)'];
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  const tasks = mine.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 50_000);
  const kinds = ['FunctionCall', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'RunMicrotasks', 'v8.callFunction', 'UpdateLayoutTree', 'Layout',
    'PrePaint', 'Paint', 'Layerize', 'Commit', 'ParseHTML', 'MajorGC', 'MinorGC', 'V8.GC_MARK_COMPACTOR', 'HitTest', 'IntersectionObserverController::computeIntersections',
    'ScheduleStyleRecalculation', 'UpdateLayer', 'v8.compile', 'EvaluateScript', 'v8.evaluateModule', 'ResizeObserverController::DeliverObservations'];
  return tasks.map((t) => {
    const end = t.ts + (t.dur ?? 0);
    const inside = mine.filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= end && kinds.includes(e.name));
    const by = new Map<string, number>();
    for (const e of inside) by.set(e.name, (by.get(e.name) ?? 0) + (e.dur ?? 0));
    const parts = [...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${(v / 1000).toFixed(0)}`);
    return `${((t.dur ?? 0) / 1000).toFixed(0).padStart(5)} ms: ${parts.join(', ')}`;
  });
}

const dir = positionals[0] ?? 'dist';
const seconds = Number(opt.seconds);
const FIG = TRAIN_LIVE_FIG;

const LONGTASKS = `window.__longtasks = []; try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push({ start: e.startTime, ms: e.duration }); }).observe({ type: 'longtask', buffered: true }); } catch {}`;

interface CpuProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
interface CpuProfile { nodes: CpuProfileNode[]; startTime: number; endTime: number; samples?: number[] }

function topSelf(profile: CpuProfile, n = 15): string[] {
  const per = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
    per.set(key, (per.get(key) ?? 0) + hits);
  }
  return [...per.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((100 * v) / Math.max(1, total)).toFixed(1).padStart(5)}%  ${k}`);
}

function pct(xs: number[], q: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function bench(browser: Browser, base: string, expect: 'webgpu' | 'worker') {
  const { ctx, page, fig } = await openTrainLive(browser, base, expect, LONGTASKS);
  await fig.getByLabel('modulus p').selectOption(opt.p);
  await fig.getByLabel('model').selectOption(opt.size);
  await page.waitForTimeout(1000); // let the page settle after the settings' re-render
  const cdp = opt.profile ? await ctx.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
  }
  const traceEvents: TraceEvent[] = [];
  const tracer = opt.trace ? await ctx.newCDPSession(page) : null;
  let traced: Promise<void> = Promise.resolve();
  if (tracer) {
    tracer.on('Tracing.dataCollected', (d) => void traceEvents.push(...(d.value as unknown as TraceEvent[])));
    traced = new Promise((r) => tracer.once('Tracing.tracingComplete', () => r()));
    await tracer.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'toplevel', '__metadata'] } });
  }
  const perf = await ctx.newCDPSession(page);
  await perf.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await perf.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const load0 = loadavg()[0];
  const t0 = await page.evaluate(() => performance.now());
  // --idle: the same page and wait without training (the control: what the page costs by itself).
  if (!opt.idle) await fig.getByRole('button', { name: 'Train' }).click();
  const tWarm = opt.idle ? t0 : await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-step')) >= 10 ? performance.now() : 0, FIG, { timeout: 300_000, polling: 100 })
    .then((h) => h.jsonValue() as Promise<number>);
  // The measured window: `seconds` from there.
  const m0 = await metrics();
  const step0 = Number(await fig.getAttribute('data-step'));
  await page.waitForTimeout(seconds * 1000);
  const step = Number(await fig.getAttribute('data-step'));
  const m1 = await metrics();
  await fig.getByRole('button', { name: 'Pause' }).click().catch(() => {});
  const load1 = loadavg()[0];
  const all = await page.evaluate(
    (t) => ((window as unknown as { __longtasks: { start: number; ms: number }[] }).__longtasks ?? []).filter((e) => e.start >= t),
    t0,
  );
  const stats = (xs: number[]) => ({
    n: xs.length, totalMs: Math.round(xs.reduce((a, b) => a + b, 0)), maxMs: Math.round(Math.max(0, ...xs)),
    p50Ms: Math.round(pct(xs, 0.5)), p90Ms: Math.round(pct(xs, 0.9)), over100: xs.filter((t) => t > 100).length,
  });
  console.log(JSON.stringify({
    path: expect, p: Number(opt.p), size: opt.size, seconds, steps: step, warmAfterMs: Math.round(tWarm - t0),
    all: stats(all.map((e) => e.ms)), warm: stats(all.filter((e) => e.start >= tWarm).map((e) => e.ms)),
    // Main thread over the whole window: CPU ms (ThreadTime), style recalcs and layouts, per step.
    mainCpuMsPerStep: +(((m1.ThreadTime - m0.ThreadTime) * 1000) / Math.max(1, step - step0)).toFixed(2),
    mainCpuMsPerSec: +(((m1.ThreadTime - m0.ThreadTime) * 1000) / seconds).toFixed(1),
    scriptMsPerStep: +(((m1.ScriptDuration - m0.ScriptDuration) * 1000) / Math.max(1, step - step0)).toFixed(2),
    stylesPerStep: +((m1.RecalcStyleCount - m0.RecalcStyleCount) / Math.max(1, step - step0)).toFixed(2),
    layoutsPerStep: +((m1.LayoutCount - m0.LayoutCount) / Math.max(1, step - step0)).toFixed(2),
    load: `${load0.toFixed(1)}→${load1.toFixed(1)}`,
  }));
  if (tracer) {
    await tracer.send('Tracing.end');
    await traced;
    for (const line of longTaskMakeup(traceEvents)) console.log(`    ${line}`);
  }
  if (cdp) {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    for (const line of topSelf(profile)) console.log(`    ${line}`);
  }
  await ctx.close();
}

const served = await serveDir(dir);
const base = served.url.replace(/\/$/, '');
console.log(`# train-live long tasks: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${seconds} s of training per path, ${new Date().toISOString()}`);
const root = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
try {
  if (opt.only !== 'worker') {
    const gpu = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS, ...root], headless: true });
    await bench(gpu, base, 'webgpu');
    await gpu.close();
  }
  if (opt.only !== 'webgpu') {
    const cpu = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu'), ...root], headless: true });
    await bench(cpu, base, 'worker');
    await cpu.close();
  }
} finally {
  await served.close();
}
