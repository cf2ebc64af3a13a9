/**
 * The SIMD path of the CPU matmul: operands are copied into the module's memory (A's stored region,
 * B as a dense [K, N] (transposed there if needed), a dense [M, N] product), the 4x8 WebAssembly SIMD
 * micro-kernel (gemm.wat) runs over K in cache-sized chunks, the ragged edges (M % 4 rows,
 * N % 8 columns) by edge_cols and edge_block8 with the arithmetic of the TypeScript loops they
 * replaced; an alpha/bias/ReLU epilogue runs in the module too (SIMD, branch-free), and the result is
 * copied (or added) out.
 * The copies cost O(MK + KN + MN), small next to the O(MNK) product; while the threads run, tensors
 * live in the shared memory itself (arena.ts), and operands and results found there are not copied.
 * Returns null where WebAssembly SIMD is unavailable (the scalar path is then used).
 * With useGemmThreads (gemm-threads.ts), the operands go into the shared memory instead and the rows of
 * the product are split across threads; the result is bit for bit the same.
 * useGemmKernel picks the micro-kernel (fma.ts: plain SIMD, the default, or fused multiply-add) for
 * every product from then on, threads included.
 */
import { GEMM_FMA_WASM_BASE64, GEMM_WASM_BASE64 } from './gemm-wasm';
import type { GemmThreads, RowJob } from './gemm-threads';
import { fusedMaddHere, type GemmKernelName } from './fma';
import { Layout, residentByte, useArena, type Placed } from './arena';

export interface Kernel {
  memory: WebAssembly.Memory;
  gemm4x8: (a: number, sai: number, sak: number, b: number, ldb: number, c: number, ldc: number, M4: number, N8: number, K: number, acc: number) => void;
  bias_act: (p: number, rows: number, n: number, ld: number, bias: number, hasBias: number, relu: number, alpha: number) => void;
  scatter_add_rows: (t: number, d: number, idx: number, n: number, cols: number, lo: number, hi: number) => void;
  sum_rows_f64: (x: number, rows: number, cols: number, acc: number) => void;
  attn_fwd: (q: number, z: number, p: number, s: number, B: number, T: number, Tq: number, H: number, dh: number, idx: number, scale: number) => void;
  attn_bwd_last: (q: number, p: number, dz: number, dq: number, dp: number, B: number, T: number, H: number, dh: number, idx: number, scale: number) => void;
  acc_rows: (d: number, ldd: number, s: number, rows: number, n: number) => void;
  relu_bwd: (dx: number, dy: number, y: number, n: number, acc: number) => void;
  add_f32: (o: number, a: number, b: number, n: number) => void;
  acc_f32: (o: number, x: number, n: number) => void;
  adamw: (p: number, g: number, m: number, v: number, n: number, k: number) => void;
  transpose: (dst: number, src: number, N: number, K: number, ldb: number) => void;
  edge_block8: (a: number, sai: number, sak: number, b: number, ldb: number, c: number, ldc: number, j0: number, j1: number, K: number) => void;
  edge_cols: (a: number, sai: number, sak: number, b: number, ldb: number, c: number, ldc: number, M4: number, j0: number, n: number, K: number) => void;
}

/** Epilogue applied inside the module (alpha, optional bias, optional ReLU), or null for none. */
interface WasmEpilogue {
  alpha: number;
  bias: Float32Array | null;
  offBias: number;
  relu: boolean;
}

let kernel: Kernel | null | undefined;
let threads: GemmThreads | null = null;
/** The SIMD kernel chosen for this process (useGemmKernel); the threads' instances use it too. */
let simdKernel: 'simd128' | 'simd128-fma' = 'simd128';

/** Bytes of a base64 string (atob: in Node and in every browser). */
export function base64Bytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function load(): Kernel | null {
  if (threads) return threads.kernel;
  if (kernel !== undefined) return kernel;
  try {
    const b64 = simdKernel === 'simd128-fma' ? GEMM_FMA_WASM_BASE64 : GEMM_WASM_BASE64;
    const inst = new WebAssembly.Instance(new WebAssembly.Module(base64Bytes(b64)), { env: { exp: Math.exp } });
    kernel = inst.exports as unknown as Kernel;
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Run the SIMD kernel on these threads from now on (null: back to this thread alone). */
export function useGemmThreads(t: GemmThreads | null): void {
  threads = t;
  // Tensors allocated from now on live in the threads' shared memory (arena.ts), or in plain arrays.
  useArena(t ? t.kernel.memory : null);
}

/**
 * Run every product from now on with this SIMD micro-kernel (fma.ts). Chosen once, before the threads
 * start (they instantiate the kernel chosen here): changing it under running threads is an error, as is
 * asking for fused multiply-add where this runtime has none.
 */
export function useGemmKernel(name: 'simd128' | 'simd128-fma'): void {
  if (name === simdKernel) return;
  if (threads) throw new Error(`the matmul's threads are running with ${simdKernel}: choose the kernel before starting them`);
  if (name === 'simd128-fma' && !fusedMaddHere()) throw new Error('fused multiply-add (relaxed-simd) is not available in this runtime');
  simdKernel = name;
  kernel = undefined;
}

/** The micro-kernel every product runs with now: 'scalar' where WebAssembly SIMD is unavailable. */
export function gemmKernelName(): GemmKernelName {
  return load() === null ? 'scalar' : simdKernel;
}

/** The threads the kernels run on now, or null for this thread alone. */
export function gemmThreadsNow(): GemmThreads | null {
  return threads;
}

/** How many threads the matmul runs on now. */
export function gemmThreadCount(): number {
  return threads ? threads.helpers + 1 : 1;
}

/** Products split across threads since the process started (tests check the split really ran). */
export const gemmStats = { threaded: 0 };

/** Below this many multiply-adds a product stays on one thread (posting a job costs ~10-50 µs). */
const THREADED_MIN = 1 << 20;

/** Whether the SIMD kernel can run here. */
export function wasmGemmAvailable(): boolean {
  return load() !== null;
}

/** The module's instance this thread uses now (the shared one while threads run), or null without SIMD. */
export function simdInstance(): Kernel | null {
  return load();
}

/** K per kernel call: keeps the [KC, N] strip of B in L2 while the rows of A stream past. */
const KC = 128;

/** Where a product goes: C (+)= P, C's rows ldc elements apart. */
export interface ProductOut {
  C: Float32Array;
  offC: number;
  ldc: number;
  accumulate: boolean;
}

/** Runs one job on the calling thread: the same loop as HELPER_LOOP. */
export function runRows(kernel: Kernel, j: RowJob): void {
  if (j.N8 > 0) {
    for (let k0 = 0; k0 < j.K; k0 += j.KC) {
      kernel.gemm4x8(j.a + k0 * j.sak, j.sai, j.sak, j.b + k0 * j.ldb, j.ldb, j.c, j.ldc, j.rows, j.N8, Math.min(j.KC, j.K - k0), k0 > 0 ? 1 : 0);
    }
  }
  if (j.N > j.N8) kernel.edge_cols(j.a, j.sai, j.sak, j.b, j.ldb, j.c, j.ldc, j.rows, j.N8, j.N, j.K);
}

/** Whether byte ranges [a, a + an) and [b, b + bn) overlap. */
function overlaps(a: number, an: number, b: number, bn: number): boolean {
  return a < b + bn && b < a + an;
}

/**
 * P = op(A) @ op(B), then the epilogue (alpha, bias, ReLU) if any.
 * A(i, k) = A[offA + i*sAi + k*sAk]; B stored [K, N] (ldb) or [N, K] (transB).
 * Without `out`: returns P as a dense [M, N] view of the module's memory (valid until the next call).
 * With `out`: C (+)= P, and returns C. Operands that live in the module's memory (arena.ts) are read
 * where they are, and a written (not accumulated) C that lives there is the product's own destination:
 * no copy in or out. Everything else is copied as before. Null where there is no SIMD.
 */
export function wasmProduct(
  M: number, N: number, K: number,
  A: Float32Array, offA: number, sAi: number, sAk: number,
  B: Float32Array, offB: number, ldb: number, transB: boolean, ep: WasmEpilogue | null = null, out: ProductOut | null = null,
): Float32Array | null {
  const k = load();
  if (!k) return null;
  const L = new Layout(k);
  const aLen = (M - 1) * sAi + (K - 1) * sAk + 1;
  const a = L.place(A, offA, aLen);
  // B in place only as stored [K, N] rows (any row stride); transposed, it is copied into a dense [K, N]
  // (by the module's transpose where B lives there, else in TypeScript).
  const bHere = residentByte(k, B, offB);
  const bIn = transB ? -1 : bHere;
  const b: Placed = bIn >= 0 ? { at: bIn, resident: true } : { at: L.take(4 * K * N), resident: false };
  const ldbE = bIn >= 0 ? ldb : N;
  // P where C is, when C lives in the memory, is written (not added to) and overlaps neither operand.
  let p: Placed | null = null;
  let ldp = N;
  if (out && !out.accumulate) {
    const cIn = residentByte(k, out.C, out.offC);
    const cBytes = 4 * ((M - 1) * out.ldc + N);
    if (cIn >= 0 && !overlaps(cIn, cBytes, a.at, 4 * aLen) && !overlaps(cIn, cBytes, b.at, 4 * ((K - 1) * ldbE + N))) {
      p = { at: cIn, resident: true };
      ldp = out.ldc;
    }
  }
  p ??= { at: L.take(4 * M * N), resident: false };
  const bias = ep?.bias ? L.place(ep.bias, ep.offBias, N) : null;
  // Rows past the last multiple of 4 (e.g. the last 3 of 3,831): padded to 4 rows of A and of P in scratch.
  const M4 = M & ~3;
  const tailA = M > M4 ? L.take(16 * K) : 0;
  const tailP = M > M4 ? L.take(16 * N) : 0;
  const mem = new Float32Array(L.ready());
  L.copyIn(a, A, offA, aLen);
  const bOff = b.at >> 2;
  if (b.resident) {
    // B is read where it lives.
  } else if (transB && bHere >= 0) {
    k.transpose(b.at, bHere, N, K, ldb);
  } else if (transB) {
    for (let n0 = 0; n0 < N; n0 += 8) {
      const n1 = Math.min(n0 + 8, N);
      for (let k0 = 0; k0 < K; k0 += 8) {
        const k1 = Math.min(k0 + 8, K);
        for (let n = n0; n < n1; n++) {
          const src = offB + n * ldb;
          for (let kk = k0; kk < k1; kk++) mem[bOff + kk * N + n] = B[src + kk];
        }
      }
    }
  } else if (ldb === N) {
    mem.set(B.subarray(offB, offB + K * N), bOff);
  } else {
    for (let kk = 0; kk < K; kk++) mem.set(B.subarray(offB + kk * ldb, offB + kk * ldb + N), bOff + kk * N);
  }
  const aOff = a.at >> 2;
  const pOff = p.at >> 2;
  const N8 = N & ~7;
  // Rows < M4: columns < N8 by the micro-kernel, the rest (N % 8, e.g. 2 of the unembedding's 114) by
  // edge_cols, with the TypeScript edge loop's arithmetic (gemm.wat), both on the thread that has the rows.
  const job = { a: a.at, sai: 4 * sAi, sak: 4 * sAk, b: b.at, ldb: 4 * ldbE, c: p.at, ldc: 4 * ldp, rows: M4, N8, N, K, KC };
  if (M4 > 0 && N8 > 0 && threads && M4 >= 8 && M4 * N8 * K >= THREADED_MIN) {
    gemmStats.threaded++;
    threads.run(job);
  } else if (M4 > 0) {
    runRows(k, job);
  }
  // Rows M4..M-1, every column, with edge_cols's arithmetic (s = fround(s + a*b) over k in order, as the
  // TypeScript loop it replaced did): the rows copied into a zero-padded [4, K] block, the product into a
  // [4, N] block (edge_block8 eight columns at a time, edge_cols the rest), its real rows copied out.
  if (M > M4) {
    const ta = tailA >> 2;
    const tp = tailP >> 2;
    mem.fill(0, ta, ta + 4 * K);
    for (let r = 0; M4 + r < M; r++) for (let kk = 0; kk < K; kk++) mem[ta + r * K + kk] = mem[aOff + (M4 + r) * sAi + kk * sAk];
    if (N8 > 0) k.edge_block8(tailA, 4 * K, 4, b.at, 4 * ldbE, tailP, 4 * N, 0, N8, K);
    if (N > N8) k.edge_cols(tailA, 4 * K, 4, b.at, 4 * ldbE, tailP, 4 * N, 4, N8, N, K);
    for (let r = 0; M4 + r < M; r++) mem.copyWithin(pOff + (M4 + r) * ldp, tp + r * N, tp + r * N + N);
  }
  if (ep) {
    if (bias) L.copyIn(bias, ep.bias!, ep.offBias, N);
    k.bias_act(p.at, M, N, ldp, bias ? bias.at : 0, bias ? 1 : 0, ep.relu ? 1 : 0, ep.alpha);
  }
  if (!out) return mem.subarray(pOff, pOff + M * N);
  if (p.resident) return out.C; // written where it belongs
  const cIn = residentByte(k, out.C, out.offC);
  if (out.accumulate && cIn >= 0) {
    k.acc_rows(cIn, out.ldc, p.at, M, N); // C += P in the module (one float32 rounding, as below)
  } else if (out.accumulate) {
    for (let r = 0; r < M; r++) {
      const cb = out.offC + r * out.ldc;
      const pb = pOff + r * N;
      for (let j = 0; j < N; j++) out.C[cb + j] += mem[pb + j];
    }
  } else if (out.ldc === N) {
    out.C.set(mem.subarray(pOff, pOff + M * N), out.offC);
  } else {
    for (let r = 0; r < M; r++) out.C.set(mem.subarray(pOff + r * N, pOff + r * N + N), out.offC + r * out.ldc);
  }
  return out.C;
}
