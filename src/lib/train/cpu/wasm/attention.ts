/**
 * Attention backward for the final query alone (cpu/backend.ts's attentionBackwardLastQuery) in
 * WebAssembly (gemm.wat's attn_bwd_last): Q|K|V (or the table its rows come from, and the index), the
 * pattern and the output's gradient are copied into the module's memory, the kernel writes every slot of
 * dqkv there with the TypeScript function's arithmetic in its order (doubles where it uses doubles), and
 * dqkv is copied out (or added into the table's gradient there): bit for bit the TypeScript result.
 * Returns false, having done nothing, where it does not apply (no SIMD module, float64 arrays).
 * Operands that live in the module's memory already (arena.ts: while the threads run) are used where
 * they are, not copied. With the matmul's threads running, the sequences are split between them (gemm-threads.ts runBatches):
 * each sequence is still computed by one thread with the same code, so the bits do not change.
 */
import { gemmThreadsNow, simdInstance } from './gemm';
import { Layout } from './arena';
import { scatterAt } from './scatter';

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

/**
 * Places the source (arena.ts's Layout: where it is, or copied into scratch; for a table only its
 * `rows` rows and the index); returns the kernels' `q` and `idx` arguments for a share starting at
 * sequence b0 (bytes; idx -1 for dense rows) and, after L.ready(), a function that copies it in.
 */
function placeSource(L: Layout, src: QkvSource, n: number, row: number): { at: (b0: number, T: number) => [number, number]; copyIn: () => void } {
  if ('Q' in src) {
    const q = L.place(src.Q, src.qo, n * row);
    return { at: (b0, T) => [q.at + 4 * b0 * T * row, -1], copyIn: () => L.copyIn(q, src.Q, src.qo, n * row) };
  }
  const tLen = src.rows * row;
  const t = L.place(src.table, src.to, tLen);
  const i = L.place(src.idx, src.io, n);
  return {
    at: (b0, T) => [t.at, i.at + 4 * b0 * T],
    copyIn: () => {
      L.copyIn(t, src.table, src.to, tLen);
      L.copyIn(i, src.idx, src.io, n);
    },
  };
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
  // Each operand where it is in the module's memory, else copied into scratch (arena.ts's Layout); the
  // rows' gradient in scratch when it goes into a table's, dp (T doubles per thread) in scratch.
  const threads = B >= THREADED_MIN_B ? gemmThreadsNow() : null;
  const shares = threads ? threads.helpers + 1 : 1;
  const L = new Layout(k);
  const source = placeSource(L, src, n, row);
  const p = L.place(P, po, pLen);
  const dz = L.place(DZ, dzo, dzLen);
  const dq = 'DQ' in dst ? L.place(dst.DQ, dst.dqo, qLen) : { at: L.take(4 * qLen), resident: false };
  const dpAt = L.take(16 * T * shares);
  const tLen = 'dtable' in dst ? dst.rows * row : 0;
  const dt = 'dtable' in dst ? L.place(dst.dtable, dst.to, tLen) : null;
  const di = 'dtable' in dst ? L.place(dst.idx, dst.io, n) : null;
  L.ready();
  source.copyIn();
  L.copyIn(p, P, po, pLen);
  L.copyIn(dz, DZ, dzo, dzLen);
  const at = source.at;
  if (threads) {
    const row4 = 4 * row;
    threads.runBatches(B, (b0, b1, t) => {
      const [q, idx] = at(b0, T);
      return {
        kind: 'attn_bwd_last',
        ints: [q, p.at + 4 * b0 * H * T, dz.at + 4 * b0 * HD, dq.at + b0 * T * row4, dpAt + 16 * T * t, b1 - b0, T, H, dh, idx],
        scale,
      };
    });
  } else {
    const [q, idx] = at(0, T);
    k.attn_bwd_last(q, p.at, dz.at, dq.at, dpAt, B, T, H, dh, idx, scale);
  }
  if ('DQ' in dst) {
    L.copyOut(dq, dst.DQ, dst.dqo, qLen);
    return true;
  }
  // Into the table's gradient, reading the rows' gradient where the kernel wrote it.
  L.copyIn(dt!, dst.dtable, dst.to, tLen);
  L.copyIn(di!, dst.idx, dst.io, n);
  scatterAt(k, dt!.at, dq.at, di!.at, n, row, dst.idx, dst.io, dst.rows);
  L.copyOut(dt!, dst.dtable, dst.to, tLen);
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
  // Each operand where it is in the module's memory, else in scratch (arena.ts's Layout); s (T doubles
  // per thread) in scratch.
  const threads = B >= THREADED_MIN_B ? gemmThreadsNow() : null;
  const shares = threads ? threads.helpers + 1 : 1;
  const L = new Layout(k);
  const source = placeSource(L, src, B * T, row);
  const z = L.place(Z, zo, zLen);
  const p = L.place(P, po, pLen);
  const sAt = L.take(16 * T * shares);
  L.ready();
  source.copyIn();
  const at = source.at;
  if (threads) {
    threads.runBatches(B, (b0, b1, t) => {
      const [q, idx] = at(b0, T);
      return {
        kind: 'attn_fwd',
        ints: [q, z.at + 4 * b0 * Tq * HD, p.at + 4 * b0 * H * Tq * T, sAt + 16 * T * t, b1 - b0, T, Tq, H, dh, idx],
        scale,
      };
    });
  } else {
    const [q, idx] = at(0, T);
    k.attn_fwd(q, z.at, p.at, sAt, B, T, Tq, H, dh, idx, scale);
  }
  L.copyOut(z, Z, zo, zLen);
  L.copyOut(p, P, po, pLen);
  return true;
}
