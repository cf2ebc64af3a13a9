// The CPU matmul on two threads (src/lib/train/cpu/wasm/gemm-threads.ts): over odd shapes (1, 3, 7, 113 and
// 3,831 rows), both transposes and the bias/ReLU epilogue, the product is bit for bit the one-thread product
// and agrees with a float64 reference; a training step of the paper model is bit-identical on 1 and 2 threads;
// a two-thread run killed after 2 steps and resumed from its saved state ends where an uninterrupted one does.
import { afterEach, describe, expect, it } from 'vitest';
import { gemm } from '../../../src/lib/train/cpu/matmul';
import { gemmStats, gemmThreadCount } from '../../../src/lib/train/cpu/wasm/gemm';
import { startGemmThreads } from '../../../src/lib/train/cpu/wasm/gemm-pool.node.ts';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { ModAddTrainer } from '../../../src/lib/train/trainer';
import type { TrainConfig } from '../../../src/lib/train/run/config';
import { Rng } from '../../../src/lib/tasks/prng';

let stop: () => void = () => {};
afterEach(() => {
  stop();
  stop = () => {};
});

function random(n: number, seed: number): Float32Array {
  const r = new Rng(seed, 'gemm-threads');
  return Float32Array.from({ length: n }, () => r.next() * 2 - 1);
}

interface Case { M: number; N: number; K: number; transA: boolean; transB: boolean; bias: boolean; relu: boolean }
const CASES: Case[] = [];
for (const M of [1, 3, 7, 113, 3831]) {
  for (const [N, K] of [[512, 128], [113, 300], [8, 7]] as const) {
    CASES.push({ M, N, K, transA: false, transB: false, bias: false, relu: false });
    CASES.push({ M, N, K, transA: M % 2 === 1, transB: true, bias: true, relu: true });
  }
}
// Weight gradients: a transposed A with the batch as K.
CASES.push({ M: 128, N: 512, K: 3831, transA: true, transB: false, bias: false, relu: false });

function product(c: Case): Float32Array {
  const A = random(c.M * c.K, 1);
  const B = random(c.K * c.N, 2);
  const bias = c.bias ? random(c.N, 3) : null;
  const C = new Float32Array(c.M * c.N);
  gemm({
    M: c.M, N: c.N, K: c.K, A, offA: 0, lda: c.transA ? c.M : c.K, transA: c.transA, B, offB: 0, ldb: c.transB ? c.K : c.N,
    transB: c.transB, C, offC: 0, ldc: c.N, alpha: 1, bias, offBias: 0, act: c.relu ? 'relu' : null, accumulate: false,
  });
  return C;
}

function reference(c: Case): Float64Array {
  const A = random(c.M * c.K, 1);
  const B = random(c.K * c.N, 2);
  const bias = c.bias ? random(c.N, 3) : null;
  const out = new Float64Array(c.M * c.N);
  for (let i = 0; i < c.M; i++) {
    for (let j = 0; j < c.N; j++) {
      let s = 0;
      for (let k = 0; k < c.K; k++) s += A[c.transA ? k * c.M + i : i * c.K + k] * B[c.transB ? j * c.K + k : k * c.N + j];
      if (bias) s += bias[j];
      out[i * c.N + j] = c.relu ? Math.max(s, 0) : s;
    }
  }
  return out;
}

const sameBits = (x: Float32Array, y: Float32Array) => x.length === y.length && x.every((v, i) => Object.is(v, y[i]));

describe('the CPU matmul on two threads', () => {
  it.each(CASES.map((c) => [`${c.M}x${c.N}x${c.K}${c.transA ? ' A^T' : ''}${c.transB ? ' B^T' : ''}${c.bias ? ' +bias' : ''}${c.relu ? ' relu' : ''}`, c] as const))(
    '%s: bit for bit the one-thread product, and the float64 reference within 1e-4 relative',
    (_, c) => {
      const one = product(c);
      stop = startGemmThreads(2);
      expect(gemmThreadCount()).toBe(2);
      const split = gemmStats.threaded;
      const two = product(c);
      // Products of at least 8 rows and 2^20 multiply-adds are split; smaller ones stay on one thread.
      expect(gemmStats.threaded - split).toBe(c.M >= 8 && c.N >= 8 && (c.M & ~3) * (c.N & ~7) * c.K >= 1 << 20 ? 1 : 0);
      expect(sameBits(one, two)).toBe(true);
      const ref = reference(c);
      let worst = 0;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(two[i] - ref[i]) / (1 + Math.abs(ref[i])));
      expect(worst).toBeLessThan(1e-4);
    },
    60_000,
  );
});

// The paper model (p = 113, 3,831 training examples): its products are big enough to be split.
const paper: TrainConfig = {
  task: 'modadd', p: 113, trainFrac: 0.3, seed: 0,
  model: { d_model: 128, n_heads: 4, d_head: 32, d_mlp: 512, n_ctx: 3 },
  optim: { lr: 1e-3, weightDecay: 1, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 10 },
};

async function paramsAfter(steps: number, threads: number, resumeAt?: number): Promise<Float32Array[]> {
  stop = startGemmThreads(threads);
  let t = ModAddTrainer.create(paper, new CpuBackend());
  for (let i = 0; i < steps; i++) {
    if (i === resumeAt) {
      // Killed here: everything in memory is lost but the saved state.
      const state = await t.saveState();
      t.dispose();
      stop();
      stop = startGemmThreads(threads);
      t = ModAddTrainer.fromState(state, new CpuBackend());
    }
    await t.step();
  }
  const w = await t.weights();
  t.dispose();
  stop();
  stop = () => {};
  return Object.values(w).map((x) => x.data);
}

describe('training on two threads', () => {
  it('3 AdamW steps of the paper model: every weight bit for bit the same on 1 and 2 threads', async () => {
    const one = await paramsAfter(3, 1);
    const split = gemmStats.threaded;
    const two = await paramsAfter(3, 2);
    expect(gemmStats.threaded - split).toBeGreaterThan(3 * 10); // most of each step's products ran split
    expect(two.length).toBe(one.length);
    two.forEach((w, i) => expect(sameBits(w, one[i]), `weight ${i}`).toBe(true));
  }, 120_000);

  it('a two-thread run killed after 2 steps and resumed ends bit for bit where an uninterrupted one does', async () => {
    const straight = await paramsAfter(4, 2);
    const resumed = await paramsAfter(4, 2, 2);
    resumed.forEach((w, i) => expect(sameBits(w, straight[i]), `weight ${i}`).toBe(true));
  }, 120_000);
});
