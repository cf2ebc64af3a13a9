/**
 * Attention backward for the final query alone (cpu/backend.ts's attentionBackwardLastQuery) in
 * WebAssembly (gemm.wat's attn_bwd_last): Q|K|V, the pattern and the output's gradient are copied into the
 * module's memory, the kernel writes every slot of dqkv there with the TypeScript function's arithmetic
 * in its order (doubles where it uses doubles), and dqkv is copied out: bit for bit the TypeScript result.
 * Returns false, having done nothing, where it does not apply (no SIMD module, float64 arrays).
 * With the matmul's threads running, the sequences are split between them (gemm-threads.ts runBatches):
 * each sequence is still computed by one thread with the same code, so the bits do not change.
 */
import { gemmThreadsNow, simdInstance } from './gemm';

/** Below this many sequences the attention kernels stay on one thread (posting a share costs ~10-50 µs). */
const THREADED_MIN_B = 64;

/**
 * Where the B*T rows of Q|K|V come from: a dense buffer (row b*T + t at Q[qo + (b*T + t) * row]), or rows
 * of a table picked by an index (row idx[io + b*T + t] of table, at to; the caller has checked every index).
 * Either way the rows are copied into the module's memory in b*T + t order, so the kernels see the same values.
 */
export type QkvSource = { Q: Float32Array; qo: number } | { table: Float32Array; to: number; idx: Int32Array; io: number };
/**
 * Where the rows' gradient goes: a dense buffer, written; or added into rows of a table's gradient,
 * dtable[idx[io + i]] += row i for i = 0, 1, … (gemm.wat's scatter_add_rows, the order scatterAddRows adds
 * in). `rows` is how many rows of the table the index can reach (its largest index + 1).
 */
export type DqkvTarget = { DQ: Float32Array; dqo: number } | { dtable: Float32Array; to: number; idx: Int32Array; io: number; rows: number };

function copyRowsIn(mem: Float32Array, at: number, src: QkvSource, n: number, row: number): void {
  if ('Q' in src) {
    mem.set(src.Q.subarray(src.qo, src.qo + n * row), at);
    return;
  }
  const { table, to, idx, io } = src;
  for (let i = 0; i < n; i++) {
    const s = to + idx[io + i] * row;
    mem.set(table.subarray(s, s + row), at + i * row);
  }
}

function ensureMemory(k: { memory: WebAssembly.Memory }, bytes: number): void {
  const have = k.memory.buffer.byteLength;
  if (bytes > have) k.memory.grow(Math.ceil((bytes - have) / 65536));
}

export function wasmAttentionBackwardLastQuery(
  Q: Float32Array, qo: number, P: Float32Array, po: number, DZ: Float32Array, dzo: number, DQ: Float32Array, dqo: number,
  B: number, T: number, H: number, dh: number, scale: number,
): boolean {
  if (!(Q instanceof Float32Array) || !(DQ instanceof Float32Array)) return false;
  return attentionBackwardLastQueryIn({ Q, qo }, P, po, DZ, dzo, { DQ, dqo }, B, T, H, dh, scale);
}

/** wasmAttentionBackwardLastQuery from either source to either target (QkvSource, DqkvTarget). */
export function attentionBackwardLastQueryIn(
  src: QkvSource, P: Float32Array, po: number, DZ: Float32Array, dzo: number, dst: DqkvTarget,
  B: number, T: number, H: number, dh: number, scale: number,
): boolean {
  if (!(P instanceof Float32Array) || !(DZ instanceof Float32Array)) return false;
  if (B === 0 || T === 0 || H === 0 || dh === 0) return false;
  const k = simdInstance();
  if (!k) return false;
  const HD = H * dh;
  const row = 3 * HD;
  const qLen = B * T * row;
  const pLen = B * H * T;
  const dzLen = B * HD;
  // Layout (elements of 4 bytes): [qkv | pattern | dz | dqkv | dp (T doubles per thread) | table rows | idx].
  const pOff = qLen;
  const dzOff = pOff + pLen;
  const dqOff = dzOff + dzLen;
  const dpOff = Math.ceil((dqOff + qLen) / 2) * 2;
  const threads = B >= THREADED_MIN_B ? gemmThreadsNow() : null;
  const scratch = threads ? threads.helpers + 1 : 1;
  const tOff = Math.ceil((dpOff + 2 * T * scratch) / 4) * 4;
  const tLen = 'dtable' in dst ? dst.rows * row : 0;
  const iOff = tOff + tLen;
  ensureMemory(k, (iOff + ('dtable' in dst ? B * T : 0)) * 4);
  const mem = new Float32Array(k.memory.buffer);
  copyRowsIn(mem, 0, src, B * T, row);
  mem.set(P.subarray(po, po + pLen), pOff);
  mem.set(DZ.subarray(dzo, dzo + dzLen), dzOff);
  if (threads) {
    const row4 = 4 * row;
    threads.runBatches(B, (b0, b1, t) => ({
      kind: 'attn_bwd_last',
      ints: [b0 * T * row4, 4 * (pOff + b0 * H * T), 4 * (dzOff + b0 * HD), 4 * dqOff + b0 * T * row4, 4 * (dpOff + 2 * T * t), b1 - b0, T, H, dh],
      scale,
    }));
  } else k.attn_bwd_last(0, 4 * pOff, 4 * dzOff, 4 * dqOff, 4 * dpOff, B, T, H, dh, scale);
  if ('DQ' in dst) {
    dst.DQ.set(mem.subarray(dqOff, dqOff + qLen), dst.dqo);
    return true;
  }
  // Into the table's gradient, reading the rows' gradient where the kernel wrote it.
  mem.set(dst.dtable.subarray(dst.to, dst.to + tLen), tOff);
  new Int32Array(k.memory.buffer).set(dst.idx.subarray(dst.io, dst.io + B * T), iOff);
  k.scatter_add_rows(4 * tOff, 4 * dqOff, 4 * iOff, B * T, row);
  dst.dtable.set(mem.subarray(tOff, tOff + tLen), dst.to);
  return true;
}

/**
 * Causal attention forward (cpu/backend.ts's attention) in WebAssembly (gemm.wat's attn_fwd, with
 * JavaScript's own Math.exp imported): Q|K|V is copied in, z and the pattern copied out; bit for bit the
 * TypeScript loops, split by sequences across the matmul's threads when they run. Returns false, having
 * done nothing, where it does not apply.
 */
export function wasmAttention(
  Q: Float32Array, qo: number, Z: Float32Array, zo: number, P: Float32Array, po: number,
  B: number, T: number, Tq: number, H: number, dh: number, scale: number,
): boolean {
  if (!(Q instanceof Float32Array)) return false;
  return attentionIn({ Q, qo }, Z, zo, P, po, B, T, Tq, H, dh, scale);
}

/** wasmAttention from either source (QkvSource). */
export function attentionIn(
  src: QkvSource, Z: Float32Array, zo: number, P: Float32Array, po: number,
  B: number, T: number, Tq: number, H: number, dh: number, scale: number,
): boolean {
  if (!(Z instanceof Float32Array) || !(P instanceof Float32Array)) return false;
  if (B === 0 || T === 0 || Tq === 0 || H === 0 || dh === 0) return false;
  const k = simdInstance();
  if (!k) return false;
  const HD = H * dh;
  const qLen = B * T * 3 * HD;
  const zLen = B * Tq * HD;
  const pLen = B * H * Tq * T;
  // Layout (elements of 4 bytes): [qkv | z | pattern | s (T doubles per thread)].
  const zOff = qLen;
  const pOff = zOff + zLen;
  const sOff = Math.ceil((pOff + pLen) / 2) * 2;
  const threads = B >= THREADED_MIN_B ? gemmThreadsNow() : null;
  const scratch = threads ? threads.helpers + 1 : 1;
  ensureMemory(k, (sOff + 2 * T * scratch) * 4);
  const mem = new Float32Array(k.memory.buffer);
  copyRowsIn(mem, 0, src, B * T, 3 * HD);
  if (threads) {
    const row4 = 4 * 3 * HD;
    threads.runBatches(B, (b0, b1, t) => ({
      kind: 'attn_fwd',
      ints: [b0 * T * row4, 4 * (zOff + b0 * Tq * HD), 4 * (pOff + b0 * H * Tq * T), 4 * (sOff + 2 * T * t), b1 - b0, T, Tq, H, dh],
      scale,
    }));
  } else k.attn_fwd(0, 4 * zOff, 4 * pOff, 4 * sOff, B, T, Tq, H, dh, scale);
  Z.set(mem.subarray(zOff, zOff + zLen), zo);
  P.set(mem.subarray(pOff, pOff + pLen), po);
  return true;
}
