/**
 * CPU matmul: C (+)= act(alpha * op(A) @ op(B) + bias) for one batch item, in plain TypeScript.
 *
 * Layout: row-major with leading dimensions lda/ldb/ldc (row strides of the STORED matrices).
 * op(A) is [M, K], op(B) is [K, N], C is [M, N].
 *
 * Loop order (why it is not slow): the inner loop always runs along a contiguous row of B and of a
 * temp row of C (i-k-j order). B transposed ([N, K] stored) is first transposed into a scratch
 * [K, N] copy, which costs K*N, small next to M*N*K when M is the batch. The micro-kernel does 4 rows
 * of C against 4 rows of B at once (16 FMAs per 4 B loads + 4 C load/stores), enough reuse for V8's
 * scalar doubles to stay out of memory stalls. A transposed A only changes how its scalars are read.
 */
import type { Unary } from '../backend';
import { wasmProduct } from './wasm/gemm';

interface Gemm {
  M: number;
  N: number;
  K: number;
  A: Float32Array;
  offA: number;
  lda: number;
  transA: boolean;
  B: Float32Array;
  offB: number;
  ldb: number;
  transB: boolean;
  C: Float32Array;
  offC: number;
  ldc: number;
  alpha: number;
  bias: Float32Array | null;
  offBias: number;
  act: Unary | null;
  accumulate: boolean;
}

// Scratch for the transposed B and the 4-row accumulator; float64 twins for the float64 reference mode
// (the temp must not round to float32 there).
const scratch: { B32: Float32Array; T32: Float32Array; B64: Float64Array; T64: Float64Array } = {
  B32: new Float32Array(0), T32: new Float32Array(0), B64: new Float64Array(0), T64: new Float64Array(0),
};

function grow32(buf: Float32Array, n: number): Float32Array {
  return buf.length >= n ? buf : new Float32Array(Math.max(n, buf.length * 2));
}
function grow64(buf: Float64Array, n: number): Float64Array {
  return buf.length >= n ? buf : new Float64Array(Math.max(n, buf.length * 2));
}
/** A scratch array of at least n elements, of the same precision as `like` (typed as Float32Array: only indexed). */
function scratchFor(which: 'B' | 'T', like: Float32Array, n: number): Float32Array {
  if ((like as unknown) instanceof Float64Array) {
    const k = which === 'B' ? 'B64' : 'T64';
    scratch[k] = grow64(scratch[k], n);
    return scratch[k] as unknown as Float32Array;
  }
  const k = which === 'B' ? 'B32' : 'T32';
  scratch[k] = grow32(scratch[k], n);
  return scratch[k];
}

/** B [N, K] stored with row stride ldb -> dense [K, N] in scratch. */
function transposeInto(dst: Float32Array, B: Float32Array, off: number, ldb: number, N: number, K: number): void {
  // Block 8x8 so both reads and writes stay in cache lines.
  for (let n0 = 0; n0 < N; n0 += 8) {
    const n1 = Math.min(n0 + 8, N);
    for (let k0 = 0; k0 < K; k0 += 8) {
      const k1 = Math.min(k0 + 8, K);
      for (let n = n0; n < n1; n++) {
        const src = off + n * ldb;
        for (let k = k0; k < k1; k++) dst[k * N + n] = B[src + k];
      }
    }
  }
}

const ROWS = 4;

/** Use the WebAssembly SIMD kernel (float32 only, big enough to amortise the copies). */
export const gemmOptions = { wasm: true };

export function gemm(g: Gemm): void {
  const { M, N, K, A, offA, lda, transA, C, offC, ldc, alpha, bias, offBias, act, accumulate } = g;
  if (gemmOptions.wasm && C instanceof Float32Array && M >= 4 && N >= 8 && M * N * K >= 4096) {
    const inWasm = act === null || act === 'relu';
    const ep = inWasm && (alpha !== 1 || bias !== null || act !== null) ? { alpha, bias, offBias, relu: act === 'relu' } : null;
    const sAi = transA ? 1 : lda;
    const sAk = transA ? lda : 1;
    if (inWasm) {
      // C (+)= P with the epilogue in the module, in place where C lives there (wasm/arena.ts).
      if (wasmProduct(M, N, K, A, offA, sAi, sAk, g.B, g.offB, g.ldb, g.transB, ep, { C, offC, ldc, accumulate })) return;
    } else {
      const P = wasmProduct(M, N, K, A, offA, sAi, sAk, g.B, g.offB, g.ldb, g.transB);
      if (P) {
        epilogue(P, M, N, C, offC, ldc, alpha, bias, offBias, act, accumulate);
        return;
      }
    }
  }
  // Dense [K, N] view of op(B).
  let B = g.B;
  let offB = g.offB;
  let ldb = g.ldb;
  if (g.transB) {
    B = scratchFor('B', C, K * N);
    transposeInto(B, g.B, g.offB, g.ldb, N, K);
    offB = 0;
    ldb = N;
  }
  const T = scratchFor('T', C, ROWS * N);
  // Element (i, k) of op(A) lives at offA + i*sAi + k*sAk.
  const sAi = transA ? 1 : lda;
  const sAk = transA ? lda : 1;

  for (let i0 = 0; i0 < M; i0 += ROWS) {
    const nr = Math.min(ROWS, M - i0);
    T.fill(0, 0, ROWS * N);
    if (nr === ROWS) {
      const a0b = offA + i0 * sAi;
      const a1b = a0b + sAi;
      const a2b = a1b + sAi;
      const a3b = a2b + sAi;
      let k = 0;
      for (; k + 4 <= K; k += 4) {
        const ka = k * sAk;
        const a00 = A[a0b + ka], a01 = A[a0b + ka + sAk], a02 = A[a0b + ka + 2 * sAk], a03 = A[a0b + ka + 3 * sAk];
        const a10 = A[a1b + ka], a11 = A[a1b + ka + sAk], a12 = A[a1b + ka + 2 * sAk], a13 = A[a1b + ka + 3 * sAk];
        const a20 = A[a2b + ka], a21 = A[a2b + ka + sAk], a22 = A[a2b + ka + 2 * sAk], a23 = A[a2b + ka + 3 * sAk];
        const a30 = A[a3b + ka], a31 = A[a3b + ka + sAk], a32 = A[a3b + ka + 2 * sAk], a33 = A[a3b + ka + 3 * sAk];
        const b0 = offB + k * ldb;
        const b1 = b0 + ldb;
        const b2 = b1 + ldb;
        const b3 = b2 + ldb;
        for (let j = 0; j < N; j++) {
          const x0 = B[b0 + j], x1 = B[b1 + j], x2 = B[b2 + j], x3 = B[b3 + j];
          T[j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
          T[N + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
          T[2 * N + j] += a20 * x0 + a21 * x1 + a22 * x2 + a23 * x3;
          T[3 * N + j] += a30 * x0 + a31 * x1 + a32 * x2 + a33 * x3;
        }
      }
      for (; k < K; k++) {
        const ka = k * sAk;
        const a0 = A[a0b + ka], a1 = A[a1b + ka], a2 = A[a2b + ka], a3 = A[a3b + ka];
        const b0 = offB + k * ldb;
        for (let j = 0; j < N; j++) {
          const x = B[b0 + j];
          T[j] += a0 * x;
          T[N + j] += a1 * x;
          T[2 * N + j] += a2 * x;
          T[3 * N + j] += a3 * x;
        }
      }
    } else {
      for (let r = 0; r < nr; r++) {
        const ab = offA + (i0 + r) * sAi;
        const tb = r * N;
        for (let k = 0; k < K; k++) {
          const a = A[ab + k * sAk];
          const b0 = offB + k * ldb;
          for (let j = 0; j < N; j++) T[tb + j] += a * B[b0 + j];
        }
      }
    }
    epilogue(T, nr, N, C, offC + i0 * ldc, ldc, alpha, bias, offBias, act, accumulate);
  }
}

/** C[i, j] (+)= act(alpha * P[i, j] + bias[j]) for a dense P [rows, N]. Loops specialised per case
 * (a per-element branch on the activation costs as much as the SIMD product itself). */
function epilogue(
  P: Float32Array, rows: number, N: number, C: Float32Array, offC: number, ldc: number, alpha: number,
  bias: Float32Array | null, offBias: number, act: Unary | null, accumulate: boolean,
): void {
  if (alpha === 1 && bias === null && act === null && !accumulate && ldc === N) {
    C.set(P.subarray(0, rows * N), offC); // one copy, not one per row (the 3,831-row products: 3.8 -> 1.6 ms a step)
    return;
  }
  for (let r = 0; r < rows; r++) {
    const tb = r * N;
    const cb = offC + r * ldc;
    if (alpha === 1 && bias === null && act === null) {
      if (accumulate) for (let j = 0; j < N; j++) C[cb + j] += P[tb + j];
      else C.set(P.subarray(tb, tb + N), cb);
    } else if (!accumulate && act === null) {
      if (bias === null) for (let j = 0; j < N; j++) C[cb + j] = alpha * P[tb + j];
      else for (let j = 0; j < N; j++) C[cb + j] = alpha * P[tb + j] + bias[offBias + j];
    } else if (!accumulate && act === 'relu') {
      if (bias === null) {
        for (let j = 0; j < N; j++) {
          const x = alpha * P[tb + j];
          C[cb + j] = x > 0 ? x : 0;
        }
      } else {
        for (let j = 0; j < N; j++) {
          const x = alpha * P[tb + j] + bias[offBias + j];
          C[cb + j] = x > 0 ? x : 0;
        }
      }
    } else {
      for (let j = 0; j < N; j++) {
        let x = alpha * P[tb + j];
        if (bias !== null) x += bias[offBias + j];
        if (act === 'relu') x = x > 0 ? x : 0;
        else if (act === 'tanh') x = Math.tanh(x);
        else if (act === 'sigmoid') x = 1 / (1 + Math.exp(-x));
        C[cb + j] = accumulate ? C[cb + j] + x : x;
      }
    }
  }
}
