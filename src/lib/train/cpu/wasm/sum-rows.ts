/**
 * The column sums of a [rows, cols] float32 matrix in doubles (cpu/backend.ts's sumRows: bias
 * gradients), in WebAssembly SIMD (gemm.wat's sum_rows_f64): X is copied into the module's memory and
 * summed row by row into f64 accumulators, two columns per f64x2, in the TypeScript loop's order, so the
 * doubles are the same. Returns the sums (a view, valid until the next kernel call), or null where it
 * does not apply (no SIMD module, a float64 array): the caller then runs its loop.
 */
import { simdInstance } from './gemm';

export function wasmColumnSums(X: Float32Array, xo: number, rows: number, cols: number): Float64Array | null {
  if (!(X instanceof Float32Array) || rows === 0 || cols === 0) return null;
  const k = simdInstance();
  if (!k) return null;
  // Layout (bytes): [acc: cols doubles | X].
  const xOff = Math.ceil((8 * cols) / 16) * 16;
  const need = xOff + 4 * rows * cols;
  const have = k.memory.buffer.byteLength;
  if (need > have) k.memory.grow(Math.ceil((need - have) / 65536));
  const buf = k.memory.buffer;
  const acc = new Float64Array(buf, 0, cols);
  acc.fill(0);
  new Float32Array(buf, xOff, rows * cols).set(X.subarray(xo, xo + rows * cols));
  k.sum_rows_f64(xOff, rows, cols, 0);
  return acc;
}
