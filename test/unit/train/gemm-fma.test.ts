// The CPU matmul with fused multiply-add (src/lib/train/cpu/wasm/fma.ts: gemm.wat's micro-kernel with
// f32x4.relaxed_madd). Node 20 compiles it once fma.node.ts has set V8's flag; this machine's CPU fuses.
// Over odd shapes (1, 3, 7, 113 and 3,831 rows), both transposes and the bias/ReLU epilogue, the fused
// product agrees with a float64 reference, is not the plain kernel's (so the kernel really changed), and
// is bit for bit the same on 1 and 2 threads; paper-model training steps are bit-identical on 1 and 2
// threads and a killed + resumed two-thread run ends where an uninterrupted one does; the kernel cannot
// change under running threads.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gemmKernelName, gemmStats, useGemmKernel } from '../../../src/lib/train/cpu/wasm/gemm';
import { startGemmThreads } from '../../../src/lib/train/cpu/wasm/gemm-pool.node.ts';
import { fusedMaddHere, relaxedSimdValidates, resolveGemmKernel } from '../../../src/lib/train/cpu/wasm/fma';
import { enableRelaxedSimd } from '../../../src/lib/train/cpu/wasm/fma.node.ts';
import { CASES, caseName, paramsAfter, product, reference, sameBits, splits, worstError } from './gemm-cases';

const SALT = 'gemm-fma';

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

describe('the CPU matmul with fused multiply-add', () => {
  it.each(CASES.map((c) => [caseName(c), c] as const))(
    '%s: float64 within 1e-4 relative, as close as the plain kernel, bit for bit the same on 1 and 2 threads',
    (_, c) => {
      const plain = product(c, SALT);
      useGemmKernel('simd128-fma');
      const one = product(c, SALT);
      stop = startGemmThreads(2);
      const split = gemmStats.threaded;
      const two = product(c, SALT);
      expect(gemmStats.threaded - split).toBe(splits(c) ? 1 : 0);
      expect(sameBits(one, two)).toBe(true);
      const ref = reference(c, SALT);
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

describe('training with fused multiply-add', () => {
  it('3 AdamW steps of the paper model: bit for bit the same on 1 and 2 threads, and not the plain kernel\'s weights', async () => {
    const one = await paramsAfter(3, 1, { kernel: 'simd128-fma' });
    const split = gemmStats.threaded;
    const two = await paramsAfter(3, 2, { kernel: 'simd128-fma' });
    expect(gemmStats.threaded - split).toBeGreaterThan(3 * 10);
    two.forEach((w, i) => expect(sameBits(w, one[i]), `weight ${i}`).toBe(true));
    const plain = await paramsAfter(3, 1, { kernel: 'simd128' });
    expect(plain.some((w, i) => !sameBits(w, one[i]))).toBe(true);
    // Different rounding, the same training: every weight within 1e-3 of the plain kernel's.
    plain.forEach((w, i) => w.forEach((v, j) => expect(Math.abs(v - one[i][j])).toBeLessThan(1e-3)));
  }, 120_000);

  it('a two-thread run killed after 2 steps and resumed ends bit for bit where an uninterrupted one does', async () => {
    const straight = await paramsAfter(4, 2, { kernel: 'simd128-fma' });
    const resumed = await paramsAfter(4, 2, { kernel: 'simd128-fma', resumeAt: 2 });
    resumed.forEach((w, i) => expect(sameBits(w, straight[i]), `weight ${i}`).toBe(true));
  }, 120_000);
});
