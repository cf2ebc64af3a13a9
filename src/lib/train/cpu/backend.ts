/**
 * The CPU twin of the Backend interface: every kernel in plain TypeScript over Float32Array/Int32Array,
 * run immediately when called (so `flush` is a no-op and `read` resolves at once). It is the reference
 * the WebGPU kernels are checked against, and the fallback trainer.
 *
 * Arithmetic: values are stored as float32; intermediate sums (softmax, layer norm, reductions) are
 * JavaScript doubles, which is at least as accurate as the GPU's float32 accumulation.
 */
import type {
  AdamWArgs, AttentionArgs, AttentionBackwardArgs, AttentionRowsArgs, AttentionRowsBackwardArgs, Backend, Buf, DType,
  LstmCellArgs, LstmCellBackwardArgs, MatmulArgs, Ref, Unary,
} from '../backend';
import { resolve } from '../backend';
import { lstmCellBackwardCpu, lstmCellCpu } from './lstm';
import { gemm, gemmOptions } from './matmul';
import { wasmScatterAddRows } from './wasm/scatter';
import { attentionBackwardLastQueryIn, attentionIn, wasmAttention, wasmAttentionBackwardLastQuery } from './wasm/attention';
import { wasmColumnSums } from './wasm/sum-rows';
import { threadedCrossEntropy } from './wasm/xent-rows';
import { arenaNow } from './wasm/arena';
import { wasmAccumulate, wasmAdamW, wasmAdd, wasmReluBackward } from './wasm/elementwise';

/** Below this many elements the embedding gradient's scatter-add stays in TypeScript. */
const SCATTER_WASM_MIN = 1 << 14;
/** Below this many elements the bias gradient's column sums stay in TypeScript. */
const SUM_ROWS_WASM_MIN = 1 << 14;
/** Below this many elements relu backward, add, accumulate and AdamW stay in TypeScript (where all operands live in the kernels' memory, above it they run there). */
const ELEMENTWISE_WASM_MIN = 1 << 12;
/** Below this many elements of Q|K|V, attention (forward, and backward for the final query) stays in TypeScript. */
const ATTENTION_WASM_MIN = 1 << 14;

class CpuBuf implements Buf {
  readonly data: Float32Array | Float64Array | Int32Array;
  /**
   * With `inKernelMemory`, a float32 or int32 buffer lives in the matmul threads' shared memory while
   * they run (wasm/arena.ts: the kernels then read and write it in place); else, and in float64 mode,
   * it is a plain array.
   */
  constructor(readonly length: number, readonly dtype: DType, readonly label: string, f64: boolean, inKernelMemory: boolean) {
    const arena = inKernelMemory && !f64 ? arenaNow() : null;
    this.data =
      arena?.alloc(length, dtype === 'i32' ? 'i32' : 'f32') ??
      (dtype === 'i32' ? new Int32Array(length) : f64 ? new Float64Array(length) : new Float32Array(length));
  }
}

/**
 * (array, offset) of an f32 operand. In float64 mode (gradient checks) the array is a Float64Array:
 * every kernel only indexes it, so it is typed as Float32Array here, in this one place.
 */
function f(r: Ref): [Float32Array, number] {
  const { buf, offset } = resolve(r);
  const d = (buf as CpuBuf).data;
  if (d instanceof Int32Array) throw new Error(`expected f32 buffer, got ${buf.dtype} (${buf.label})`);
  return [d as Float32Array, offset];
}
/** (array, offset) of an i32 operand. */
function iv(r: Ref): [Int32Array, number] {
  const { buf, offset } = resolve(r);
  const d = (buf as CpuBuf).data;
  if (!(d instanceof Int32Array)) throw new Error(`expected i32 buffer, got ${buf.dtype} (${buf.label})`);
  return [d, offset];
}

/**
 * attentionBackward for one query (the final position) writing, not accumulating: every slot of dqkv is
 * written once (V and K parts of every position, the Q part of the last; earlier Q parts are zero), so
 * nothing is cleared first. The arithmetic is the general loop's, in its order, from a zero start
 * (`+ 0` turns -0 into +0 as 0 + x does there): bit for bit the same result, with one pass less over dqkv.
 */
export function attentionBackwardLastQuery(
  Q: Float32Array, qo: number, P: Float32Array, po: number, DZ: Float32Array, dzo: number, DQ: Float32Array, dqo: number,
  B: number, T: number, H: number, dh: number, scale: number,
): void {
  const HD = H * dh;
  const row = 3 * HD;
  const t = T - 1;
  const dp = new Float64Array(T);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < t; j++) DQ.fill(0, dqo + (b * T + j) * row, dqo + (b * T + j) * row + HD);
    for (let h = 0; h < H; h++) {
      const pr = po + (b * H + h) * T;
      const dz = dzo + b * HD + h * dh;
      let dot = 0;
      for (let j = 0; j <= t; j++) {
        const v = (b * T + j) * row + 2 * HD + h * dh;
        const pj = P[pr + j];
        let acc = 0;
        for (let d = 0; d < dh; d++) {
          const g = DZ[dz + d];
          acc += g * Q[qo + v + d];
          DQ[dqo + v + d] = pj * g + 0;
        }
        dp[j] = acc;
        dot += pj * acc;
      }
      const q = (b * T + t) * row + h * dh;
      for (let j = 0; j <= t; j++) {
        const ds = P[pr + j] * (dp[j] - dot) * scale;
        const k = (b * T + j) * row + HD + h * dh;
        if (j === 0) for (let d = 0; d < dh; d++) DQ[dqo + q + d] = ds * Q[qo + k + d] + 0;
        else for (let d = 0; d < dh; d++) DQ[dqo + q + d] += ds * Q[qo + k + d];
        for (let d = 0; d < dh; d++) DQ[dqo + k + d] = ds * Q[qo + q + d] + 0;
      }
    }
  }
}

function act(kind: Unary, x: number): number {
  if (kind === 'relu') return x > 0 ? x : 0;
  if (kind === 'tanh') return Math.tanh(x);
  return 1 / (1 + Math.exp(-x));
}

interface CpuOptions {
  /** Store 'f32' buffers as float64 (a reference for finite-difference gradient checks). Default false. */
  float64?: boolean;
}

export class CpuBackend implements Backend {
  readonly name: string;
  readonly float64: boolean;

  constructor(opts: CpuOptions = {}) {
    this.float64 = opts.float64 ?? false;
    this.name = this.float64 ? 'cpu-f64' : 'cpu';
  }

  alloc(length: number, dtype: DType = 'f32', label = ''): Buf {
    return new CpuBuf(length, dtype, label, this.float64, true);
  }
  /** A temporary of the fallback paths (never in the kernels' memory: nothing frees it there). */
  #temp(length: number, label: string): Buf {
    return new CpuBuf(length, 'f32', label, this.float64, false);
  }
  free(buf: Buf): void {
    const d = (buf as CpuBuf).data;
    if (!(d instanceof Float64Array)) arenaNow()?.free(d);
  }
  write(dst: Ref, data: Float32Array | Int32Array): void {
    const { buf, offset } = resolve(dst);
    const d = (buf as CpuBuf).data;
    if (d instanceof Int32Array !== data instanceof Int32Array) throw new Error(`write: dtype mismatch (${buf.label})`);
    if (offset + data.length > buf.length) throw new Error(`write: out of range (${buf.label})`);
    d.set(data, offset);
  }
  async read(src: Ref, length: number): Promise<Float32Array> {
    return this.readSync(src, length);
  }
  /** CPU-only synchronous read (copy). */
  readSync(src: Ref, length: number): Float32Array {
    const { buf, offset: o } = resolve(src);
    const d = (buf as CpuBuf).data;
    if (d instanceof Int32Array) throw new Error(`read: i32 buffer ${buf.label}`);
    return d instanceof Float32Array ? d.slice(o, o + length) : Float32Array.from(d.subarray(o, o + length));
  }
  /** CPU-only synchronous read at full precision (float64 mode keeps all digits). */
  readF64(src: Ref, length: number): Float64Array {
    const [d, o] = f(src);
    return Float64Array.from(d.subarray(o, o + length));
  }
  /** CPU-only: write float64 values (rounded to float32 unless in float64 mode). */
  writeF64(dst: Ref, data: Float64Array | number[]): void {
    const [d, o] = f(dst);
    d.set(data, o);
  }
  flush(): void {}
  dispose(): void {}

  fill(dst: Ref, n: number, value: number): void {
    const { buf, offset } = resolve(dst);
    (buf as CpuBuf).data.fill(value, offset, offset + n);
  }
  copy(dst: Ref, src: Ref, n: number): void {
    const d = resolve(dst);
    const s = resolve(src);
    const sd = (s.buf as CpuBuf).data;
    (d.buf as CpuBuf).data.set(sd.subarray(s.offset, s.offset + n), d.offset);
  }
  scale(out: Ref, x: Ref, n: number, alpha: number, accumulate: boolean): void {
    const [O, oo] = f(out);
    const [X, xo] = f(x);
    if (alpha === 1) {
      // The add's backward passes gradients on unchanged (1 * x is x, bit for bit): a copy, or a plain sum
      // (in the kernels' memory when both live there: wasm/elementwise.ts, the same bits).
      if (accumulate && n >= ELEMENTWISE_WASM_MIN && wasmAccumulate(O, oo, X, xo, n)) return;
      if (accumulate) for (let i = 0; i < n; i++) O[oo + i] += X[xo + i];
      else O.set(X.subarray(xo, xo + n), oo);
    } else if (accumulate) for (let i = 0; i < n; i++) O[oo + i] += alpha * X[xo + i];
    else for (let i = 0; i < n; i++) O[oo + i] = alpha * X[xo + i];
  }
  add(out: Ref, a: Ref, b: Ref, n: number, accumulate: boolean): void {
    const [O, oo] = f(out);
    const [A, ao] = f(a);
    const [B, bo] = f(b);
    if (!accumulate && n >= ELEMENTWISE_WASM_MIN && wasmAdd(O, oo, A, ao, B, bo, n)) return;
    if (accumulate) for (let i = 0; i < n; i++) O[oo + i] += A[ao + i] + B[bo + i];
    else for (let i = 0; i < n; i++) O[oo + i] = A[ao + i] + B[bo + i];
  }
  mul(out: Ref, a: Ref, b: Ref, n: number, accumulate: boolean): void {
    const [O, oo] = f(out);
    const [A, ao] = f(a);
    const [B, bo] = f(b);
    if (accumulate) for (let i = 0; i < n; i++) O[oo + i] += A[ao + i] * B[bo + i];
    else for (let i = 0; i < n; i++) O[oo + i] = A[ao + i] * B[bo + i];
  }
  addBias(out: Ref, x: Ref, bias: Ref, rows: number, cols: number): void {
    const [O, oo] = f(out);
    const [X, xo] = f(x);
    const [Bi, bo] = f(bias);
    for (let r = 0; r < rows; r++) {
      const ro = r * cols;
      for (let c = 0; c < cols; c++) O[oo + ro + c] = X[xo + ro + c] + Bi[bo + c];
    }
  }
  unary(kind: Unary, out: Ref, x: Ref, n: number): void {
    const [O, oo] = f(out);
    const [X, xo] = f(x);
    if (kind === 'relu') {
      for (let i = 0; i < n; i++) {
        const v = X[xo + i];
        O[oo + i] = v > 0 ? v : 0;
      }
    } else for (let i = 0; i < n; i++) O[oo + i] = act(kind, X[xo + i]);
  }
  unaryBackward(kind: Unary, dx: Ref, dy: Ref, y: Ref, n: number, accumulate: boolean): void {
    const [DX, dxo] = f(dx);
    const [DY, dyo] = f(dy);
    const [Y, yo] = f(y);
    // One loop per case: no per-element branch on the kind.
    if (kind === 'relu') {
      if (n >= ELEMENTWISE_WASM_MIN && wasmReluBackward(DX, dxo, DY, dyo, Y, yo, n, accumulate)) return;
      if (Y instanceof Float32Array) {
        // y is a ReLU output, so y >= +0 and y > 0 <=> its bits are not 0: a branch-free mask
        // ((bits + 0x7fffffff) >>> 31), ~7x faster than y > 0 ? dy : 0 on random signs (mispredictions).
        const U = new Uint32Array(Y.buffer, Y.byteOffset + 4 * yo, n);
        if (accumulate) for (let i = 0; i < n; i++) DX[dxo + i] += DY[dyo + i] * ((U[i] + 0x7fffffff) >>> 31);
        else for (let i = 0; i < n; i++) DX[dxo + i] = DY[dyo + i] * ((U[i] + 0x7fffffff) >>> 31);
      } else if (accumulate) for (let i = 0; i < n; i++) DX[dxo + i] += Y[yo + i] > 0 ? DY[dyo + i] : 0;
      else for (let i = 0; i < n; i++) DX[dxo + i] = Y[yo + i] > 0 ? DY[dyo + i] : 0;
      return;
    }
    const tanh = kind === 'tanh';
    for (let i = 0; i < n; i++) {
      const yy = Y[yo + i];
      const g = DY[dyo + i] * (tanh ? 1 - yy * yy : yy * (1 - yy));
      DX[dxo + i] = accumulate ? DX[dxo + i] + g : g;
    }
  }

  sumRows(out: Ref, x: Ref, rows: number, cols: number, accumulate: boolean): void {
    const [O, oo] = f(out);
    const [X, xo] = f(x);
    // Large sums in WebAssembly SIMD (the same doubles, same order); small ones are not worth the copy.
    let acc = rows * cols >= SUM_ROWS_WASM_MIN && gemmOptions.wasm ? wasmColumnSums(X, xo, rows, cols) : null;
    if (!acc) {
      acc = new Float64Array(cols);
      for (let r = 0; r < rows; r++) {
        const ro = xo + r * cols;
        for (let c = 0; c < cols; c++) acc[c] += X[ro + c];
      }
    }
    for (let c = 0; c < cols; c++) O[oo + c] = accumulate ? O[oo + c] + acc[c] : acc[c];
  }
  sum(out: Ref, x: Ref, n: number, alpha: number, accumulate: boolean): void {
    const [O, oo] = f(out);
    const [X, xo] = f(x);
    let s = 0;
    for (let i = 0; i < n; i++) s += X[xo + i];
    O[oo] = accumulate ? O[oo] + alpha * s : alpha * s;
  }
  broadcastScalar(out: Ref, g: Ref, n: number, alpha: number, accumulate: boolean): void {
    const [O, oo] = f(out);
    const [G, go] = f(g);
    const v = alpha * G[go];
    if (accumulate) for (let i = 0; i < n; i++) O[oo + i] += v;
    else O.fill(v, oo, oo + n);
  }
  sumSquares(out: Ref, x: Ref, n: number, accumulate: boolean): void {
    const [O, oo] = f(out);
    const [X, xo] = f(x);
    let s = 0;
    for (let i = 0; i < n; i++) s += X[xo + i] * X[xo + i];
    O[oo] = accumulate ? O[oo] + s : s;
  }

  gatherRows(out: Ref, table: Ref, idx: Ref, n: number, cols: number): void {
    const [O, oo] = f(out);
    const [T, to] = f(table);
    const [I, io] = iv(idx);
    for (let i = 0; i < n; i++) {
      const s = to + I[io + i] * cols;
      O.set(T.subarray(s, s + cols), oo + i * cols);
    }
  }
  scatterAddRows(dtable: Ref, dout: Ref, idx: Ref, n: number, cols: number): void {
    const [T, to] = f(dtable);
    const [D, dd] = f(dout);
    const [I, io] = iv(idx);
    // Large gradients in WebAssembly SIMD (bit for bit this loop); small ones are not worth the copies.
    if (n * cols >= SCATTER_WASM_MIN && gemmOptions.wasm && wasmScatterAddRows(T, to, D, dd, I, io, n, cols)) return;
    for (let i = 0; i < n; i++) {
      const t = to + I[io + i] * cols;
      const s = dd + i * cols;
      for (let c = 0; c < cols; c++) T[t + c] += D[s + c];
    }
  }

  matmul(a: MatmulArgs): void {
    const { M, N, K } = a;
    const transA = a.transA ?? false;
    const transB = a.transB ?? false;
    const batch = a.batch ?? 1;
    const lda = a.lda ?? (transA ? M : K);
    const ldb = a.ldb ?? (transB ? K : N);
    const ldc = a.ldc ?? N;
    const strideA = a.strideA ?? M * K;
    const strideB = a.strideB ?? K * N;
    const strideC = a.strideC ?? M * N;
    const [A, ao] = f(a.a);
    const [B, bo] = f(a.b);
    const [C, co] = f(a.c);
    const [bias, biaso] = a.bias ? f(a.bias) : [null, 0];
    for (let b = 0; b < batch; b++) {
      gemm({
        M, N, K, A, offA: ao + b * strideA, lda, transA, B, offB: bo + b * strideB, ldb, transB,
        C, offC: co + b * strideC, ldc, alpha: a.alpha ?? 1, bias, offBias: biaso, act: a.act ?? null,
        accumulate: a.accumulate ?? false,
      });
    }
  }

  softmax(y: Ref, x: Ref, rows: number, cols: number): void {
    const [Y, yo] = f(y);
    const [X, xo] = f(x);
    for (let r = 0; r < rows; r++) {
      const xr = xo + r * cols;
      const yr = yo + r * cols;
      let mx = -Infinity;
      for (let c = 0; c < cols; c++) mx = Math.max(mx, X[xr + c]);
      let s = 0;
      for (let c = 0; c < cols; c++) s += Math.exp(X[xr + c] - mx);
      for (let c = 0; c < cols; c++) Y[yr + c] = Math.exp(X[xr + c] - mx) / s;
    }
  }
  softmaxBackward(dx: Ref, dy: Ref, y: Ref, rows: number, cols: number, accumulate: boolean): void {
    const [DX, dxo] = f(dx);
    const [DY, dyo] = f(dy);
    const [Y, yo] = f(y);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += DY[dyo + o + c] * Y[yo + o + c];
      for (let c = 0; c < cols; c++) {
        const g = Y[yo + o + c] * (DY[dyo + o + c] - dot);
        DX[dxo + o + c] = accumulate ? DX[dxo + o + c] + g : g;
      }
    }
  }

  attention(a: AttentionArgs): void {
    const { B, T, Tq, H, dh, scale } = a;
    const [Q, qo] = f(a.qkv);
    const [Z, zo] = f(a.out);
    const [P, po] = f(a.att);
    const HD = H * dh;
    const row = 3 * HD;
    // Large batches in WebAssembly (bit for bit these loops); small ones are not worth the copies.
    if (B * T * row >= ATTENTION_WASM_MIN && gemmOptions.wasm && wasmAttention(Q, qo, Z, zo, P, po, B, T, Tq, H, dh, scale)) return;
    const s = new Float64Array(T);
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        for (let iq = 0; iq < Tq; iq++) {
          const t = T - Tq + iq;
          const q = qo + (b * T + t) * row + h * dh;
          let mx = -Infinity;
          for (let j = 0; j <= t; j++) {
            const k = qo + (b * T + j) * row + HD + h * dh;
            let dot = 0;
            for (let d = 0; d < dh; d++) dot += Q[q + d] * Q[k + d];
            s[j] = dot * scale;
            if (s[j] > mx) mx = s[j];
          }
          let sum = 0;
          for (let j = 0; j <= t; j++) {
            s[j] = Math.exp(s[j] - mx);
            sum += s[j];
          }
          const pr = po + ((b * H + h) * Tq + iq) * T;
          const z = zo + (b * Tq + iq) * HD + h * dh;
          for (let d = 0; d < dh; d++) Z[z + d] = 0;
          for (let j = 0; j < T; j++) {
            const pj = j <= t ? s[j] / sum : 0;
            P[pr + j] = pj;
            if (j > t) continue;
            const v = qo + (b * T + j) * row + 2 * HD + h * dh;
            for (let d = 0; d < dh; d++) Z[z + d] += pj * Q[v + d];
          }
        }
      }
    }
  }
  attentionBackward(a: AttentionBackwardArgs): void {
    const { B, T, Tq, H, dh, scale } = a;
    const [Q, qo] = f(a.qkv);
    const [P, po] = f(a.att);
    const [DZ, dzo] = f(a.dout);
    const [DQ, dqo] = f(a.dqkv);
    const HD = H * dh;
    const row = 3 * HD;
    if (Tq === 1 && !a.accumulate) {
      // Large batches in WebAssembly (bit for bit the TypeScript function); small ones are not worth the copies.
      if (B * T * row >= ATTENTION_WASM_MIN && gemmOptions.wasm && wasmAttentionBackwardLastQuery(Q, qo, P, po, DZ, dzo, DQ, dqo, B, T, H, dh, scale)) return;
      return attentionBackwardLastQuery(Q, qo, P, po, DZ, dzo, DQ, dqo, B, T, H, dh, scale);
    }
    if (!a.accumulate) DQ.fill(0, dqo, dqo + B * T * row);
    const dp = new Float64Array(T);
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        for (let iq = 0; iq < Tq; iq++) {
          const t = T - Tq + iq;
          const pr = po + ((b * H + h) * Tq + iq) * T;
          const dz = dzo + (b * Tq + iq) * HD + h * dh;
          // dp_j = dz . v_j ; dv_j += p_j dz
          let dot = 0;
          for (let j = 0; j <= t; j++) {
            const v = (b * T + j) * row + 2 * HD + h * dh;
            const pj = P[pr + j];
            let acc = 0;
            for (let d = 0; d < dh; d++) {
              acc += DZ[dz + d] * Q[qo + v + d];
              DQ[dqo + v + d] += pj * DZ[dz + d];
            }
            dp[j] = acc;
            dot += pj * acc;
          }
          // ds_j = p_j (dp_j - sum_k p_k dp_k); dq += scale ds_j k_j; dk_j += scale ds_j q
          const q = (b * T + t) * row + h * dh;
          for (let j = 0; j <= t; j++) {
            const ds = P[pr + j] * (dp[j] - dot) * scale;
            const k = (b * T + j) * row + HD + h * dh;
            for (let d = 0; d < dh; d++) {
              DQ[dqo + q + d] += ds * Q[qo + k + d];
              DQ[dqo + k + d] += ds * Q[qo + q + d];
            }
          }
        }
      }
    }
  }

  /**
   * Attention over rows of a table (see AttentionRowsArgs). In WebAssembly the table's rows and the index
   * are copied into the module's memory and the kernels read each row through the index (wasm/attention.ts);
   * otherwise the rows are gathered into a buffer and the TypeScript loops run. Either way bit for bit
   * gatherRows, then attention.
   */
  attentionRows(a: AttentionRowsArgs): void {
    const { B, T, Tq, H, dh, scale } = a;
    const row = 3 * H * dh;
    const src = this.#tableRows(a.qkv, a.rows, B * T, row);
    if (src && B * T * row >= ATTENTION_WASM_MIN && gemmOptions.wasm) {
      const [Z, zo] = f(a.out);
      const [P, po] = f(a.att);
      if (attentionIn(src, Z, zo, P, po, B, T, Tq, H, dh, scale)) return;
    }
    const rows = this.#temp(B * T * row, 'attention rows');
    this.gatherRows(rows, a.qkv, a.rows, B * T, row);
    this.attention({ ...a, qkv: rows });
  }
  /** Its backward (see AttentionRowsBackwardArgs): bit for bit attentionBackward, then scatterAddRows. */
  attentionRowsBackward(a: AttentionRowsBackwardArgs): void {
    const { B, T, Tq, H, dh, scale } = a;
    const row = 3 * H * dh;
    const src = this.#tableRows(a.qkv, a.rows, B * T, row);
    if (src && Tq === 1 && B * T * row >= ATTENTION_WASM_MIN && gemmOptions.wasm) {
      const [P, po] = f(a.att);
      const [DZ, dzo] = f(a.dout);
      const [DT, dto] = f(a.dqkv);
      if (DT instanceof Float32Array && dto + src.rows * row <= DT.length) {
        const dst = { dtable: DT, to: dto, idx: src.idx, io: src.io, rows: src.rows };
        if (attentionBackwardLastQueryIn(src, P, po, DZ, dzo, dst, B, T, H, dh, scale)) return;
      }
    }
    const rows = this.#temp(B * T * row, 'attention rows');
    const drows = this.#temp(B * T * row, 'attention rows grad');
    this.gatherRows(rows, a.qkv, a.rows, B * T, row);
    this.attentionBackward({ ...a, qkv: rows, dqkv: drows, accumulate: false });
    this.scatterAddRows(a.dqkv, drows, a.rows, B * T, row);
  }
  /** The table and index of attentionRows when every index is a row of the table (else null: the caller gathers). */
  #tableRows(qkv: Ref, rows: Ref, n: number, row: number): { table: Float32Array; to: number; idx: Int32Array; io: number; rows: number } | null {
    const [table, to] = f(qkv);
    const [idx, io] = iv(rows);
    if (!(table instanceof Float32Array)) return null;
    const inTable = Math.floor((table.length - to) / row);
    let reach = 0;
    for (let i = 0; i < n; i++) {
      const r = idx[io + i];
      if (!(r >= 0 && r < inTable)) return null;
      if (r >= reach) reach = r + 1;
    }
    return { table, to, idx, io, rows: reach };
  }

  layerNorm(y: Ref, mean: Ref, rstd: Ref, x: Ref, gamma: Ref, beta: Ref, rows: number, cols: number, eps: number): void {
    const [Y, yo] = f(y);
    const [MU, muo] = f(mean);
    const [RS, rso] = f(rstd);
    const [X, xo] = f(x);
    const [G, go] = f(gamma);
    const [Be, beo] = f(beta);
    for (let r = 0; r < rows; r++) {
      const xr = xo + r * cols;
      let m = 0;
      for (let c = 0; c < cols; c++) m += X[xr + c];
      m /= cols;
      let v = 0;
      for (let c = 0; c < cols; c++) v += (X[xr + c] - m) ** 2;
      v /= cols;
      const rs = 1 / Math.sqrt(v + eps);
      MU[muo + r] = m;
      RS[rso + r] = rs;
      const yr = yo + r * cols;
      for (let c = 0; c < cols; c++) Y[yr + c] = (X[xr + c] - m) * rs * G[go + c] + Be[beo + c];
    }
  }
  layerNormBackward(
    dx: Ref, dgamma: Ref, dbeta: Ref, dy: Ref, x: Ref, mean: Ref, rstd: Ref, gamma: Ref,
    rows: number, cols: number, accumulate: boolean,
  ): void {
    const [DX, dxo] = f(dx);
    const [DG, dgo] = f(dgamma);
    const [DB, dbo] = f(dbeta);
    const [DY, dyo] = f(dy);
    const [X, xo] = f(x);
    const [MU, muo] = f(mean);
    const [RS, rso] = f(rstd);
    const [G, go] = f(gamma);
    for (let r = 0; r < rows; r++) {
      const m = MU[muo + r];
      const rs = RS[rso + r];
      const o = r * cols;
      // dnorm = dy * gamma; dx = rstd * (dnorm - mean(dnorm) - xhat * mean(dnorm * xhat))
      let mdn = 0;
      let mdnx = 0;
      for (let c = 0; c < cols; c++) {
        const xhat = (X[xo + o + c] - m) * rs;
        const dn = DY[dyo + o + c] * G[go + c];
        mdn += dn;
        mdnx += dn * xhat;
        DG[dgo + c] += DY[dyo + o + c] * xhat;
        DB[dbo + c] += DY[dyo + o + c];
      }
      mdn /= cols;
      mdnx /= cols;
      for (let c = 0; c < cols; c++) {
        const xhat = (X[xo + o + c] - m) * rs;
        const g = rs * (DY[dyo + o + c] * G[go + c] - mdn - xhat * mdnx);
        DX[dxo + o + c] = accumulate ? DX[dxo + o + c] + g : g;
      }
    }
  }

  lstmCell(a: LstmCellArgs): void {
    lstmCellCpu(f(a.pre), f(a.cPrev), f(a.gates), f(a.c), f(a.h), a.B, a.H);
  }
  lstmCellBackward(a: LstmCellBackwardArgs): void {
    lstmCellBackwardCpu({
      gates: f(a.gates), cPrev: f(a.cPrev), c: f(a.c), dh: a.dh ? f(a.dh) : null, dc: a.dc ? f(a.dc) : null,
      dpre: f(a.dpre), dcPrev: f(a.dcPrev), accumulatePre: a.accumulatePre, accumulateCPrev: a.accumulateCPrev,
    }, a.B, a.H);
  }

  /** The forward keeps softmax - onehot for the backward: n * cols doubles (two f32 slots each). */
  crossEntropySavedLength(n: number, cols: number): number {
    return 2 * n * cols;
  }
  /** The doubles of a `saved` buffer (crossEntropySavedLength), or null. */
  #saved(saved: Ref | null | undefined, n: number, cols: number): Float64Array | null {
    if (!saved) return null;
    const { buf, offset } = resolve(saved);
    const d = (buf as CpuBuf).data;
    if (d instanceof Float64Array) return d.subarray(offset, offset + n * cols);
    if ((d.byteOffset + 4 * offset) % 8 !== 0) throw new Error(`crossEntropy: saved buffer ${buf.label} is not 8-byte aligned`);
    return new Float64Array(d.buffer, d.byteOffset + 4 * offset, n * cols);
  }

  crossEntropy(loss: Ref, logits: Ref, rows: Ref | null, targets: Ref, n: number, cols: number, saved?: Ref | null): void {
    const [L, lo] = f(loss);
    const [X, xo] = f(logits);
    const [Tg, to] = iv(targets);
    const R = rows ? iv(rows) : null;
    // softmax - onehot, kept for the backward where the op gave room (all rows only).
    const Q = R ? null : this.#saved(saved, n, cols);
    // On the matmul's threads, split by rows (xent-rows.ts: this loop's arithmetic, the same bits).
    if (!R && threadedCrossEntropy(L, lo, X, xo, Tg, to, null, 0, n, cols, false, Q)) return;
    for (let i = 0; i < n; i++) {
      const r = R ? R[0][R[1] + i] : i;
      const xr = xo + r * cols;
      let mx = -Infinity;
      for (let c = 0; c < cols; c++) mx = Math.max(mx, X[xr + c]);
      let s = 0;
      if (Q) {
        const qr = i * cols;
        for (let c = 0; c < cols; c++) s += Q[qr + c] = Math.exp(X[xr + c] - mx);
        const t = Tg[to + i];
        for (let c = 0; c < cols; c++) Q[qr + c] = Q[qr + c] / s - (c === t ? 1 : 0);
      } else for (let c = 0; c < cols; c++) s += Math.exp(X[xr + c] - mx);
      L[lo + i] = mx + Math.log(s) - X[xr + Tg[to + i]];
    }
  }
  crossEntropyBackward(
    dlogits: Ref, dloss: Ref, logits: Ref, rows: Ref | null, targets: Ref, n: number, cols: number, accumulate: boolean,
    saved?: Ref | null,
  ): void {
    const [D, dO] = f(dlogits);
    const [DL, dlo] = f(dloss);
    const [X, xo] = f(logits);
    const [Tg, to] = iv(targets);
    const R = rows ? iv(rows) : null;
    // The forward's softmax - onehot, where it kept them: the same doubles, without an exp.
    const Q = R ? null : this.#saved(saved, n, cols);
    if (!R && !accumulate && threadedCrossEntropy(D, dO, X, xo, Tg, to, DL, dlo, n, cols, true, Q)) return;
    if (Q) {
      for (let i = 0; i < n; i++) {
        const g = DL[dlo + i];
        const dr = dO + i * cols;
        const qr = i * cols;
        if (accumulate) for (let c = 0; c < cols; c++) D[dr + c] += g * Q[qr + c];
        else for (let c = 0; c < cols; c++) D[dr + c] = g * Q[qr + c];
      }
      return;
    }
    const e = new Float64Array(cols); // exp(x - max) of one row: computed once, used twice
    for (let i = 0; i < n; i++) {
      const r = R ? R[0][R[1] + i] : i;
      const xr = xo + r * cols;
      const dr = dO + r * cols;
      let mx = -Infinity;
      for (let c = 0; c < cols; c++) mx = Math.max(mx, X[xr + c]);
      let s = 0;
      for (let c = 0; c < cols; c++) s += e[c] = Math.exp(X[xr + c] - mx);
      const g = DL[dlo + i];
      const t = Tg[to + i];
      if (accumulate) for (let c = 0; c < cols; c++) D[dr + c] += g * (e[c] / s - (c === t ? 1 : 0));
      else for (let c = 0; c < cols; c++) D[dr + c] = g * (e[c] / s - (c === t ? 1 : 0));
    }
  }

  adamw(a: AdamWArgs): void {
    const [P, po] = f(a.params);
    const [G, go] = f(a.grads);
    const [M, mo] = f(a.m);
    const [V, vo] = f(a.v);
    const { lr, beta1, beta2, eps, weightDecay, step, n } = a;
    const decay = 1 - lr * weightDecay;
    const bc1 = 1 - beta1 ** step;
    const sqrtBc2 = Math.sqrt(1 - beta2 ** step);
    const stepSize = lr / bc1;
    // In the kernels' memory, split across threads (wasm/elementwise.ts: this loop's doubles, the same bits).
    if (n >= ELEMENTWISE_WASM_MIN && wasmAdamW(P, po, G, go, M, mo, V, vo, n, { beta1, beta2, decay, stepSize, sqrtBc2, eps })) return;
    for (let i = 0; i < n; i++) {
      const g = G[go + i];
      const m = (M[mo + i] = beta1 * M[mo + i] + (1 - beta1) * g);
      const v = (V[vo + i] = beta2 * V[vo + i] + (1 - beta2) * g * g);
      P[po + i] = P[po + i] * decay - stepSize * (m / (Math.sqrt(v) / sqrtBc2 + eps));
    }
  }
}
