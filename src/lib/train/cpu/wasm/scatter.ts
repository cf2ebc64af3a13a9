/**
 * The embedding-table gradient (scatterAddRows: T[idx[i], :] += D[i, :], i in order) in WebAssembly SIMD
 * (gemm.wat's scatter_add_rows): the table rows it touches, D and the indices are copied into the
 * module's memory, added there four columns at a time, and the table rows copied back. Bit for bit the
 * TypeScript loop (every sum is one float32 rounding either way; same order). Returns false, having done
 * nothing, where it does not apply (no SIMD, float64 arrays, an index outside the table): the caller then
 * runs the TypeScript loop, which keeps its own behaviour for those cases. Operands that live in the
 * module's memory already (arena.ts) are used where they are. With the matmul's threads running, the
 * table's rows are split between them (scatterAt): each row still gets every sum, in order, from one thread.
 */
import { gemmThreadsNow, simdInstance, type Kernel } from './gemm';
import { Layout } from './arena';

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
  // Each operand where it is in the module's memory, else copied into scratch (arena.ts's Layout).
  const tLen = (maxRow + 1) * cols;
  const L = new Layout(k);
  const t = L.place(T, to, tLen);
  const d = L.place(D, dd, n * cols);
  const i = L.place(I, io, n);
  L.ready();
  L.copyIn(t, T, to, tLen);
  L.copyIn(d, D, dd, n * cols);
  L.copyIn(i, I, io, n);
  scatterAt(k, t.at, d.at, i.at, n, cols, I, io, maxRow + 1);
  L.copyOut(t, T, to, tLen);
  return true;
}

/** Below this many elements of D the scatter stays on one thread. */
const THREADED_MIN = 1 << 16;

/**
 * T[idx[i], :] += D[i, :] for i in order, at byte addresses t, d, idx of kernel k's memory (gemm.wat's
 * scatter_add_rows), the index also given as an array (I at io) and `rows` the rows it reaches. With
 * threads, the table's rows are cut into one contiguous range per thread, each holding about as many of
 * the n additions (counted from the index): every row is summed by one thread in i order, so any cut
 * gives the same bits.
 */
export function scatterAt(k: Kernel, t: number, d: number, idx: number, n: number, cols: number, I: Int32Array, io: number, rows: number): void {
  const threads = n * cols >= THREADED_MIN ? gemmThreadsNow() : null;
  if (!threads) {
    k.scatter_add_rows(t, d, idx, n, cols, 0, rows);
    return;
  }
  const counts = new Int32Array(rows);
  for (let i = 0; i < n; i++) counts[I[io + i]]++;
  const parts = threads.helpers + 1;
  const shares: number[][] = [];
  let lo = 0;
  let seen = 0;
  for (let r = 0; r < rows && shares.length < parts - 1; r++) {
    seen += counts[r];
    if (seen >= ((shares.length + 1) * n) / parts) {
      shares.push([t, d, idx, n, cols, lo, r + 1]);
      lo = r + 1;
    }
  }
  shares.push([t, d, idx, n, cols, lo, rows]);
  threads.runScatter(shares);
}
