// The CPU matmul with fused multiply-add (src/lib/train/cpu/wasm/fma.ts: gemm.wat's micro-kernel with
// f32x4.relaxed_madd). Node 20 compiles it once fma.node.ts has set V8's flag; this machine's CPU fuses.
// Over odd shapes (1, 3, 7, 113 and 3,831 rows), both transposes and the bias/ReLU epilogue, the fused
// product agrees with a float64 reference, is not the plain kernel's (so the kernel really changed), and
// is bit for bit the same on 1 and 2 threads; paper-model training steps are bit-identical on 1 and 2
// threads and a killed + resumed two-thread run ends where an uninterrupted one does; the kernel cannot
// change under running threads.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gemm } from '../../../src/lib/train/cpu/matmul';
import { gemmKernelName, gemmStats, useGemmKernel } from '../../../src/lib/train/cpu/wasm/gemm';
import { startGemmThreads } from '../../../src/lib/train/cpu/wasm/gemm-pool.node.ts';
import { fusedMaddHere, relaxedSimdValidates, resolveGemmKernel } from '../../../src/lib/train/cpu/wasm/fma';
import { enableRelaxedSimd } from '../../../src/lib/train/cpu/wasm/fma.node.ts';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { ModAddTrainer } from '../../../src/lib/train/trainer';
import type { TrainConfig } from '../../../src/lib/train/run/config';
import { Rng } from '../../../src/lib/tasks/prng';

let stop: () => void = () => {};
afterEach(() => {
  stop();
  stop = () => {};
  useGemmKernel('simd128');
});

beforeAll(() => {
  expect(enableRelaxedSimd()).toBe(true);
});

describe('detecting fused multiply-add', () => {
  it('relaxed-simd validates once enabled, relaxed_madd fuses on this CPU, and the choices resolve', () => {
    expect(relaxedSimdValidates()).toBe(true);
    expect(fusedMaddHere()).toBe(true);
    expect(resolveGemmKernel('off')).toBe('simd128');
    expect(resolveGemmKernel('auto')).toBe('simd128-fma');
    expect(resolveGemmKernel('on')).toBe('simd128-fma');
    expect(gemmKernelName()).toBe('simd128');
    useGemmKernel('simd128-fma');
    expect(gemmKernelName()).toBe('simd128-fma');
  });

  it('the kernel cannot change while threads run with the other one', () => {
    stop = startGemmThreads(2);
    expect(() => useGemmKernel('simd128-fma')).toThrow(/choose the kernel before starting them/);
    expect(gemmKernelName()).toBe('simd128');
  });
});

function random(n: number, seed: number): Float32Array {
  const r = new Rng(seed, 'gemm-fma');
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
const worstError = (x: Float32Array, ref: Float64Array) => {
  let worst = 0;
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(x[i] - ref[i]) / (1 + Math.abs(ref[i])));
  return worst;
};

describe('the CPU matmul with fused multiply-add', () => {
  it.each(CASES.map((c) => [`${c.M}x${c.N}x${c.K}${c.transA ? ' A^T' : ''}${c.transB ? ' B^T' : ''}${c.bias ? ' +bias' : ''}${c.relu ? ' relu' : ''}`, c] as const))(
    '%s: float64 within 1e-4 relative, as close as the plain kernel, bit for bit the same on 1 and 2 threads',
    (_, c) => {
      const plain = product(c);
      useGemmKernel('simd128-fma');
      const one = product(c);
      stop = startGemmThreads(2);
      const split = gemmStats.threaded;
      const two = product(c);
      expect(gemmStats.threaded - split).toBe(c.M >= 8 && c.N >= 8 && (c.M & ~3) * (c.N & ~7) * c.K >= 1 << 20 ? 1 : 0);
      expect(sameBits(one, two)).toBe(true);
      const ref = reference(c);
      const fused = worstError(two, ref);
      expect(fused).toBeLessThan(1e-4);
      // One rounding per multiply-add instead of two: no worse than the plain kernel, give or take an ulp.
      expect(fused).toBeLessThan(worstError(plain, ref) + 1e-6);
      // Where the SIMD micro-kernel did real work (4+ rows, 8+ columns, thousands of multiply-adds) the fused
      // kernel changed some bits; the ragged edges are TypeScript and the same either way (a 4x8x7 block
      // can round the same by chance).
      if ((c.M & ~3) * (c.N & ~7) * c.K >= 4096) expect(sameBits(plain, one)).toBe(false);
    },
    60_000,
  );
});

const paper: TrainConfig = {
  task: 'modadd', p: 113, trainFrac: 0.3, seed: 0,
  model: { d_model: 128, n_heads: 4, d_head: 32, d_mlp: 512, n_ctx: 3 },
  optim: { lr: 1e-3, weightDecay: 1, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 10 },
};

async function paramsAfter(steps: number, threads: number, kernel: 'simd128' | 'simd128-fma', resumeAt?: number): Promise<Float32Array[]> {
  useGemmKernel(kernel);
  stop = startGemmThreads(threads);
  let t = ModAddTrainer.create(paper, new CpuBackend());
  for (let i = 0; i < steps; i++) {
    if (i === resumeAt) {
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

describe('training with fused multiply-add', () => {
  it('3 AdamW steps of the paper model: bit for bit the same on 1 and 2 threads, and not the plain kernel\'s weights', async () => {
    const one = await paramsAfter(3, 1, 'simd128-fma');
    const split = gemmStats.threaded;
    const two = await paramsAfter(3, 2, 'simd128-fma');
    expect(gemmStats.threaded - split).toBeGreaterThan(3 * 10);
    two.forEach((w, i) => expect(sameBits(w, one[i]), `weight ${i}`).toBe(true));
    const plain = await paramsAfter(3, 1, 'simd128');
    expect(plain.some((w, i) => !sameBits(w, one[i]))).toBe(true);
    // Different rounding, the same training: every weight within 1e-3 of the plain kernel's.
    plain.forEach((w, i) => w.forEach((v, j) => expect(Math.abs(v - one[i][j])).toBeLessThan(1e-3)));
  }, 120_000);

  it('a two-thread run killed after 2 steps and resumed ends bit for bit where an uninterrupted one does', async () => {
    const straight = await paramsAfter(4, 2, 'simd128-fma');
    const resumed = await paramsAfter(4, 2, 'simd128-fma', 2);
    resumed.forEach((w, i) => expect(sameBits(w, straight[i]), `weight ${i}`).toBe(true));
  }, 120_000);
});
