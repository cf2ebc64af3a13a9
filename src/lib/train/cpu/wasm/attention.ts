/**
 * Attention backward for the final query alone (cpu/backend.ts's attentionBackwardLastQuery) in
 * WebAssembly (gemm.wat's attn_bwd_last): Q|K|V (or the table its rows come from, and the index), the
 * pattern and the output's gradient are copied into the module's memory, the kernel writes every slot of
 * dqkv there with the TypeScript function's arithmetic in its order (doubles where it uses doubles), and
 * dqkv is copied out (or added into the table's gradient there): bit for bit the TypeScript result.
 * Returns false, having done nothing, where it does not apply (no SIMD module, float64 arrays).
 * With the matmul's threads running, the sequences are split between them (gemm-threads.ts runBatches):
 * each sequence is still computed by one thread with the same code, so the bits do not change.
 */
import { gemmThreadsNow, simdInstance, type Kernel } from './gemm';

/** Below this many sequences the attention kernels stay on one thread (posting a share costs ~10-50 µs). */
const THREADED_MIN_B = 64;

/**
 * Where the B*T rows of Q|K|V come from: a dense buffer (row b*T + t at Q[qo + (b*T + t) * row]), or rows
 * of a table picked by an index (row idx[io + b*T + t] of table, at to; the caller has checked every index,
 * and `rows` is the largest + 1). A dense buffer is copied into the module's memory; for a table, only its
 * `rows` rows and the index are, and the kernels read each row through the index (their `idx` argument):
 * the same values in the same order, without a [B*T] copy.
 */
export type QkvSource = { Q: Float32Array; qo: number } | { table: Float32Array; to: number; idx: Int32Array; io: number; rows: number };
/**
 * Where the rows' gradient goes: a dense buffer, written; or added into rows of a table's gradient,
 * dtable[idx[io + i]] += row i for i = 0, 1, … (gemm.wat's scatter_add_rows, the order scatterAddRows adds
 * in). `rows` is how many rows of the table the index can reach (its largest index + 1).
 */
export type DqkvTarget = { DQ: Float32Array; dqo: number } | { dtable: Float32Array; to: number; idx: Int32Array; io: number; rows: number };

/** Elements the source takes at the start of the module's memory: the dense rows, or the table's rows and the index. */
function sourceLength(src: QkvSource, n: number, row: number): number {
  return 'Q' in src ? n * row : src.rows * row + n;
}

/**
 * Copies the source to the start of the module's memory; returns the kernels' `q` and `idx` arguments for
 * a share starting at sequence b0 (bytes; idx -1 for dense rows).
 */
function placeSource(k: Kernel, src: QkvSource, n: number, row: number): (b0: number, T: number) => [number, number] {
  const mem = new Float32Array(k.memory.buffer);
  if ('Q' in src) {
    mem.set(src.Q.subarray(src.qo, src.qo + n * row), 0);
    return (b0, T) => [4 * b0 * T * row, -1];
  }
  const tLen = src.rows * row;
  mem.set(src.table.subarray(src.to, src.to + tLen), 0);
  new Int32Array(k.memory.buffer).set(src.idx.subarray(src.io, src.io + n), tLen);
  return (b0, T) => [0, 4 * (tLen + b0 * T)];
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
  const n = B * T;
  const qLen = n * row;
  const pLen = B * H * T;
  const dzLen = B * HD;
  // Layout (elements of 4 bytes): [source | pattern | dz | dqkv | dp (T doubles per thread) | table grad rows | idx].
  const pOff = sourceLength(src, n, row);
  const dzOff = pOff + pLen;
  const dqOff = dzOff + dzLen;
  const dpOff = Math.ceil((dqOff + qLen) / 2) * 2;
  const threads = B >= THREADED_MIN_B ? gemmThreadsNow() : null;
  const scratch = threads ? threads.helpers + 1 : 1;
  const tOff = Math.ceil((dpOff + 2 * T * scratch) / 4) * 4;
  const tLen = 'dtable' in dst ? dst.rows * row : 0;
  const iOff = tOff + tLen;
  ensureMemory(k, (iOff + ('dtable' in dst ? n : 0)) * 4);
  const at = placeSource(k, src, n, row);
  const mem = new Float32Array(k.memory.buffer);
  mem.set(P.subarray(po, po + pLen), pOff);
  mem.set(DZ.subarray(dzo, dzo + dzLen), dzOff);
  if (threads) {
    const row4 = 4 * row;
    threads.runBatches(B, (b0, b1, t) => {
      const [q, idx] = at(b0, T);
      return {
        kind: 'attn_bwd_last',
        ints: [q, 4 * (pOff + b0 * H * T), 4 * (dzOff + b0 * HD), 4 * dqOff + b0 * T * row4, 4 * (dpOff + 2 * T * t), b1 - b0, T, H, dh, idx],
        scale,
      };
    });
  } else {
    const [q, idx] = at(0, T);
    k.attn_bwd_last(q, 4 * pOff, 4 * dzOff, 4 * dqOff, 4 * dpOff, B, T, H, dh, idx, scale);
  }
  if ('DQ' in dst) {
    dst.DQ.set(mem.subarray(dqOff, dqOff + qLen), dst.dqo);
    return true;
  }
  // Into the table's gradient, reading the rows' gradient where the kernel wrote it.
  mem.set(dst.dtable.subarray(dst.to, dst.to + tLen), tOff);
  new Int32Array(k.memory.buffer).set(dst.idx.subarray(dst.io, dst.io + n), iOff);
  k.scatter_add_rows(4 * tOff, 4 * dqOff, 4 * iOff, n, row);
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
  const row = 3 * HD;
  const zLen = B * Tq * HD;
  const pLen = B * H * Tq * T;
  // Layout (elements of 4 bytes): [source | z | pattern | s (T doubles per thread)].
  const zOff = sourceLength(src, B * T, row);
  const pOff = zOff + zLen;
  const sOff = Math.ceil((pOff + pLen) / 2) * 2;
  const threads = B >= THREADED_MIN_B ? gemmThreadsNow() : null;
  const scratch = threads ? threads.helpers + 1 : 1;
  ensureMemory(k, (sOff + 2 * T * scratch) * 4);
  const at = placeSource(k, src, B * T, row);
  const mem = new Float32Array(k.memory.buffer);
  if (threads) {
    threads.runBatches(B, (b0, b1, t) => {
      const [q, idx] = at(b0, T);
      return {
        kind: 'attn_fwd',
        ints: [q, 4 * (zOff + b0 * Tq * HD), 4 * (pOff + b0 * H * Tq * T), 4 * (sOff + 2 * T * t), b1 - b0, T, Tq, H, dh, idx],
        scale,
      };
    });
  } else {
    const [q, idx] = at(0, T);
    k.attn_fwd(q, 4 * zOff, 4 * pOff, 4 * sOff, B, T, Tq, H, dh, idx, scale);
  }
  Z.set(mem.subarray(zOff, zOff + zLen), zo);
  P.set(mem.subarray(pOff, pOff + pLen), po);
  return true;
}
