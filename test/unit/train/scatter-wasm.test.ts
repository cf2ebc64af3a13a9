// The embedding-table gradient in WebAssembly SIMD (src/lib/train/cpu/wasm/scatter.ts, gemm.wat's
// scatter_add_rows): over odd shapes (1, 3, 7, 113 and 3,831 rows; 384, 128, 7 and 5 columns; tables of
// 339, 113 and 1 rows, so indices repeat), bit for bit the TypeScript loop it replaces and within float32
// rounding of a float64 reference; it declines (doing nothing) for an index outside the table and for
// float64 arrays; the CPU backend's scatterAddRows gives the same bits with the kernel on and off; on two
// threads (the table's rows split between them, arena.ts's in-place operands) the same bits again.
import { afterEach, describe, expect, it } from 'vitest';
import { wasmScatterAddRows } from '../../../src/lib/train/cpu/wasm/scatter';
import { gemmOptions } from '../../../src/lib/train/cpu/matmul';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { Rng } from '../../../src/lib/tasks/prng';
import { startGemmThreads } from '../../../src/lib/train/cpu/wasm/gemm-pool.node.ts';
import { gemmThreadsNow } from '../../../src/lib/train/cpu/wasm/gemm';
import { arenaNow } from '../../../src/lib/train/cpu/wasm/arena';

let stop: () => void = () => {};
afterEach(() => {
  gemmOptions.wasm = true;
  stop();
  stop = () => {};
});

function random(n: number, seed: number): Float32Array {
  const r = new Rng(seed, 'scatter');
  return Float32Array.from({ length: n }, () => (r.next() * 2 - 1) * 10 ** Math.floor(r.next() * 6 - 3));
}
function indices(n: number, rows: number, seed: number): Int32Array {
  const r = new Rng(seed, 'scatter-idx');
  return Int32Array.from({ length: n }, () => Math.floor(r.next() * rows));
}
/** The TypeScript loop (CpuBackend.scatterAddRows before the kernel). */
function loop(T: Float32Array, to: number, D: Float32Array, dd: number, I: Int32Array, io: number, n: number, cols: number): void {
  for (let i = 0; i < n; i++) {
    const t = to + I[io + i] * cols;
    const s = dd + i * cols;
    for (let c = 0; c < cols; c++) T[t + c] += D[s + c];
  }
}
const sameBits = (x: Float32Array, y: Float32Array) => x.length === y.length && x.every((v, i) => Object.is(v, y[i]));

/** A case's table, rows and index at offsets inside bigger arrays (as the engine's arena views are), and the TypeScript loop's result. */
function caseData(n: number, cols: number, rows: number) {
  const to = 3, dd = 5, io = 2;
  const T0 = random(to + rows * cols + 4, 1);
  const D = random(dd + n * cols, 2);
  const I = new Int32Array(io + n);
  I.set(indices(n, rows, 3), io);
  const ts = T0.slice();
  loop(ts, to, D, dd, I, io, n, cols);
  return { to, dd, io, T0, D, I, ts };
}

const CASES: [number, number, number][] = [];
for (const n of [1, 3, 7, 113, 3831]) for (const cols of [384, 128, 7, 5]) for (const rows of [339, 113, 1]) CASES.push([n, cols, rows]);

describe('scatter-add of rows in WebAssembly SIMD', () => {
  it.each(CASES)('%i rows x %i columns into a table of %i rows: the TypeScript loop bit for bit, float64 within rounding', (n, cols, rows) => {
    const { to, dd, io, T0, D, I, ts } = caseData(n, cols, rows);
    const wasm = T0.slice();
    expect(wasmScatterAddRows(wasm, to, D, dd, I, io, n, cols)).toBe(true);
    expect(sameBits(wasm, ts)).toBe(true);
    // float64: each table element is its start plus its rows in order; float32 rounding after every add.
    const ref = Float64Array.from(T0);
    for (let i = 0; i < n; i++) for (let c = 0; c < cols; c++) ref[to + I[io + i] * cols + c] += D[dd + i * cols + c];
    let worst = 0;
    let scale = 0;
    for (let j = 0; j < ref.length; j++) {
      worst = Math.max(worst, Math.abs(wasm[j] - ref[j]));
      scale = Math.max(scale, Math.abs(ref[j]));
    }
    expect(worst).toBeLessThanOrEqual(scale * 2 ** -23 * Math.max(1, n / rows) * 4);
  });

  it('declines an index outside the table, and float64 arrays, touching nothing', () => {
    const T = random(10 * 8, 1);
    const before = T.slice();
    const D = random(4 * 8, 2);
    expect(wasmScatterAddRows(T, 0, D, 0, Int32Array.from([0, 3, 10, 1]), 0, 4, 8)).toBe(false);
    expect(wasmScatterAddRows(T, 0, D, 0, Int32Array.from([0, -1, 2, 1]), 0, 4, 8)).toBe(false);
    expect(sameBits(T, before)).toBe(true);
    const T64 = Float64Array.from(before) as unknown as Float32Array;
    expect(wasmScatterAddRows(T64, 0, D, 0, Int32Array.from([0, 1, 2, 3]), 0, 4, 8)).toBe(false);
  });

  it('CpuBackend.scatterAddRows: the same bits with the WebAssembly kernel on and off (11,493 x 384 into 339 rows)', () => {
    const n = 3 * 3831, cols = 384, rows = 339;
    const run = (wasm: boolean): Float32Array => {
      gemmOptions.wasm = wasm;
      const be = new CpuBackend();
      const table = be.alloc(rows * cols, 'f32', 'table');
      const dout = be.alloc(n * cols, 'f32', 'dout');
      const idx = be.alloc(n, 'i32', 'idx');
      be.write(table, random(rows * cols, 1));
      be.write(dout, random(n * cols, 2));
      be.write(idx, indices(n, rows, 3));
      be.scatterAddRows(table, dout, idx, n, cols);
      return (table as unknown as { data: Float32Array }).data.slice();
    };
    expect(sameBits(run(true), run(false))).toBe(true);
  });
});

describe('scatter-add of rows on two threads', () => {
  it.each(CASES)('%i rows x %i columns into a table of %i rows: bit for bit the TypeScript loop, in place in the arena', (n, cols, rows) => {
    const { to, dd, io, T0, D: D0, I: I0, ts } = caseData(n, cols, rows);
    stop = startGemmThreads(2);
    const arena = arenaNow()!;
    const T = arena.alloc(T0.length, 'f32') as Float32Array;
    const D = arena.alloc(D0.length, 'f32') as Float32Array;
    const I = arena.alloc(I0.length, 'i32') as Int32Array;
    T.set(T0);
    D.set(D0);
    I.set(I0);
    const split = gemmThreadsNow()!.batchesSplit;
    expect(wasmScatterAddRows(T, to, D, dd, I, io, n, cols)).toBe(true);
    expect(gemmThreadsNow()!.batchesSplit - split).toBe(n * cols >= 1 << 16 ? 1 : 0);
    expect(sameBits(T, ts)).toBe(true);
  });
});
