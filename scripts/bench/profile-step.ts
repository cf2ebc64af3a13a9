/**
 * Benchmark (not a test): where the CPU twin's training step spends its time. Runs the paper model's
 * full-batch step (scripts/bench/train-step.ts's config) under V8's sampling profiler (node:inspector,
 * no flags needed) and prints the functions with the most self time, per step, and the share of each.
 * WebAssembly functions show up by their export name (gemm4x8, attn_fwd, ...; V8 calls them wasm-function[i]).
 *   npx tsx scripts/bench/profile-step.ts [--steps 10] [--warmup 2] [--top 25] [--threads N] [--fma]
 * With --threads N the matmul's helper threads are not profiled (they are other isolates): the table is
 * the main thread's, where every other kernel runs.
 * Like every benchmark here it waits for a quiet machine and prints the load beside its figures.
 */
import { Session, type Profiler } from 'node:inspector';
import { CpuBackend } from '../../src/lib/train/cpu/backend';
import { ModAddTrainer } from '../../src/lib/train/trainer';
import { loadNote, requireQuiet } from './quiet';
import { fmaFromArgv, paperConfig } from './train-step';
import { startGemmThreads } from '../../src/lib/train/cpu/wasm/gemm-pool.node.ts';
import { base64Bytes } from '../../src/lib/train/cpu/wasm/gemm';
import { GEMM_WASM_BASE64 } from '../../src/lib/train/cpu/wasm/gemm-wasm';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

function post<T>(s: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => s.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))));
}

/**
 * wasm-function[i] -> its export name in gemm.wat's module: every function there is exported where it is
 * defined, so the defined functions come in export order after the imported ones.
 */
const WASM_NAMES: string[] = (() => {
  const m = new WebAssembly.Module(base64Bytes(GEMM_WASM_BASE64));
  const imported = WebAssembly.Module.imports(m).filter((i) => i.kind === 'function').map((i) => `${i.module}.${i.name}`);
  return [...imported, ...WebAssembly.Module.exports(m).filter((e) => e.kind === 'function').map((e) => e.name)];
})();

/** Self time (ms) per function, keyed "name (file:line)", from a sampled profile. */
export function selfTimes(profile: Profiler.Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i++) {
    const n = byId.get(samples[i]);
    if (!n) continue;
    const f = n.callFrame;
    const file = f.url.replace(/^.*\/(src|scripts|node_modules)\//, '$1/');
    const wasm = /^wasm-function\[(\d+)\]$/.exec(f.functionName);
    const name = wasm && WASM_NAMES[Number(wasm[1])] ? `${WASM_NAMES[Number(wasm[1])]} (WebAssembly)` : f.functionName || '(anonymous)';
    const key = wasm ? name : `${name}${file ? ` (${file}:${f.lineNumber + 1})` : ''}`;
    out.set(key, (out.get(key) ?? 0) + (timeDeltas[i + 1] ?? 0) / 1000);
  }
  return out;
}

async function main(): Promise<void> {
  const steps = arg('steps', 10);
  const warmup = arg('warmup', 2);
  const top = arg('top', 25);
  await requireQuiet({ strict: process.argv.includes('--strict') });
  const fma = fmaFromArgv();
  const stopThreads = startGemmThreads(arg('threads', 1));
  const t = ModAddTrainer.create(paperConfig, new CpuBackend());
  for (let i = 0; i < warmup; i++) await t.step();
  const s = new Session();
  s.connect();
  await post(s, 'Profiler.enable');
  await post(s, 'Profiler.setSamplingInterval', { interval: 100 });
  await post(s, 'Profiler.start');
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await t.step();
  const wall = (performance.now() - t0) / steps;
  const { profile } = await post<{ profile: Profiler.Profile }>(s, 'Profiler.stop');
  s.disconnect();
  t.dispose();
  stopThreads();
  const times = [...selfTimes(profile)].sort((a, b) => b[1] - a[1]);
  const total = times.reduce((a, [, ms]) => a + ms, 0);
  console.log(`# ${steps} steps${fma ? ', fused multiply-add kernel' : ''}, ${wall.toFixed(1)} ms per step (wall, under the profiler), ${loadNote()}`);
  console.log('| ms per step | share | function |\n| ---: | ---: | --- |');
  for (const [name, ms] of times.slice(0, top)) {
    console.log(`| ${(ms / steps).toFixed(1)} | ${((100 * ms) / total).toFixed(1)}% | ${name} |`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
