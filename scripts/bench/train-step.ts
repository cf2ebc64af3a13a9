/**
 * Benchmark (not a test): time of one full-batch AdamW training step of the paper model
 * (p = 113, d_model 128, 4 heads x 32, d_mlp 512, 30% of pairs = 3,831 examples, final position only)
 * on the CPU twin. Usage:
 *   nice -n 10 npx tsx scripts/bench/train-step.ts [--steps N] [--warmup N]
 * Prints one JSON line per backend: { backend, examples, steps, msPerStep (median wall), minMs,
 * cpuMsPerStep (process CPU time per step), lastLoss }. The CPU twin's matmul runs the WebAssembly
 * SIMD kernel (src/lib/train/cpu/wasm/gemm.wat); pass --scalar to time the plain TypeScript path.
 */
import { CpuBackend } from '../../src/lib/train/cpu/backend';
import { gemmOptions } from '../../src/lib/train/cpu/matmul';
import type { Backend } from '../../src/lib/train/backend';
import { ModAddTrainer } from '../../src/lib/train/trainer';
import type { TrainConfig } from '../../src/lib/train/types';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

export const paperConfig: TrainConfig = {
  task: 'modadd', p: 113, trainFrac: 0.3, seed: 0,
  model: { d_model: 128, n_heads: 4, d_head: 32, d_mlp: 512, n_ctx: 3 },
  optim: { lr: 1e-3, weightDecay: 1, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 10 },
};

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

async function main(): Promise<void> {
  const steps = arg('steps', 5);
  const warmup = arg('warmup', 2);
  if (process.argv.includes('--scalar')) gemmOptions.wasm = false;
  console.log(JSON.stringify(await benchBackend('cpu', new CpuBackend(), steps, warmup)));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
