/**
 * The column sums of a [rows, cols] float32 matrix in doubles (cpu/backend.ts's sumRows: bias
 * gradients), in WebAssembly SIMD (gemm.wat's sum_rows_f64): X, read where it lives in the module's memory
 * (arena.ts) or copied there, is summed row by row into f64 accumulators, two columns per f64x2, in the TypeScript loop's order, so the
 * doubles are the same. Returns the sums (a view, valid until the next kernel call), or null where it
 * does not apply (no SIMD module, a float64 array): the caller then runs its loop.
 */
import { simdInstance } from './gemm';
import { Layout } from './arena';

export function wasmColumnSums(X: Float32Array, xo: number, rows: number, cols: number): Float64Array | null {
  if (!(X instanceof Float32Array) || rows === 0 || cols === 0) return null;
  const k = simdInstance();
  if (!k) return null;
  // The sums in scratch; X where it lives in the module's memory, else copied into scratch (arena.ts's Layout).
  const L = new Layout(k);
  const accAt = L.take(8 * cols);
  const x = L.place(X, xo, rows * cols);
  const acc = new Float64Array(L.ready(), accAt, cols);
  acc.fill(0);
  L.copyIn(x, X, xo, rows * cols);
  k.sum_rows_f64(x.at, rows, cols, accAt);
  return acc;
}
