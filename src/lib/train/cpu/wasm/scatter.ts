/**
 * The embedding-table gradient (scatterAddRows: T[idx[i], :] += D[i, :], i in order) in WebAssembly SIMD
 * (gemm.wat's scatter_add_rows): the table rows it touches, D and the indices are copied into the
 * module's memory, added there four columns at a time, and the table rows copied back. Bit for bit the
 * TypeScript loop (every sum is one float32 rounding either way; same order). Returns false, having done
 * nothing, where it does not apply (no SIMD, float64 arrays, an index outside the table): the caller then
 * runs the TypeScript loop, which keeps its own behaviour for those cases.
 */
import { simdInstance } from './gemm';

export function wasmScatterAddRows(
  T: Float32Array, to: number, D: Float32Array, dd: number, I: Int32Array, io: number, n: number, cols: number,
): boolean {
  if (!(T instanceof Float32Array) || !(D instanceof Float32Array) || n === 0 || cols === 0) return false;
  const k = simdInstance();
  if (!k) return false;
  const rowsInTable = Math.floor((T.length - to) / cols);
  let maxRow = 0;
  for (let i = 0; i < n; i++) {
    const r = I[io + i];
    if (!(r >= 0 && r < rowsInTable)) return false;
    if (r > maxRow) maxRow = r;
  }
  // Layout (elements): [table rows 0..maxRow | D | idx].
  const tLen = (maxRow + 1) * cols;
  const dOff = Math.ceil(tLen / 4) * 4;
  const iOff = dOff + n * cols;
  const need = (iOff + n) * 4;
  const have = k.memory.buffer.byteLength;
  if (need > have) k.memory.grow(Math.ceil((need - have) / 65536));
  const buf = k.memory.buffer;
  const mem = new Float32Array(buf);
  mem.set(T.subarray(to, to + tLen), 0);
  mem.set(D.subarray(dd, dd + n * cols), dOff);
  new Int32Array(buf).set(I.subarray(io, io + n), iOff);
  k.scatter_add_rows(0, 4 * dOff, 4 * iOff, n, cols);
  T.set(mem.subarray(0, tLen), to);
  return true;
}
