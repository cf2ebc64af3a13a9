/**
 * Benchmark (not a test): time of one full-batch AdamW training step of the paper model
 * (p = 113, d_model 128, 4 heads x 32, d_mlp 512, 30% of pairs = 3,831 examples, final position only)
 * on the CPU twin. Usage:
 *   nice -n 10 npx tsx scripts/bench/train-step.ts [--steps N] [--warmup N]
 * Prints one JSON line per backend: { backend, examples, steps, msPerStep (median wall), minMs,
 * cpuMsPerStep (process CPU time per step), lastLoss }. The CPU twin's matmul runs the WebAssembly
 * SIMD kernel (src/lib/train/cpu/wasm/gemm.wat); pass --scalar to time the plain TypeScript path, and
 * --threads N to split its products across N threads (worker_threads; bit-identical results), and
 * --fma for its fused multiply-add micro-kernel (relaxed-simd; src/lib/train/cpu/wasm/fma.ts).
 *
 * WebGPU (Dawn over a software Vulkan driver; one driver per process, chosen by VK_ICD_FILENAMES):
 *   scripts/with-vulkan.sh npx tsx scripts/bench/train-step.ts --backend webgpu            # lavapipe
 *   VULKAN_DRIVER=swiftshader scripts/with-vulkan.sh npx tsx scripts/bench/train-step.ts --backend webgpu
 * Everything in one run (CPU twin on 1 and 2 threads, without and with FMA, WebGPU lavapipe, WebGPU SwiftShader,
 * PyTorch 1 and 2 threads):
 *   npx tsx scripts/bench/train-step.ts --all [--steps N]
 * The fastest twin against PyTorch's best, interleaved (see rounds() below):
 *   npx tsx scripts/bench/train-step.ts --rounds 8 --steps 10
 * It first waits up to 2 minutes for the 1-minute load average to fall below 1.5, then warns that its
 * figures are not quiet-machine results if it has not (--strict: refuses, exit 2); --all also waits for
 * the load to settle below 1.0 before each run. Each line carries the load average at its end, which
 * includes the run's own threads.
 */
import { spawnSync } from 'node:child_process';
import { loadNote, requireQuiet, waitForQuiet } from './quiet';
import { CpuBackend } from '../../src/lib/train/cpu/backend';
import { gemmOptions } from '../../src/lib/train/cpu/matmul';
import { startGemmThreads } from '../../src/lib/train/cpu/wasm/gemm-pool.node.ts';
import type { Backend } from '../../src/lib/train/backend';
import { ModAddTrainer } from '../../src/lib/train/trainer';
import type { TrainConfig } from '../../src/lib/train/run/config';
import { useGemmKernel } from '../../src/lib/train/cpu/wasm/gemm';
import { resolveGemmKernel } from '../../src/lib/train/cpu/wasm/fma';
import { enableRelaxedSimd } from '../../src/lib/train/cpu/wasm/fma.node.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

export const paperConfig: TrainConfig = {
  task: 'modadd', p: 113, trainFrac: 0.3, seed: 0,
  model: { d_model: 128, n_heads: 4, d_head: 32, d_mlp: 512, n_ctx: 3 },
  optim: { lr: 1e-3, weightDecay: 1, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 10 },
};

/** With --fma on the command line: the CPU twin's fused multiply-add kernel (an error where there is none). Returns a label suffix. */
export function fmaFromArgv(): string {
  if (!process.argv.includes('--fma')) return '';
  enableRelaxedSimd();
  useGemmKernel(resolveGemmKernel('on'));
  return ' fma';
}

export async function benchBackend(name: string, be: Backend, steps: number, warmup: number): Promise<Record<string, unknown>> {
  const t = ModAddTrainer.create(paperConfig, be);
  for (let i = 0; i < warmup; i++) await t.step();
  const times: number[] = [];
  let loss = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    loss = await t.step();
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  t.dispose();
  return {
    backend: name, examples: t.split.train.length, steps, msPerStep: +times[times.length >> 1].toFixed(1),
    minMs: +times[0].toFixed(1),
    // CPU time of this process per step: on a shared machine, closer to what an idle one would show.
    cpuMsPerStep: +((cpu.user + cpu.system) / 1000 / steps).toFixed(1),
    lastLoss: +loss.toFixed(4),
  };
}

/**
 * Run every backend and the PyTorch peer, one after the other, each in its own process. A run on two
 * threads (or SwiftShader's) raises the 1-minute load average by itself, so before each run this waits
 * (up to 2 minutes) for it to fall below 1.0 again: the load printed before a run is the machine's, not
 * the previous run's.
 */
async function all(steps: number, warmup: number): Promise<void> {
  const run = async (label: string, cmd: string, args: string[], env: Record<string, string> = {}) => {
    const settled = await waitForQuiet(1.0, 120);
    console.log(`# ${label}: ${settled}`);
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
    if (r.status !== 0) console.log(JSON.stringify({ backend: label, error: `exit ${r.status}` }));
  };
  const self = ['tsx', 'scripts/bench/train-step.ts', '--child', '--steps', String(steps), '--warmup', String(warmup)];
  await run('cpu', 'npx', self);
  await run('cpu 2 threads', 'npx', [...self, '--threads', '2']);
  await run('cpu fma', 'npx', [...self, '--fma']);
  await run('cpu fma 2 threads', 'npx', [...self, '--fma', '--threads', '2']);
  await run('webgpu lavapipe', 'scripts/with-vulkan.sh', ['npx', ...self, '--backend', 'webgpu']);
  await run('webgpu swiftshader', 'scripts/with-vulkan.sh', ['npx', ...self, '--backend', 'webgpu'], { VULKAN_DRIVER: 'swiftshader' });
  for (const threads of ['1', '2']) {
    await run(`torch ${threads} thread(s)`, '/usr/bin/python3',
      ['scripts/peer/torch_modadd.py', 'time', '--p', '113', '--frac', '0.3', '--steps', String(Math.max(steps, 5)), '--threads', threads]);
  }
  console.log(`# done (${loadNote()})`);
}

/** The median of some numbers. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * `--rounds N`: the fastest twin (2 threads, fused multiply-add where the runtime has it) and PyTorch on
 * one thread, alternately, N times back to back, each in its own process: one JSON line per round (median
 * and min ms per step of each, the load before the round), then the ratios three ways (median of the
 * rounds, best median against best median, fastest step against fastest step). Both sides have slow
 * windows on a shared VM; rounds put them in the same windows.
 */
async function rounds(n: number, steps: number, warmup: number): Promise<void> {
  const settled = await waitForQuiet(1.0, 120);
  console.log(`# ${n} rounds: ${settled}`);
  const twin: { median: number; min: number }[] = [];
  const torch: { median: number; min: number }[] = [];
  for (let r = 1; r <= n; r++) {
    const load = loadNote();
    const t = spawnSync('npx', ['tsx', 'scripts/bench/train-step.ts', '--child', '--steps', String(steps), '--warmup', String(warmup), '--threads', '2', '--fma'], { encoding: 'utf8' });
    const line = t.stdout.split('\n').find((l) => l.startsWith('{'));
    if (t.status !== 0 || !line) throw new Error(`the twin's run failed (exit ${t.status}): ${t.stderr.slice(-400)}`);
    const j = JSON.parse(line) as { msPerStep: number; minMs: number };
    twin.push({ median: j.msPerStep, min: j.minMs });
    const p = spawnSync('/usr/bin/python3', ['scripts/peer/torch_modadd.py', 'time', '--p', '113', '--frac', '0.3', '--steps', String(Math.max(steps, 5)), '--threads', '1'], { encoding: 'utf8' });
    const m = /median of \d+\): ([\d.]+)\s+min ([\d.]+)/.exec(p.stdout);
    if (p.status !== 0 || !m) throw new Error(`PyTorch's run failed (exit ${p.status}): ${(p.stderr || p.stdout).slice(-400)}`);
    torch.push({ median: +(1000 * Number(m[1])).toFixed(1), min: +(1000 * Number(m[2])).toFixed(1) });
    console.log(JSON.stringify({ round: r, load, twin: twin[r - 1], torch: torch[r - 1] }));
  }
  const ratio = (a: number, b: number) => +(a / b).toFixed(2);
  const med = [median(twin.map((x) => x.median)), median(torch.map((x) => x.median))];
  const best = [Math.min(...twin.map((x) => x.median)), Math.min(...torch.map((x) => x.median))];
  const fastest = [Math.min(...twin.map((x) => x.min)), Math.min(...torch.map((x) => x.min))];
  console.log(JSON.stringify({
    twinOverTorch: { medianOfRounds: ratio(med[0], med[1]), bestMedian: ratio(best[0], best[1]), fastestStep: ratio(fastest[0], fastest[1]) },
    medianOfRounds: med, bestMedian: best, fastestStep: fastest, load: loadNote(),
  }));
}

async function main(): Promise<void> {
  const steps = arg('steps', 5);
  const warmup = arg('warmup', 2);
  if (!process.argv.includes('--child')) await requireQuiet({ strict: process.argv.includes('--strict') });
  if (process.argv.includes('--all')) return await all(steps, warmup);
  if (process.argv.includes('--rounds')) return await rounds(arg('rounds', 8), steps, warmup);
  if (process.argv.includes('--scalar')) gemmOptions.wasm = false;
  const i = process.argv.indexOf('--backend');
  if (i >= 0 && process.argv[i + 1] === 'webgpu') {
    const { createNodeWebGPUBackend } = await import('../../src/lib/train/webgpu/backend.node.ts');
    const be = await createNodeWebGPUBackend();
    const r = await benchBackend(be.name, be, steps, warmup);
    console.log(JSON.stringify({ ...r, dispatchesPerStep: Math.round(be.stats.dispatches / (steps + warmup)), staged: be.stats.staged, load: loadNote() }));
    return;
  }
  const threads = arg('threads', 1);
  const fma = fmaFromArgv();
  const stop = startGemmThreads(threads);
  const name = `cpu${fma}${threads > 1 ? ` ${threads} threads` : ''}`;
  console.log(JSON.stringify({ ...(await benchBackend(name, new CpuBackend(), steps, warmup)), load: loadNote() }));
  stop();
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
