// Shared by the matmul tests (gemm-threads.test.ts, gemm-fma.test.ts): odd shapes with both transposes and
// the bias/ReLU epilogue, their product through gemm and a float64 reference, and a few steps of the paper
// model on a chosen number of threads and kernel (optionally killed and resumed from its saved state).
import { gemm } from '../../../src/lib/train/cpu/matmul';
import { useGemmKernel } from '../../../src/lib/train/cpu/wasm/gemm';
import { startGemmThreads } from '../../../src/lib/train/cpu/wasm/gemm-pool.node.ts';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { ModAddTrainer } from '../../../src/lib/train/trainer';
import type { TrainConfig } from '../../../src/lib/train/run/config';
import { Rng } from '../../../src/lib/tasks/prng';

/** Uniform in [-1, 1); `salt` names the stream (each test file keeps its own, so its data stay what they were). */
export function random(n: number, seed: number, salt: string): Float32Array {
  const r = new Rng(seed, salt);
  return Float32Array.from({ length: n }, () => r.next() * 2 - 1);
}

export interface Case { M: number; N: number; K: number; transA: boolean; transB: boolean; bias: boolean; relu: boolean }
export const CASES: Case[] = [];
for (const M of [1, 3, 7, 113, 3831]) {
  for (const [N, K] of [[512, 128], [113, 300], [8, 7], [5, 9]] as const) {
    CASES.push({ M, N, K, transA: false, transB: false, bias: false, relu: false });
    CASES.push({ M, N, K, transA: M % 2 === 1, transB: true, bias: true, relu: true });
  }
}
// Weight gradients: a transposed A with the batch as K.
CASES.push({ M: 128, N: 512, K: 3831, transA: true, transB: false, bias: false, relu: false });

export const caseName = (c: Case) => `${c.M}x${c.N}x${c.K}${c.transA ? ' A^T' : ''}${c.transB ? ' B^T' : ''}${c.bias ? ' +bias' : ''}${c.relu ? ' relu' : ''}`;

/** Products of at least 8 rows and 2^20 multiply-adds are split across threads; smaller ones stay on one. */
export const splits = (c: Case) => c.M >= 8 && c.N >= 8 && (c.M & ~3) * (c.N & ~7) * c.K >= 1 << 20;

export function product(c: Case, salt: string): Float32Array {
  const A = random(c.M * c.K, 1, salt);
  const B = random(c.K * c.N, 2, salt);
  const bias = c.bias ? random(c.N, 3, salt) : null;
  const C = new Float32Array(c.M * c.N);
  gemm({
    M: c.M, N: c.N, K: c.K, A, offA: 0, lda: c.transA ? c.M : c.K, transA: c.transA, B, offB: 0, ldb: c.transB ? c.K : c.N,
    transB: c.transB, C, offC: 0, ldc: c.N, alpha: 1, bias, offBias: 0, act: c.relu ? 'relu' : null, accumulate: false,
  });
  return C;
}

export function reference(c: Case, salt: string): Float64Array {
  const A = random(c.M * c.K, 1, salt);
  const B = random(c.K * c.N, 2, salt);
  const bias = c.bias ? random(c.N, 3, salt) : null;
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

export const sameBits = (x: Float32Array, y: Float32Array) => x.length === y.length && x.every((v, i) => Object.is(v, y[i]));

/** Largest error against the reference, relative to 1 + |reference|. */
export function worstError(x: Float32Array, ref: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(x[i] - ref[i]) / (1 + Math.abs(ref[i])));
  return worst;
}

/** The paper model (p = 113, 3,831 training examples): its products are big enough to be split. */
export const PAPER: TrainConfig = {
  task: 'modadd', p: 113, trainFrac: 0.3, seed: 0,
  model: { d_model: 128, n_heads: 4, d_head: 32, d_mlp: 512, n_ctx: 3 },
  optim: { lr: 1e-3, weightDecay: 1, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 10 },
};

/**
 * The paper model's weights after `steps` AdamW steps on `threads` threads with `kernel` (default: the one
 * in use). With `resumeAt`, the run is "killed" before that step: everything in memory is lost but the
 * saved state, from which a fresh trainer (and fresh threads) go on.
 */
export async function paramsAfter(steps: number, threads: number, opts: { kernel?: 'simd128' | 'simd128-fma'; resumeAt?: number } = {}): Promise<Float32Array[]> {
  if (opts.kernel) useGemmKernel(opts.kernel);
  let stop = startGemmThreads(threads);
  try {
    let t = ModAddTrainer.create(PAPER, new CpuBackend());
    for (let i = 0; i < steps; i++) {
      if (i === opts.resumeAt) {
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
    return Object.values(w).map((x) => x.data);
  } finally {
    stop();
  }
}
