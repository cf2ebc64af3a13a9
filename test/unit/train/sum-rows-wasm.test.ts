// The bias gradient's column sums in WebAssembly SIMD (src/lib/train/cpu/wasm/sum-rows.ts, gemm.wat's
// sum_rows_f64): over odd shapes (1, 3, 7, 113 and 3,831 rows; 512, 128, 7, 5 and 1 columns) the doubles
// are exactly the TypeScript loop's (sumRows before the kernel), which are the float64 reference (the
// values are float32, the sums double); float64 arrays are declined; the CPU backend's sumRows gives the
// same bits with the kernel on and off, storing and accumulating.
import { afterEach, describe, expect, it } from 'vitest';
import { wasmColumnSums } from '../../../src/lib/train/cpu/wasm/sum-rows';
import { gemmOptions } from '../../../src/lib/train/cpu/matmul';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { Rng } from '../../../src/lib/tasks/prng';

afterEach(() => {
  gemmOptions.wasm = true;
});

function random(n: number, seed: number): Float32Array {
  const r = new Rng(seed, 'sum-rows');
  return Float32Array.from({ length: n }, () => (r.next() * 2 - 1) * 10 ** Math.floor(r.next() * 6 - 3));
}

const CASES: [number, number][] = [];
for (const rows of [1, 3, 7, 113, 3831]) for (const cols of [512, 128, 7, 5, 1]) CASES.push([rows, cols]);

describe('column sums in WebAssembly SIMD', () => {
  it.each(CASES)('%i rows x %i columns: the TypeScript loop\'s doubles exactly', (rows, cols) => {
    const xo = 3;
    const X = random(xo + rows * cols + 2, 1);
    const ts = new Float64Array(cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) ts[c] += X[xo + r * cols + c];
    const wasm = wasmColumnSums(X, xo, rows, cols);
    expect(wasm).not.toBeNull();
    expect(Array.from(wasm!)).toEqual(Array.from(ts));
  });

  it('declines float64 arrays', () => {
    expect(wasmColumnSums(Float64Array.from(random(12, 1)) as unknown as Float32Array, 0, 3, 4)).toBeNull();
  });

  it.each([false, true])('CpuBackend.sumRows (accumulate %s): the same bits with the kernel on and off (3,831 x 512)', (accumulate) => {
    const rows = 3831, cols = 512;
    const run = (wasm: boolean): Float32Array => {
      gemmOptions.wasm = wasm;
      const be = new CpuBackend();
      const x = be.alloc(rows * cols, 'f32', 'x');
      const out = be.alloc(cols, 'f32', 'out');
      be.write(x, random(rows * cols, 2));
      be.write(out, random(cols, 3));
      be.sumRows(out, x, rows, cols, accumulate);
      return (out as unknown as { data: Float32Array }).data.slice();
    };
    const on = run(true);
    const off = run(false);
    expect(on.every((v, i) => Object.is(v, off[i]))).toBe(true);
  });
});
