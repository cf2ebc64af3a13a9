// The CPU matmul on two threads (src/lib/train/cpu/wasm/gemm-threads.ts): over odd shapes (1, 3, 7, 113 and
// 3,831 rows), both transposes and the bias/ReLU epilogue, the product is bit for bit the one-thread product
// and agrees with a float64 reference; a training step of the paper model is bit-identical on 1 and 2 threads;
// a two-thread run killed after 2 steps and resumed from its saved state ends where an uninterrupted one does.
import { afterEach, describe, expect, it } from 'vitest';
import { gemmStats, gemmThreadCount } from '../../../src/lib/train/cpu/wasm/gemm';
import { startGemmThreads } from '../../../src/lib/train/cpu/wasm/gemm-pool.node.ts';
import { gemm } from '../../../src/lib/train/cpu/matmul';
import { CASES, caseName, paramsAfter, product, random, reference, sameBits, splits, worstError } from './gemm-cases';

const SALT = 'gemm-threads';

let stop: () => void = () => {};
afterEach(() => {
  stop();
  stop = () => {};
});

describe('the CPU matmul on two threads', () => {
  it.each(CASES.map((c) => [caseName(c), c] as const))(
    '%s: bit for bit the one-thread product, and the float64 reference within 1e-4 relative',
    (_, c) => {
      const one = product(c, SALT);
      stop = startGemmThreads(2);
      expect(gemmThreadCount()).toBe(2);
      const split = gemmStats.threaded;
      const two = product(c, SALT);
      expect(gemmStats.threaded - split).toBe(splits(c) ? 1 : 0);
      expect(sameBits(one, two)).toBe(true);
      expect(worstError(two, reference(c, SALT))).toBeLessThan(1e-4);
    },
    60_000,
  );
});

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
    const resumed = await paramsAfter(4, 2, { resumeAt: 2 });
    resumed.forEach((w, i) => expect(sameBits(w, straight[i]), `weight ${i}`).toBe(true));
  }, 120_000);
});

describe('the columns and rows the micro-kernel leaves (edge_cols, edge_block8)', () => {
  it.each([[3831, 13, 128], [64, 114, 3831], [40, 9, 17], [3831, 512, 128], [7, 24, 300]] as const)(
    '%i x %i x %i: every column past the last multiple of 8, every row past the last multiple of 4, is s = fround(s + a*b) over k in order, on 1 and 2 threads',
    (M, N, K) => {
      const A = random(M * K, 1, 'edge');
      const B = random(K * N, 2, 'edge');
      const run = () => {
        const C = new Float32Array(M * N);
        gemm({ M, N, K, A, offA: 0, lda: K, transA: false, B, offB: 0, ldb: N, transB: false, C, offC: 0, ldc: N, alpha: 1, bias: null, offBias: 0, act: null, accumulate: false });
        return C;
      };
      const one = run();
      stop = startGemmThreads(2);
      const two = run();
      expect(sameBits(one, two)).toBe(true);
      for (let i = 0; i < M; i++) {
        // rows past the last multiple of 4: every column; the others: the columns past the last multiple of 8
        for (let j = i >= (M & ~3) ? 0 : N & ~7; j < N; j++) {
          let s = 0;
          for (let k = 0; k < K; k++) s = Math.fround(s + A[i * K + k] * B[k * N + j]);
          if (!Object.is(one[i * N + j], s)) throw new Error(`C[${i}, ${j}] = ${one[i * N + j]}, want ${s}`);
        }
      }
    },
    60_000,
  );
});
