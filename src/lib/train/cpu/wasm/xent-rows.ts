/**
 * Cross-entropy (forward losses and the logits' gradient) split by rows across the matmul's threads. The
 * kernels are JavaScript, not WebAssembly (they are Math.exp and Math.log bound, and those must be
 * JavaScript's own for the bits to stay), written once as source (XENT_SOURCE) that every thread compiles:
 * the helpers in their loop (gemm-threads.ts), this thread with `new Function`. The arithmetic is
 * cpu/backend.ts's crossEntropy / crossEntropyBackward, line for line, so any split gives their bits.
 * The operands go into the shared memory (the logits are [n, 114] here: small next to the matmuls'), or
 * are used where they are when they live there already (arena.ts).
 */
import { gemmThreadsNow, simdInstance } from './gemm';
import { Layout, residentByte } from './arena';

/**
 * The two kernels over rows [i0, i1), on arrays that start at row 0. Keep in step with cpu/backend.ts.
 * Q (a Float64Array of n * cols, or null): the forward keeps softmax - onehot there, and the backward,
 * given it, reads it instead of computing it again (the same doubles: no exp).
 */
export const XENT_SOURCE = `
function xentForwardRows(L, X, Tg, i0, i1, cols, Q) {
  for (let i = i0; i < i1; i++) {
    const xr = i * cols;
    let mx = -Infinity;
    for (let c = 0; c < cols; c++) mx = Math.max(mx, X[xr + c]);
    let s = 0;
    if (Q) {
      for (let c = 0; c < cols; c++) s += Q[xr + c] = Math.exp(X[xr + c] - mx);
      const t = Tg[i];
      for (let c = 0; c < cols; c++) Q[xr + c] = Q[xr + c] / s - (c === t ? 1 : 0);
    } else for (let c = 0; c < cols; c++) s += Math.exp(X[xr + c] - mx);
    L[i] = mx + Math.log(s) - X[xr + Tg[i]];
  }
}
function xentBackwardRows(D, DL, X, Tg, i0, i1, cols, Q) {
  if (Q) {
    for (let i = i0; i < i1; i++) {
      const xr = i * cols;
      const g = DL[i];
      for (let c = 0; c < cols; c++) D[xr + c] = g * Q[xr + c];
    }
    return;
  }
  const e = new Float64Array(cols);
  for (let i = i0; i < i1; i++) {
    const xr = i * cols;
    let mx = -Infinity;
    for (let c = 0; c < cols; c++) mx = Math.max(mx, X[xr + c]);
    let s = 0;
    for (let c = 0; c < cols; c++) s += e[c] = Math.exp(X[xr + c] - mx);
    const g = DL[i];
    const t = Tg[i];
    for (let c = 0; c < cols; c++) D[xr + c] = g * (e[c] / s - (c === t ? 1 : 0));
  }
}`;

type Forward = (L: Float32Array, X: Float32Array, Tg: Int32Array, i0: number, i1: number, cols: number, Q: Float64Array | null) => void;
type Backward = (D: Float32Array, DL: Float32Array, X: Float32Array, Tg: Int32Array, i0: number, i1: number, cols: number, Q: Float64Array | null) => void;
let compiled: { xentForwardRows: Forward; xentBackwardRows: Backward } | null = null;
function kernels(): { xentForwardRows: Forward; xentBackwardRows: Backward } {
  compiled ??= new Function(`${XENT_SOURCE}\nreturn { xentForwardRows, xentBackwardRows };`)() as {
    xentForwardRows: Forward; xentBackwardRows: Backward;
  };
  return compiled;
}

/** Below this many rows cross-entropy stays on one thread. */
const THREADED_MIN_ROWS = 256;

/**
 * Losses (dlogits null) or the logits' gradient (written, not accumulated) of n rows of `cols` logits,
 * all rows in order (no row list), split across the threads. Returns false, having done nothing, where it
 * does not apply (no threads running, few rows, float64 arrays): the caller then runs its own loop.
 */
export function threadedCrossEntropy(
  out: Float32Array, oo: number, X: Float32Array, xo: number, Tg: Int32Array, to: number, DL: Float32Array | null, dlo: number,
  n: number, cols: number, backward: boolean, Q: Float64Array | null = null,
): boolean {
  const threads = n >= THREADED_MIN_ROWS ? gemmThreadsNow() : null;
  const k = threads ? simdInstance() : null;
  if (!threads || !k || !(out instanceof Float32Array) || !(X instanceof Float32Array) || (DL && !(DL instanceof Float32Array))) return false;
  // The saved softmax - onehot (the backend's `saved`) only where the helpers can reach it.
  const qAt = Q ? residentByte(k, Q, 0) : -1;
  if (Q && qAt < 0) return false;
  // Each operand where it is in the shared memory, else copied into scratch (arena.ts's Layout).
  const outLen = backward ? n * cols : n;
  const L = new Layout(k);
  const x = L.place(X, xo, n * cols);
  const t = L.place(Tg, to, n);
  const dl = DL ? L.place(DL, dlo, n) : { at: L.take(0), resident: false };
  const o = L.place(out, oo, outLen);
  const buf = L.ready();
  L.copyIn(x, X, xo, n * cols);
  L.copyIn(t, Tg, to, n);
  if (DL) L.copyIn(dl, DL, dlo, n);
  const mX = new Float32Array(buf, x.at, n * cols);
  const mT = new Int32Array(buf, t.at, n);
  const mDL = new Float32Array(buf, dl.at, DL ? n : 0);
  const mOut = new Float32Array(buf, o.at, outLen);
  const kern = kernels();
  threads.runRowsJs(backward ? 'xent_bwd' : 'xent_fwd', [o.at, x.at, t.at, dl.at, cols], n, qAt, (i0, i1) => {
    if (backward) kern.xentBackwardRows(mOut, mDL, mX, mT, i0, i1, cols, Q);
    else kern.xentForwardRows(mOut, mX, mT, i0, i1, cols, Q);
  });
  L.copyOut(o, out, oo, outLen);
  return true;
}
