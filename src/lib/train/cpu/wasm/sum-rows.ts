/**
 * The column sums of a [rows, cols] float32 matrix in doubles (cpu/backend.ts's sumRows: bias
 * gradients), in WebAssembly SIMD (gemm.wat's sum_rows_f64): X is copied into the module's memory and
 * summed row by row into f64 accumulators, two columns per f64x2, in the TypeScript loop's order, so the
 * doubles are the same. Returns the sums (a view, valid until the next kernel call), or null where it
 * does not apply (no SIMD module, a float64 array): the caller then runs its loop.
 */
import { simdInstance } from './gemm';
import { ensureBytes, residentByte, scratchBase } from './arena';

export function wasmColumnSums(X: Float32Array, xo: number, rows: number, cols: number): Float64Array | null {
  if (!(X instanceof Float32Array) || rows === 0 || cols === 0) return null;
  const k = simdInstance();
  if (!k) return null;
  // Layout (bytes, from scratchBase): [acc: cols doubles | X, unless X is in the module's memory already].
  const base = scratchBase(k);
  const xIn = residentByte(k, X, xo);
  const xOff = xIn >= 0 ? xIn : base + Math.ceil((8 * cols) / 16) * 16;
  ensureBytes(k, Math.max(base + 8 * cols, xIn >= 0 ? 0 : xOff + 4 * rows * cols));
  const buf = k.memory.buffer;
  const acc = new Float64Array(buf, base, cols);
  acc.fill(0);
  if (xIn < 0) new Float32Array(buf, xOff, rows * cols).set(X.subarray(xo, xo + rows * cols));
  k.sum_rows_f64(xOff, rows, cols, base);
  return acc;
}
